// How the probe listeners reach the app on the pod's loopback: a TCP dial, or one HTTP GET read to the
// connection's end (bounded), each within a timeout.
import NIOCore
import NIOPosix

/// Reaches the app for probe checks; closures so tests can stand in for the network.
public struct ProbeUpstream: Sendable {
    /// Connects to `127.0.0.1:<port>` and closes again.
    public var dial: @Sendable (_ port: UInt16, _ loop: any EventLoop) -> EventLoopFuture<Void>
    /// GETs `path` from `127.0.0.1:<port>`: the response's status and (truncated) body.
    public var fetch: @Sendable (_ port: UInt16, _ path: String, _ loop: any EventLoop) -> EventLoopFuture<(Int, String)>

    /// An upstream with explicit behaviour.
    public init(dial: @escaping @Sendable (UInt16, any EventLoop) -> EventLoopFuture<Void>,
                fetch: @escaping @Sendable (UInt16, String, any EventLoop) -> EventLoopFuture<(Int, String)>) {
        self.dial = dial
        self.fetch = fetch
    }

    func dial(port: UInt16, on loop: any EventLoop) -> EventLoopFuture<Void> { dial(port, loop) }
    func get(port: UInt16, path: String, on loop: any EventLoop) -> EventLoopFuture<(Int, String)> { fetch(port, path, loop) }

    /// The pod's loopback, with `timeout` for connecting and for the whole response.
    public static func loopback(timeout: TimeAmount) -> ProbeUpstream {
        ProbeUpstream(
            dial: { port, loop in
                ClientBootstrap(group: loop).connectTimeout(timeout).connect(host: "127.0.0.1", port: Int(port))
                    .flatMap { $0.close() }
            },
            fetch: { port, path, loop in
                let promise = loop.makePromise(of: [UInt8].self)
                let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUser-Agent: osm-proxy-probe\r\nConnection: close\r\n\r\n"
                let connected = ClientBootstrap(group: loop).connectTimeout(timeout)
                    .channelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(ResponseCollector(promise: promise)) }
                    }
                    .connect(host: "127.0.0.1", port: Int(port))
                connected.whenSuccess { channel in
                    channel.writeAndFlush(ByteBuffer(string: request), promise: nil)
                    let deadline = loop.scheduleTask(in: timeout) { channel.close(promise: nil) }
                    promise.futureResult.whenComplete { _ in deadline.cancel() }
                }
                connected.whenFailure { promise.fail($0) }
                return promise.futureResult.flatMapThrowing { bytes in
                    guard let status = ProbeRoutes.status(of: bytes) else { throw ProbeUpstreamError.notHTTP }
                    let body = bytes.firstRange(of: [13, 10, 13, 10]).map { Array(bytes[$0.upperBound...].prefix(4096)) } ?? []
                    return (status, String(decoding: body, as: UTF8.self))
                }
            })
    }
}

/// The app's answer was not an HTTP response.
enum ProbeUpstreamError: Error, CustomStringConvertible {
    case notHTTP
    var description: String { "the answer is not an HTTP response" }
}

/// Collects a response until the app closes the connection (at most 64 KiB).
private final class ResponseCollector: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    private let promise: EventLoopPromise<[UInt8]>
    private var bytes: [UInt8] = []

    init(promise: EventLoopPromise<[UInt8]>) { self.promise = promise }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        bytes += buffer.readBytes(length: min(buffer.readableBytes, 65_536 - bytes.count)) ?? []
        if bytes.count >= 65_536 { context.close(promise: nil) }
    }

    func channelInactive(context: ChannelHandlerContext) { promise.succeed(bytes) }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.fail(error)
        context.close(promise: nil)
    }
}
