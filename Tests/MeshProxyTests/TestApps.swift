// Test applications behind the server sidecar: an echo that answers at EOF (OSM's tcp-echo), a
// line echo, and a server that speaks first; plus a blocking socket client for the app side.
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// Echoes every byte as it arrives and half-closes when the client does.
final class StreamingEcho: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    func channelRead(context: ChannelHandlerContext, data: NIOAny) { context.write(data, promise: nil) }
    func channelReadComplete(context: ChannelHandlerContext) { context.flush() }
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        // After input EOF, NIO escalates close(mode: .output) to a full close that drops pending
        // writes: flush them first (a zero-byte write completes after them), then close.
        guard let e = event as? ChannelEvent, case .inputClosed = e else { return }
        context.writeAndFlush(wrapOutboundOut(ByteBuffer())).whenComplete { _ in context.close(promise: nil) }
    }
}

/// Writes a banner as soon as a client connects.
final class Banner: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    func channelActive(context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "220 ready\r\n")), promise: nil)
    }
}

/// A test app listening on 127.0.0.1 (random port).
struct TestApp {
    let channel: any Channel
    var port: UInt16 { UInt16(channel.localAddress!.port!) }

    static func start(group: any EventLoopGroup, _ make: @escaping @Sendable () -> any ChannelHandler) async throws -> TestApp {
        let channel = try await ServerBootstrap(group: group)
            .childChannelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { ch in ch.eventLoop.makeCompletedFuture { try ch.pipeline.syncOperations.addHandler(make()) } }
            .bind(host: "127.0.0.1", port: 0).get()
        return TestApp(channel: channel)
    }
}

/// A blocking TCP client with a receive timeout, as an application would use.
final class BlockingClient: Sendable {
    let fd: Int32

    enum Failure: Error { case connect(Int32), io(Int32), timeout }

    init(_ address: SocketAddress, timeoutSeconds: Int = 15) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var sin = sockaddr_in()
        sin.sin_family = sa_family_t(AF_INET)
        sin.sin_port = UInt16(address.port!).bigEndian
        sin.sin_addr.s_addr = inet_addr(address.ipAddress!)
        let rc = withUnsafePointer(to: &sin) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if rc != 0 {
            let e = errno
            close(fd)
            throw Failure.connect(e)
        }
    }

    deinit { close(fd) }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) throws {
        var off = 0
        while off < bytes.count {
            let n = bytes[off...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 { throw Failure.io(errno) }
            off += n
        }
    }

    func shutdownWrite() { shutdown(fd, Int32(SHUT_WR)) }

    /// Reads until EOF; throws on reset or timeout.
    func readToEnd() throws -> [UInt8] {
        var out: [UInt8] = []
        while true {
            let chunk = try read(65536)
            if chunk.isEmpty { return out }
            out += chunk
        }
    }

    /// One read: bytes, or empty at EOF.
    func read(_ max: Int) throws -> [UInt8] {
        var buf = [UInt8](repeating: 0, count: max)
        let n = buf.withUnsafeMutableBytes { recv(fd, $0.baseAddress, max, 0) }
        if n < 0 {
            let e = errno
            throw e == EAGAIN || e == EWOULDBLOCK ? Failure.timeout : Failure.io(e)
        }
        return Array(buf[0..<n])
    }

    /// Reads exactly `count` bytes.
    func read(exactly count: Int) throws -> [UInt8] {
        var out: [UInt8] = []
        while out.count < count {
            let chunk = try read(count - out.count)
            if chunk.isEmpty { throw Failure.io(0) }
            out += chunk
        }
        return out
    }
}
