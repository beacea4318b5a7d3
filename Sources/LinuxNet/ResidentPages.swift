// Hands back the resident pages that only start-up needed. A long-running process maps far more
// of its executable than it keeps using: argument parsing, configuration decoding and certificate
// loading run once, and the kernel maps code in 64 KiB runs around every page it faults in. Pages
// of clean, read-only file mappings (code and constants) can be unmapped with MADV_DONTNEED
// without losing anything: they stay in the page cache, shared with every other process running
// the same file, and a later access maps them again. Mappings with copied-on-write pages
// (relocated data) are never touched, since dropping those would lose the relocation. Only the
// executable's and shared objects' mappings qualify: they stay mapped for the life of the process,
// so no address from the smaps snapshot can have been reused by other memory when madvise runs.
#if canImport(Glibc)
import Glibc
#endif

/// Drops the resident pages of clean, read-only file mappings.
public enum ResidentPages {
    /// One mapping of `/proc/self/smaps`, as far as the release needs it.
    public struct Mapping: Equatable, Sendable {
        /// First address.
        public var start: UInt
        /// One past the last address.
        public var end: UInt
        /// Permissions, e.g. `r-xp`.
        public var permissions: String
        /// The mapped file (empty for anonymous memory, `[name]` for special mappings).
        public var path: String
        /// Resident kilobytes.
        public var residentKB: Int
        /// Kilobytes no longer backed by the file (copied on write, or anonymous).
        public var anonymousKB: Int
        /// Whether the mapping is locked in memory.
        public var locked: Bool

        /// A mapping as smaps describes it.
        public init(
            start: UInt, end: UInt, permissions: String, path: String, residentKB: Int = 0, anonymousKB: Int = 0,
            locked: Bool = false
        ) {
            self.start = start
            self.end = end
            self.permissions = permissions
            self.path = path
            self.residentKB = residentKB
            self.anonymousKB = anonymousKB
            self.locked = locked
        }

        /// Whether dropping its resident pages loses nothing: a private, read-only mapping of a
        /// file, with no page that differs from the file, not locked, and something resident.
        public var isReleasable: Bool {
            let p = Array(permissions)
            return p.count == 4 && p[1] == "-" && p[3] == "p" && path.hasPrefix("/")
                && anonymousKB == 0 && !locked && residentKB > 0
        }
    }

    /// Parses the text of `/proc/<pid>/smaps`; lines it does not know are skipped.
    public static func mappings(smaps: String) -> [Mapping] {
        var result: [Mapping] = []
        for line in smaps.split(separator: "\n", omittingEmptySubsequences: true) {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let first = fields.first else { continue }
            if first.hasSuffix(":") {
                guard !result.isEmpty else { continue }
                let value = fields.count > 1 ? Int(fields[1]) : nil
                switch first {
                case "Rss:": result[result.count - 1].residentKB = value ?? 0
                case "Anonymous:": result[result.count - 1].anonymousKB = value ?? 0
                case "VmFlags:": result[result.count - 1].locked = fields.dropFirst().contains("lo")
                default: break
                }
                continue
            }
            let range = first.split(separator: "-")
            guard range.count == 2, fields.count >= 5,
                  let start = UInt(range[0], radix: 16), let end = UInt(range[1], radix: 16), start < end
            else { continue }
            let path = fields.count > 5 ? fields[5...].joined(separator: " ") : ""
            result.append(Mapping(start: start, end: end, permissions: String(fields[1]), path: path))
        }
        return result
    }

    /// What a release gave back.
    public struct Released: Sendable {
        /// Kilobytes of file pages unmapped.
        public var fileKB: Int
        /// Mappings they came from.
        public var mappings: Int
    }

    /// The releasable mappings of code that stays mapped: the executable's (`executable`, its
    /// path) and shared objects'. A data file mapped at run time is left alone: it may be unmapped
    /// and its addresses reused between the snapshot and the release.
    public static func releasable(_ mappings: [Mapping], executable: String?) -> [Mapping] {
        mappings.filter { m in
            m.isReleasable && (m.path == executable || m.path.hasSuffix(".so") || m.path.contains(".so."))
        }
    }

    /// Unmaps the resident pages of this process's releasable mappings.
    /// Returns nil when `/proc/self/smaps` cannot be read.
    @discardableResult
    public static func release() -> Released? {
        guard let smaps = ProcFile.read("/proc/self/smaps") else { return nil }
        let text = String(decoding: smaps, as: UTF8.self)
        var released = Released(fileKB: 0, mappings: 0)
        for mapping in releasable(mappings(smaps: text), executable: executablePath()) {
            guard let address = UnsafeMutableRawPointer(bitPattern: mapping.start) else { continue }
            if madvise(address, Int(mapping.end - mapping.start), MADV_DONTNEED) == 0 {
                released.fileKB += mapping.residentKB
                released.mappings += 1
            }
        }
        return released
    }

    /// The running executable's path, as smaps names it.
    private static func executablePath() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
