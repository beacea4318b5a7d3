// The TCP side of the cluster DNS: each framed query is answered by the given function and sent
// back with its 2-byte length prefix; a query it rejects, an error or an idle connection closes
// the connection.
import NIOCore

/// Answers DNS queries on one TCP connection (after `DNSLengthFrameDecoder`); holds no policy.
public final class DNSStreamHandler: ChannelInboundHandler {
    /// One query message, without its length prefix.
    public typealias InboundIn = ByteBuffer
    /// Response bytes, length prefix included.
    public typealias OutboundOut = ByteBuffer

    private let answer: @Sendable ([UInt8]) -> [UInt8]?

    /// A handler replying with `answer(query)`, or closing the connection when it returns nil.
    public init(answer: @escaping @Sendable ([UInt8]) -> [UInt8]?) {
        self.answer = answer
    }

    /// Answers one query, or closes the connection.
    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var message = unwrapInboundIn(data)
        guard let query = message.readBytes(length: message.readableBytes), let response = answer(query),
              response.count <= Int(UInt16.max) else {
            context.close(promise: nil)
            return
        }
        var buffer = context.channel.allocator.buffer(capacity: 2 + response.count)
        buffer.writeInteger(UInt16(response.count))
        buffer.writeBytes(response)
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
    }

    /// Closes once the client has finished sending and every answer is out, or when idle.
    public func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed {
            let channel = context.channel
            let promise = context.eventLoop.makePromise(of: Void.self)
            context.writeAndFlush(wrapOutboundOut(channel.allocator.buffer(capacity: 0)), promise: promise)
            promise.futureResult.whenComplete { _ in channel.close(promise: nil) }
        } else if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    /// Closes the connection on any error (a malformed stream included).
    public func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
