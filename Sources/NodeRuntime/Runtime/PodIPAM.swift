// Pod IP addresses on the node's pod network: one per pod uid, persisted in a small JSON file so
// a restarted node gives running pods the addresses they had.
import Foundation
import Synchronization

/// Allocates pod IPs from a /16 (10.244.0.2 …), remembering them in `path`.
public final class PodIPAM: Sendable {
    private let path: String?
    private let base: UInt32
    private let size: UInt32
    private let state: Mutex<[String: String]>

    /// An allocator over `network`/16 (e.g. `10.244.0.0`), persisted at `path` (nil: memory only).
    public init(network: String = "10.244.0.0", path: String?) throws {
        guard let base = Self.parse(network) else { throw CocoaError(.coderInvalidValue) }
        self.base = base
        self.size = 1 << 16
        self.path = path
        var saved: [String: String] = [:]
        if let path, let data = FileManager.default.contents(atPath: path) {
            saved = (try? JSONDecoder().decode([String: String].self, from: data)) ?? [:]
        }
        state = Mutex(saved)
    }

    /// The address of pod `uid`, allocating the lowest free one if it has none.
    public func address(for uid: String) throws -> String {
        let (address, changed) = try state.withLock { table -> (String, Bool) in
            if let existing = table[uid] { return (existing, false) }
            let used = Set(table.values.compactMap(Self.parse))
            // .0 is the network, .1 the gateway, the last one broadcast.
            for offset in UInt32(2)..<(size - 1) where !used.contains(base + offset) {
                let text = Self.format(base + offset)
                table[uid] = text
                return (text, true)
            }
            throw CocoaError(.fileWriteOutOfSpace)
        }
        if changed { try save() }
        return address
    }

    /// Gives pod `uid`'s address back.
    public func release(_ uid: String) throws {
        let removed = state.withLock { $0.removeValue(forKey: uid) != nil }
        if removed { try save() }
    }

    /// Every allocation now (uid → address).
    public var allocations: [String: String] { state.withLock { $0 } }

    private func save() throws {
        guard let path else { return }
        let data = try JSONEncoder().encode(allocations)
        let tmp = path + ".tmp"
        try data.write(to: URL(fileURLWithPath: tmp))
        guard rename(tmp, path) == 0 else { throw CocoaError(.fileWriteUnknown) }
    }

    static func parse(_ text: String) -> UInt32? {
        let parts = text.split(separator: ".").compactMap { UInt32($0) }
        guard parts.count == 4, parts.allSatisfy({ $0 < 256 }) else { return nil }
        return parts.reduce(0) { $0 << 8 | $1 }
    }

    static func format(_ v: UInt32) -> String { "\(v >> 24).\(v >> 16 & 255).\(v >> 8 & 255).\(v & 255)" }
}
