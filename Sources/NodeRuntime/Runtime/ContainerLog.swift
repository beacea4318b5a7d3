// A container's log: its stdout and stderr are pipes the node reads, writing each line as a
// timestamped record (ContainerLogFormat) to `<name>.log`. Past `maxBytes` the file is rotated to
// `<name>.log.1` (one rotated file is kept), so a chatty container cannot fill the disk.
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Copies one container instance's output into its log file.
final class ContainerLog: Sendable {
    /// Where the log is written.
    let path: String
    let maxBytes: Int
    private let file = Mutex<(fd: Int32, size: Int, open: Int)>((-1, 0, 0))

    private init(path: String, maxBytes: Int) {
        self.path = path
        self.maxBytes = maxBytes
    }

    /// Starts copying into `path`; returns the write ends of the stdout and stderr pipes, which the
    /// caller hands to the container and then closes.
    static func start(path: String, maxBytes: Int = 10 << 20) throws -> (stdout: Int32, stderr: Int32) {
        let log = ContainerLog(path: path, maxBytes: maxBytes)
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ContainerLogError(path: path, errno: errno) }
        var info = stat()
        fstat(fd, &info)
        log.file.withLock { $0 = (fd, Int(info.st_size), 0) }
        let out: Int32, err: Int32
        do {
            out = try log.pipe(stream: "stdout")
        } catch {
            log.file.withLock { f in close(f.fd); f.fd = -1 }
            throw error
        }
        do {
            err = try log.pipe(stream: "stderr")
        } catch {
            close(out)  // its reader sees the end, closes the file and leaves
            throw error
        }
        return (out, err)
    }

    /// A pipe whose read end the log drains; returns the write end. Each pipe is drained by blocking
    /// reads on a thread of its own until the container's end closes it. (Close-on-exec is set
    /// right after pipe(2); the node's own spawns close every descriptor past stderr anyway, so
    /// no other child keeps a write end and the reader always sees the end.)
    private func pipe(stream: String) throws -> Int32 {
        var fds: [Int32] = [0, 0]
        guard Glibc.pipe(&fds) == 0 else { throw ContainerLogError(path: path, errno: errno) }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        let reader = fds[0]
        file.withLock { $0.open += 1 }
        Thread.detachNewThread { self.drain(reader, stream: stream) }
        return fds[1]
    }

    /// Copies what `reader` delivers into the log until its end (or an error), then closes it, and
    /// the file once no stream is left.
    private func drain(_ reader: Int32, stream: String) {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(reader, &buffer, buffer.count)
            if n < 0, errno == EINTR { continue }
            let time = ContainerLogFormat.timestamp(Date().timeIntervalSince1970)
            guard n > 0 else {
                append(ContainerLogFormat.encode([], pending: &pending, stream: stream, time: time, flush: true))
                break
            }
            append(ContainerLogFormat.encode(Array(buffer[0..<n]), pending: &pending, stream: stream, time: time))
        }
        close(reader)
        file.withLock { f in
            f.open -= 1
            if f.open == 0, f.fd >= 0 { close(f.fd); f.fd = -1 }
        }
    }

    /// Writes records, rotating first when the file is full (only while `path` is still this file).
    private func append(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        file.withLock { f in
            guard f.fd >= 0 else { return }
            if f.size + bytes.count > maxBytes, f.size > 0 {
                var mine = stat(), named = stat()
                if fstat(f.fd, &mine) == 0, stat(path, &named) == 0, mine.st_ino == named.st_ino {
                    rename(path, path + ".1")
                    let fresh = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
                    if fresh >= 0 {
                        close(f.fd)
                        f = (fresh, 0, f.open)
                    }
                }
            }
            let written = bytes.withUnsafeBytes { write(f.fd, $0.baseAddress, $0.count) }
            if written > 0 { f.size += written }
        }
    }
}

/// A log file or pipe that cannot be made.
struct ContainerLogError: Error, CustomStringConvertible {
    let path: String
    let errno: Int32
    var description: String { "cannot write the container log \(path): \(String(cString: strerror(errno)))" }
}
