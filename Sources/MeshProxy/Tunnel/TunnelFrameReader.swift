// Reads the tunnel's byte stream as it arrives, without gathering whole frames first. Control
// frames come out whole (the few bytes of one split across reads are kept here); DATA payloads
// come out as slices of the bytes just read, as soon as they arrive, so a payload is never
// copied to reassemble it, wherever the TLS records happen to cut it.
import NIOCore

/// One thing found in the tunnel's bytes: a whole control frame, or a piece of a DATA payload.
enum TunnelInput: Equatable {
    /// A whole frame other than DATA.
    case frame(TunnelFrame)
    /// The next bytes of stream `stream`'s DATA (a frame's payload may come in several pieces).
    case data(stream: UInt32, chunk: ByteBuffer)
}

/// The incremental frame reader of one tunnel connection.
struct TunnelFrameReader {
    /// A header, and a control frame's payload, split across reads (at most `longestControl`).
    private var partial = ByteBuffer()
    /// The stream whose DATA payload is being read, and how many of its bytes are still to come.
    private var dataStream: UInt32 = 0
    private var dataLeft = 0

    /// Bytes kept from a split header or control frame.
    var pendingBytes: Int { partial.readableBytes }

    /// The longest frame other than DATA: an OPEN with the longest origin.
    static let longestControl = TunnelFrame.headerSize + 3 + TunnelFrame.maxText

    /// The next input found in `buffer` (consuming it), or nil once `buffer` holds nothing more
    /// that can be handed out; bytes of an unfinished header or control frame are kept.
    mutating func next(from buffer: inout ByteBuffer) throws(TunnelProtocolError) -> TunnelInput? {
        while true {
            if dataLeft > 0 {
                let n = min(dataLeft, buffer.readableBytes)
                guard n > 0 else { return nil }
                dataLeft -= n
                return .data(stream: dataStream, chunk: buffer.readSlice(length: n)!)
            }
            if partial.readableBytes == 0, buffer.readableBytes >= TunnelFrame.headerSize {
                // The common case: the header is here, read in place.
                let header = try Self.header(buffer)
                if header.code == .data {
                    buffer.moveReaderIndex(forwardBy: TunnelFrame.headerSize)
                    (dataStream, dataLeft) = (header.stream, header.length)
                    continue
                }
                guard buffer.readableBytes >= TunnelFrame.headerSize + header.length else {
                    partial.writeBuffer(&buffer)
                    return nil
                }
                buffer.moveReaderIndex(forwardBy: TunnelFrame.headerSize)
                var payload = buffer.readSlice(length: header.length)!
                return .frame(try TunnelFrame.decode(header.code, stream: header.stream, payload: &payload))
            }
            // A header or control frame split across reads: gather it in `partial`.
            guard buffer.readableBytes > 0 else { return nil }
            if partial.readableBytes < TunnelFrame.headerSize {
                move(TunnelFrame.headerSize - partial.readableBytes, from: &buffer)
                guard partial.readableBytes == TunnelFrame.headerSize else { return nil }
            }
            let header = try Self.header(partial)
            if header.code == .data {
                partial.clear()
                (dataStream, dataLeft) = (header.stream, header.length)
                continue
            }
            move(TunnelFrame.headerSize + header.length - partial.readableBytes, from: &buffer)
            guard partial.readableBytes == TunnelFrame.headerSize + header.length else { return nil }
            partial.moveReaderIndex(forwardBy: TunnelFrame.headerSize)
            var payload = partial.readSlice(length: header.length)!
            let frame = try TunnelFrame.decode(header.code, stream: header.stream, payload: &payload)
            partial = ByteBuffer()
            return .frame(frame)
        }
    }

    /// Moves up to `count` bytes from `buffer` to `partial`.
    private mutating func move(_ count: Int, from buffer: inout ByteBuffer) {
        guard count > 0, var bytes = buffer.readSlice(length: min(count, buffer.readableBytes)) else { return }
        partial.writeBuffer(&bytes)
    }

    /// The frame header at the front of `buffer` (which holds at least one), checked as far as
    /// a header can be: the type is known, the stream fits the type, and the length fits the
    /// type, so a control frame never makes the reader hold more than `longestControl` bytes.
    static func header(_ buffer: ByteBuffer) throws(TunnelProtocolError)
        -> (length: Int, code: TunnelFrame.Code, stream: UInt32)
    {
        let at = buffer.readerIndex
        let length: UInt32 = buffer.getInteger(at: at)!
        guard length <= UInt32(TunnelFrame.maxPayload) else { throw .frameTooLarge(Int(length)) }
        let raw: UInt8 = buffer.getInteger(at: at + 4)!
        guard let code = TunnelFrame.Code(rawValue: raw) else { throw .unknownFrameType(raw) }
        let stream: UInt32 = buffer.getInteger(at: at + 5)!
        let n = Int(length)
        switch code {
        case .goAway:
            guard stream == 0 else { throw .malformed("GOAWAY on a stream") }
        default:
            guard stream != 0 else { throw .malformed("stream 0 is reserved for tunnel-wide frames") }
        }
        switch code {
        case .data: break
        case .open: guard n <= longestControl - TunnelFrame.headerSize else { throw .malformed("OPEN payload") }
        case .fin: guard n == 0 else { throw .malformed("FIN with a payload") }
        case .window: guard n == 4 else { throw .malformed("WINDOW payload") }
        case .reset, .goAway:
            guard n <= TunnelFrame.maxText else { throw .malformed("text longer than \(TunnelFrame.maxText) bytes") }
        }
        return (n, code, stream)
    }
}
