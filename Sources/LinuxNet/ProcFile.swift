// Reads a whole file of /proc with plain open(2)/read(2). The sidecar reads its own smaps and
// statm at run time; with `String(contentsOfFile:)` instead it measured ~3 MB more resident after
// handing start-up pages back (bench/proxy-rss.sh: 9.7 MB idle instead of 6.6).
#if canImport(Glibc)
import Glibc
#endif

/// Files of /proc, read whole.
enum ProcFile {
    /// The file's bytes, or nil when it cannot be opened or read.
    static func read(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return n == 0 ? bytes : nil }
            bytes.append(contentsOf: chunk[0..<n])
        }
    }
}
