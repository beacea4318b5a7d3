// A container's log: its stdout and stderr are pipes the node reads, writing each line as a
// timestamped record (ContainerLogFormat) to `<name>.log`. Past `maxBytes` the file is rotated to
// `<name>.log.1` (one rotated file is kept), so a chatty container cannot fill the disk.
import Dispatch
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
    private let queue = DispatchQueue(label: "osm.container-log")
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
        log.file.withLock { $0 = (fd, Int(info.st_size), 2) }
        let out = try log.pipe(stream: "stdout"), err = try log.pipe(stream: "stderr")
        return (out, err)
    }

    /// A pipe whose read end the log drains; returns the write end.
    private func pipe(stream: String) throws -> Int32 {
        var fds: [Int32] = [0, 0]
        guard Glibc.pipe(&fds) == 0 else { throw ContainerLogError(path: path, errno: errno) }
        let reader = fds[0]
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        _ = fcntl(reader, F_SETFL, fcntl(reader, F_GETFL) | O_NONBLOCK)
        let source = DispatchSource.makeReadSource(fileDescriptor: reader, queue: queue)
        nonisolated(unsafe) var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        source.setEventHandler {
            while true {
                let n = read(reader, &buffer, buffer.count)
                // Taken at once: formatting the timestamp calls into libc and the allocator, which
                // may leave another errno behind (an EAGAIN read as end of output once ended a
                // container's log early).
                let readError = n < 0 ? errno : 0
                let time = ContainerLogFormat.timestamp(Date().timeIntervalSince1970)
                if n > 0 {
                    self.append(ContainerLogFormat.encode(Array(buffer[0..<n]), pending: &pending, stream: stream, time: time))
                } else if n == 0 || (readError != EAGAIN && readError != EINTR) {
                    self.append(ContainerLogFormat.encode([], pending: &pending, stream: stream, time: time, flush: true))
                    source.cancel()
                    return
                } else if readError == EAGAIN {
                    return
                }
            }
        }
        source.setCancelHandler {
            close(reader)
            self.file.withLock { f in
                f.open -= 1
                if f.open == 0, f.fd >= 0 { close(f.fd); f.fd = -1 }
            }
        }
        source.resume()
        return fds[1]
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
