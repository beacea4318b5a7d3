// The tunnel's wire format: every frame is a 9-byte header — payload length (u32), type (u8),
// stream id (u32), all big-endian — followed by the payload. See MeshProtocol/README.md.
import NIOCore

/// One frame of the sidecar-to-sidecar tunnel protocol (ALPN `osm` inside mesh mTLS).
public enum TunnelFrame: Sendable, Equatable {
    /// The client opens stream `stream` to target port `port`; `origin` names the application's
    /// address (`ip:port`) for the server's logs.
    case open(stream: UInt32, port: UInt16, origin: String)
    /// Bytes of a stream, in order.
    case data(stream: UInt32, payload: ByteBuffer)
    /// The sender will send no more bytes on the stream (TCP FIN carried across).
    case fin(stream: UInt32)
    /// The stream is aborted; the receiver resets its local connection. `reason` is for logs.
    case reset(stream: UInt32, reason: String)
    /// The receiver may send `increment` more bytes on the stream.
    case window(stream: UInt32, increment: UInt32)
    /// The sender accepts no new streams on this tunnel; open streams continue.
    case goAway(reason: String)

    /// Header size in bytes.
    public static let headerSize = 9
    /// The largest payload a frame may carry; bigger frames are a protocol error.
    public static let maxPayload = 1 << 20
    /// The longest text (origin, reason) a frame carries; longer text is cut.
    static let maxText = 255

    /// The wire type codes.
    enum Code: UInt8 {
        case open = 0, data = 1, fin = 2, reset = 3, window = 4, goAway = 5
    }

    /// The stream the frame belongs to (0 for tunnel-wide frames).
    public var stream: UInt32 {
        switch self {
        case .open(let s, _, _), .data(let s, _), .fin(let s), .reset(let s, _), .window(let s, _): s
        case .goAway: 0
        }
    }
}

/// A violation of the tunnel protocol by the peer; the tunnel is closed.
public enum TunnelProtocolError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A frame type this version does not know.
    case unknownFrameType(UInt8)
    /// A payload larger than `TunnelFrame.maxPayload`.
    case frameTooLarge(Int)
    /// A payload whose layout does not fit its type.
    case malformed(String)

    /// One line for logs.
    public var description: String {
        switch self {
        case .unknownFrameType(let t): "unknown tunnel frame type \(t)"
        case .frameTooLarge(let n): "tunnel frame of \(n) bytes exceeds \(TunnelFrame.maxPayload)"
        case .malformed(let what): "malformed tunnel frame: \(what)"
        }
    }
}

extension TunnelFrame {
    /// Appends the frame's bytes to `buffer`.
    public func write(to buffer: inout ByteBuffer) {
        switch self {
        case .open(let stream, let port, let origin):
            let text = Self.clipped(origin)
            Self.header(&buffer, length: 3 + text.count, code: .open, stream: stream)
            buffer.writeInteger(port)
            buffer.writeInteger(UInt8(text.count))
            buffer.writeBytes(text)
        case .data(let stream, var payload):
            Self.header(&buffer, length: payload.readableBytes, code: .data, stream: stream)
            buffer.writeBuffer(&payload)
        case .fin(let stream):
            Self.header(&buffer, length: 0, code: .fin, stream: stream)
        case .reset(let stream, let reason):
            let text = Self.clipped(reason)
            Self.header(&buffer, length: text.count, code: .reset, stream: stream)
            buffer.writeBytes(text)
        case .window(let stream, let increment):
            Self.header(&buffer, length: 4, code: .window, stream: stream)
            buffer.writeInteger(increment)
        case .goAway(let reason):
            let text = Self.clipped(reason)
            Self.header(&buffer, length: text.count, code: .goAway, stream: 0)
            buffer.writeBytes(text)
        }
    }

    /// Writes a DATA header for `length` payload bytes the caller appends itself.
    static func dataHeader(_ buffer: inout ByteBuffer, stream: UInt32, length: Int) {
        header(&buffer, length: length, code: .data, stream: stream)
    }

    /// Reads one whole frame from the front of `buffer`; nil (nothing consumed) when the
    /// buffer does not hold a whole frame yet. DATA payloads are slices, not copies.
    public static func read(from buffer: inout ByteBuffer) throws(TunnelProtocolError) -> TunnelFrame? {
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt32.self) else { return nil }
        guard length <= UInt32(maxPayload) else { throw .frameTooLarge(Int(length)) }
        guard buffer.readableBytes >= headerSize + Int(length) else { return nil }
        let header = try TunnelFrameReader.header(buffer)
        buffer.moveReaderIndex(forwardBy: headerSize)
        var payload = buffer.readSlice(length: header.length)!
        return try decode(header.code, stream: header.stream, payload: &payload)
    }

    /// The frame of a header `TunnelFrameReader.header` accepted, from its whole payload.
    static func decode(_ code: Code, stream: UInt32, payload: inout ByteBuffer) throws(TunnelProtocolError)
        -> TunnelFrame
    {
        switch code {
        case .open:
            guard let port = payload.readInteger(as: UInt16.self), let n = payload.readInteger(as: UInt8.self),
                  let text = payload.readString(length: Int(n)), payload.readableBytes == 0
            else { throw .malformed("OPEN payload") }
            guard port != 0 else { throw .malformed("OPEN to port 0") }
            return .open(stream: stream, port: port, origin: text)
        case .data:
            return .data(stream: stream, payload: payload)
        case .fin:
            return .fin(stream: stream)
        case .reset:
            return .reset(stream: stream, reason: text(payload))
        case .window:
            guard let inc = payload.readInteger(as: UInt32.self), inc > 0 else { throw .malformed("WINDOW payload") }
            return .window(stream: stream, increment: inc)
        case .goAway:
            return .goAway(reason: text(payload))
        }
    }

    private static func text(_ payload: ByteBuffer) -> String {
        String(decoding: payload.readableBytesView, as: UTF8.self)
    }

    private static func header(_ buffer: inout ByteBuffer, length: Int, code: Code, stream: UInt32) {
        buffer.writeInteger(UInt32(length))
        buffer.writeInteger(code.rawValue)
        buffer.writeInteger(stream)
    }

    private static func clipped(_ text: String) -> [UInt8] { Array(text.utf8.prefix(maxText)) }
}
