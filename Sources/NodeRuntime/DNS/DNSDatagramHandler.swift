// The UDP side of the cluster DNS: each datagram is one query, answered to its sender by the
// given function; datagrams it rejects are dropped.
import NIOCore

/// Answers DNS queries arriving as datagrams; holds no policy of its own.
public final class DNSDatagramHandler: ChannelInboundHandler {
    /// One datagram from a client.
    public typealias InboundIn = AddressedEnvelope<ByteBuffer>
    /// One datagram to a client.
    public typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    private let answer: @Sendable ([UInt8]) -> [UInt8]?

    /// A handler replying with `answer(query)`, or dropping the query when it returns nil.
    public init(answer: @escaping @Sendable ([UInt8]) -> [UInt8]?) {
        self.answer = answer
    }

    /// Answers one datagram.
    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        var payload = envelope.data
        guard let query = payload.readBytes(length: payload.readableBytes), let response = answer(query) else { return }
        let buffer = context.channel.allocator.buffer(bytes: response)
        context.writeAndFlush(wrapOutboundOut(AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: buffer)), promise: nil)
    }

    /// Ignores errors (e.g. ICMP unreachable from a departed client): the socket keeps serving.
    public func errorCaught(context: ChannelHandlerContext, error: any Error) {}
}
