// Reads a container log file as it grows, whole records at a time, and follows it across a
// rotation (when the path names a new file, the rest of the old one is read first).
import Foundation

/// An incremental reader of one log path.
struct LogFileReader {
    let path: String
    private var handle: FileHandle?
    private var inode: UInt64 = 0
    private var partial: [UInt8] = []

    init(path: String) {
        self.path = path
        open()
    }

    private mutating func open() {
        handle = FileHandle(forReadingAtPath: path)
        inode = (try? FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? UInt64) ?? 0
    }

    /// The complete records written since the last call.
    mutating func readComplete() -> [UInt8] {
        var bytes = partial
        if let handle { bytes += Array((try? handle.readToEnd()) ?? Data()) }
        let now = (try? FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? UInt64) ?? 0
        if now != 0, now != inode {
            try? handle?.close()
            open()
            if let handle { bytes += Array((try? handle.readToEnd()) ?? Data()) }
        }
        let end = (bytes.lastIndex(of: 0x0A).map { $0 + 1 }) ?? 0
        partial = Array(bytes[end...])
        return Array(bytes[..<end])
    }
}
