// MeshStream: the config stream's NIO codec, shared by the controller (server) and the sidecar
// (client): frames (MeshProtocol.ConfigStreamFraming) to ConfigStreamMessage values and back.
import Foundation
import MeshProtocol
import NIOCore

/// Bytes → messages; an oversized or undecodable frame is an error that closes the stream.
public struct ConfigStreamDecoder: ByteToMessageDecoder {
    public typealias InboundOut = ConfigStreamMessage

    /// A decoder.
    public init() {}

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let header = buffer.getBytes(at: buffer.readerIndex, length: 4), let length = ConfigStreamFraming.length(header) else {
            return .needMoreData
        }
        guard length <= ConfigStreamFraming.maxFrame else { throw ConfigStreamError.frameTooLarge(length) }
        guard buffer.readableBytes >= 4 + length else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: 4)
        let body = Data(buffer.readBytes(length: length)!)
        do {
            context.fireChannelRead(wrapInboundOut(try JSONDecoder().decode(ConfigStreamMessage.self, from: body)))
        } catch {
            throw ConfigStreamError.undecodable("\(error)")
        }
        return .continue
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}

/// Messages → bytes.
public struct ConfigStreamEncoder: MessageToByteEncoder {
    public typealias OutboundIn = ConfigStreamMessage

    /// An encoder.
    public init() {}

    public func encode(data: ConfigStreamMessage, out: inout ByteBuffer) throws {
        out.writeBytes(try ConfigStreamFraming.frame(data))
    }
}

/// A broken config stream.
public enum ConfigStreamError: Error, CustomStringConvertible, Equatable {
    case frameTooLarge(Int)
    case undecodable(String)

    public var description: String {
        switch self {
        case .frameTooLarge(let n): "config stream frame of \(n) bytes exceeds the limit of \(ConfigStreamFraming.maxFrame)"
        case .undecodable(let why): "config stream message cannot be decoded: \(why)"
        }
    }
}
