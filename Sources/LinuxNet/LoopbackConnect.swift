// A TCP connection to 127.0.0.1 made in the calling thread without waiting: on Linux the whole
// loopback handshake runs inside connect(2), so a nonblocking connect that answers EINPROGRESS
// is in fact established when it returns (unless the listener's full backlog dropped the SYN, or
// the kernel deferred the loopback processing to ksoftirqd on a busy CPU). The
// server sidecar opens every stream's local connection this way and hands the socket to NIO
// already connected, skipping a wake-up for writability and the connect bookkeeping.
#if canImport(Glibc)
import Glibc
#endif

/// Nonblocking connects to loopback that finish inside the call.
public enum LoopbackConnect {
    /// What one attempt came to.
    public enum Outcome: Equatable, Sendable {
        /// Connected; the caller owns the (nonblocking, close-on-exec) descriptor.
        case connected(Int32)
        /// The connection failed with this errno (ECONNREFUSED: nothing listens on the port).
        case failed(Int32)
        /// Not established yet (the SYN was dropped, or its processing deferred): the socket was
        /// closed before the handshake completed, so the listener never sees it; connect the usual way.
        case pending
    }

    /// 127.0.0.1:`port` as a socket address.
    public static func address(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }

    /// Connects a new socket to 127.0.0.1:`port`.
    public static func attempt(port: UInt16) -> Outcome {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return .failed(errno) }
        var address = Self.address(port: port)
        let size = socklen_t(MemoryLayout<sockaddr_in>.size)
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, size) }
        }
        if rc == 0 { return .connected(fd) }
        let connectError = errno
        guard connectError == EINPROGRESS else {
            close(fd)
            return .failed(connectError)
        }
        // A peer address means established (the usual case, one call); otherwise SO_ERROR tells a
        // failed connect from one still under way.
        var peer = sockaddr_in()
        var peerLength = size
        let connected = withUnsafeMutablePointer(to: &peer) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(fd, $0, &peerLength) }
        } == 0
        if connected { return .connected(fd) }
        var soError: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        let failed = getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &length) == 0 && soError != 0
        close(fd)
        return failed ? .failed(soError) : .pending
    }
}
