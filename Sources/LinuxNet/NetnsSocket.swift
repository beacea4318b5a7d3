// Sockets bound inside another network namespace: the calling thread enters the namespace just
// long enough to create and bind the socket, then returns to its own; the socket stays in the
// namespace it was made in (how the node serves DNS on a bridge that lives in a hub namespace).
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Creates sockets bound in a named network namespace.
public enum NetnsSocket {
    /// `CLONE_NEWNET` from <sched.h>.
    static let cloneNewNet: Int32 = 0x4000_0000

    /// libc's `setns(2)` (not exported by the Glibc module without _GNU_SOURCE).
    static let setns: @convention(c) (Int32, Int32) -> Int32 = {
        let symbol = dlsym(dlopen(nil, RTLD_NOW), "setns")
        return unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
    }()

    /// A socket of `type` (`SOCK_DGRAM`/`SOCK_STREAM`) bound to `host`:`port` in `namespace`
    /// (nil: this process's own namespace). Not listening yet. The caller owns the descriptor.
    public static func bound(in namespace: String?, type: Int32, host: String, port: UInt16) throws -> Int32 {
        var own: Int32 = -1
        if let namespace {
            own = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC)
            let target = open("/run/netns/\(namespace)", O_RDONLY | O_CLOEXEC)
            guard own >= 0, target >= 0 else { throw POSIXError(.ENOENT) }
            defer { close(target) }
            guard setns(target, cloneNewNet) == 0 else { close(own); throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EPERM) }
        }
        defer {
            if own >= 0 {
                _ = setns(own, cloneNewNet)
                close(own)
            }
        }
        let fd = socket(AF_INET, type | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EINVAL) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            close(fd)
            throw POSIXError(.EINVAL)
        }
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else {
            let e = errno
            close(fd)
            throw POSIXError(POSIXErrorCode(rawValue: e) ?? .EADDRINUSE)
        }
        return fd
    }
}

extension NetnsSocket {
    /// Connects a TCP socket from inside `namespace` to `host`:`port` within `timeoutMillis`
    /// (blocking; call off the async pool). Returns the connected descriptor or nil.
    public static func connect(in namespace: String, host: String, port: UInt16, timeoutMillis: Int32) -> Int32? {
        let flagsForSocket = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
        let fd: Int32
        if namespace.isEmpty {
            fd = socket(AF_INET, flagsForSocket, 0)  // the node's own namespace (hostNetwork pods)
        } else {
            let own = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC)
            let target = open("/run/netns/\(namespace)", O_RDONLY | O_CLOEXEC)
            guard own >= 0, target >= 0 else { return nil }
            defer { close(own); close(target) }
            guard setns(target, cloneNewNet) == 0 else { return nil }
            fd = socket(AF_INET, flagsForSocket, 0)
            _ = setns(own, cloneNewNet)
        }
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { close(fd); return nil }
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if rc != 0 {
            guard errno == EINPROGRESS else { close(fd); return nil }
            var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            guard poll(&p, 1, timeoutMillis) == 1 else { close(fd); return nil }
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
            guard error == 0 else { close(fd); return nil }
        }
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK)
        var tv = timeval(tv_sec: Int(timeoutMillis / 1000), tv_usec: Int(timeoutMillis % 1000) * 1000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }
}
