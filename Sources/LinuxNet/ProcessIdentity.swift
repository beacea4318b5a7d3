// A process named so that it can be recognised later, after a restart of whoever started it: its
// pid and its start time (in clock ticks since boot, from /proc/<pid>/stat), so a pid reused by
// an unrelated process is never mistaken for it.
import Foundation

/// A pid together with its start time.
public struct ProcessIdentity: Sendable, Equatable {
    /// The process id.
    public let pid: Int32
    /// Field 22 of /proc/<pid>/stat.
    public let startTime: UInt64

    /// The identity of the running process `pid`, or nil when it does not exist.
    public init?(pid: Int32) {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")")
        else { return nil }
        // After the command name: state is field 3, so start time (22) is the 20th field here.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let start = UInt64(fields[19]) else { return nil }
        self.pid = pid
        startTime = start
    }

    /// An identity read back from its `line` form.
    public init?(line: String) {
        let parts = line.split(separator: " ")
        guard parts.count == 2, let pid = Int32(parts[0]), let start = UInt64(parts[1].trimmingCharacters(in: .whitespacesAndNewlines))
        else { return nil }
        self.pid = pid
        startTime = start
    }

    /// `"<pid> <start time>"`.
    public var line: String { "\(pid) \(startTime)\n" }

    /// Whether this very process still exists (same pid, same start time).
    public var isAlive: Bool { ProcessIdentity(pid: pid) == self }
}
