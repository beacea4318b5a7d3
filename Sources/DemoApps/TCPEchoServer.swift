// OSM's tcp-echo-server: listens on all interfaces, answers each line as `LineEcho` says, logs
// each request and response, and closes the connection at the client's EOF.
import Logging
import NIOCore
import NIOPosix

/// The tcp-echo-server demo application.
public enum TCPEchoServer {
    /// Binds `0.0.0.0:port` (or `host`) and serves until the channel closes.
    public static func bind(host: String = "0.0.0.0", port: Int, group: any EventLoopGroup, logger: Logger) async throws -> any Channel {
        try await ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(EchoLinesHandler(logger: logger)) }
            }
            .bind(host: host, port: port).get()
    }
}

/// Answers lines on one connection; the policy is `LineEcho`'s.
public final class EchoLinesHandler: ChannelInboundHandler {
    public typealias InboundIn = ByteBuffer
    public typealias OutboundOut = ByteBuffer
    private var echo = LineEcho()
    private let logger: Logger

    /// A handler logging to `logger`.
    public init(logger: Logger) { self.logger = logger }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        for answer in echo.receive(buffer.readableBytesView) {
            let line = String(decoding: answer.dropFirst(15).dropLast(), as: UTF8.self)
            logger.info("Received request: [\(line)]")
            context.write(wrapOutboundOut(ByteBuffer(bytes: answer)), promise: nil)
            logger.info("Response sent: [echo response: \(line)]")
        }
    }

    public func channelReadComplete(context: ChannelHandlerContext) { context.flush() }

    public func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard let e = event as? ChannelEvent, case .inputClosed = e else { return context.fireUserInboundEventTriggered(event) }
        // Answers already written go first, then the connection closes.
        context.writeAndFlush(wrapOutboundOut(ByteBuffer())).whenComplete { _ in context.close(promise: nil) }
    }
}

@available(*, unavailable)
extension EchoLinesHandler: Sendable {}
