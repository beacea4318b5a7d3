// DNS over TCP framing (RFC 1035 §4.2.2): every message is preceded by its length as two bytes,
// big-endian. This decoder cuts the byte stream into messages.
import NIOCore

/// Splits a TCP byte stream into DNS messages by their 2-byte length prefix.
public struct DNSLengthFrameDecoder: ByteToMessageDecoder {
    /// One whole message, without its prefix.
    public typealias InboundOut = ByteBuffer

    /// Creates the decoder.
    public init() {}

    /// Emits one message once its prefix and all of its bytes have arrived.
    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt16.self),
              buffer.readableBytes >= 2 + Int(length) else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: 2)
        guard let message = buffer.readSlice(length: Int(length)) else { return .needMoreData }
        context.fireChannelRead(wrapInboundOut(message))
        return .continue
    }

    /// Emits what is complete when the stream ends; a partial message is discarded.
    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        buffer.moveReaderIndex(to: buffer.writerIndex)
        return .needMoreData
    }
}
