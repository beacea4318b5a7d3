// One port-forward exchange as bytes, pure: the server's answer to the upgrade request (101, or a
// Status), then its WebSocket frames. One parser reads both, so frames that arrive with the 101, or
// just before the server closes the connection, are never lost between two protocols' handlers.

/// What the connection handler must do after bytes arrived or the connection ended.
enum PortForwardAction: Equatable {
    /// Write these bytes to the server.
    case send([UInt8])
    /// The exchange is over: the pod's answer, or why it failed.
    case finish(Result<[UInt8], KubeClientError>)
}

/// Reads a server's upgrade response and WebSocket frames; decides what to send and when it is over.
struct PortForwardSession {
    private enum Phase { case response, body(status: Int, length: Int?, chunked: Bool), frames, done }
    private var phase = Phase.response
    private var buffer: [UInt8] = []
    private var body: [UInt8] = []
    private var receiver = PortForwardReceiver()
    private var message: [UInt8] = []
    /// The bytes sent as the first data message once the server switched protocols.
    let request: [UInt8]
    /// Mask keys for the client's frames (tests pass fixed ones).
    var nextMask: () -> [UInt8]

    init(request: [UInt8], nextMask: @escaping () -> [UInt8] = { (0..<4).map { _ in UInt8.random(in: 0...255) } }) {
        self.request = request
        self.nextMask = nextMask
    }

    /// Takes bytes from the server.
    mutating func receive(_ bytes: [UInt8]) -> [PortForwardAction] {
        buffer += bytes
        var actions: [PortForwardAction] = []
        while true {
            switch phase {
            case .done:
                return actions
            case .response:
                guard let end = Self.headerEnd(buffer) else { return actions }
                let head = String(decoding: buffer[..<end], as: UTF8.self)
                buffer.removeFirst(end + 4)
                let lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
                let status = lines.first.flatMap { $0.split(separator: " ").dropFirst().first }.flatMap { Int($0) } ?? 0
                var fields: [String: String] = [:]
                for line in lines.dropFirst() {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                }
                if status == 101 {
                    phase = .frames
                    actions.append(.send(clientFrame(opcode: 0x2, payload: [0] + request)))
                } else {
                    phase = .body(status: status, length: fields["content-length"].flatMap { Int($0) },
                                  chunked: fields["transfer-encoding"]?.lowercased().contains("chunked") == true)
                }
            case .body(let status, let length, let chunked):
                if chunked {
                    guard let whole = Self.dechunk(buffer) else { return actions }
                    body = whole
                } else if let length {
                    guard buffer.count >= length else { return actions }
                    body = Array(buffer.prefix(length))
                } else {
                    return actions  // the body ends with the connection
                }
                phase = .done
                actions.append(.finish(.failure(KubeClientError.from(status: status, body: body))))
            case .frames:
                guard let frame = Self.frame(buffer) else { return actions }
                buffer.removeFirst(frame.size)
                switch frame.opcode {
                case 0x0, 0x1, 0x2:
                    message += frame.payload
                    if frame.fin {
                        receiver.receive(message)
                        message = []
                    }
                case 0x9:
                    actions.append(.send(clientFrame(opcode: 0xA, payload: frame.payload)))
                case 0x8:
                    actions.append(.send(clientFrame(opcode: 0x8, payload: [])))
                    phase = .done
                    actions.append(.finish(receiver.outcome))
                default:
                    break
                }
            }
        }
    }

    /// The connection ended: the outcome from what arrived.
    mutating func closed() -> PortForwardAction? {
        switch phase {
        case .done:
            return nil
        case .response:
            phase = .done
            return .finish(.failure(.connectionClosed))
        case .body(let status, _, _):
            phase = .done
            return .finish(.failure(KubeClientError.from(status: status, body: buffer)))
        case .frames:
            phase = .done
            return .finish(receiver.outcome)
        }
    }

    /// A client frame (masked, as RFC 6455 requires of clients).
    private mutating func clientFrame(opcode: UInt8, payload: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x80 | opcode]
        switch payload.count {
        case ..<126: out.append(0x80 | UInt8(payload.count))
        case ..<65536: out += [0x80 | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        default: out.append(0x80 | 127); out += (0..<8).reversed().map { UInt8((UInt64(payload.count) >> (8 * UInt64($0))) & 0xFF) }
        }
        let mask = nextMask()
        out += mask
        out += payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
        return out
    }

    /// Where the header block ends (the index of its blank line's CR), if it is complete.
    static func headerEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for i in 0...(bytes.count - 4) where bytes[i] == 13 && bytes[i + 1] == 10 && bytes[i + 2] == 13 && bytes[i + 3] == 10 {
            return i
        }
        return nil
    }

    /// One whole frame at the start of `bytes`: FIN, opcode, payload (unmasked) and its size on the wire.
    static func frame(_ bytes: [UInt8]) -> (fin: Bool, opcode: UInt8, payload: [UInt8], size: Int)? {
        guard bytes.count >= 2 else { return nil }
        var length = Int(bytes[1] & 0x7F), offset = 2
        if length == 126 {
            guard bytes.count >= 4 else { return nil }
            length = Int(bytes[2]) << 8 | Int(bytes[3])
            offset = 4
        } else if length == 127 {
            guard bytes.count >= 10 else { return nil }
            let wide = bytes[2..<10].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            guard wide <= UInt64(Int32.max) else { return nil }
            length = Int(wide)
            offset = 10
        }
        let masked = bytes[1] & 0x80 != 0
        let mask = masked ? Array(bytes.dropFirst(offset).prefix(4)) : []
        if masked { offset += 4 }
        guard bytes.count >= offset + length, mask.count == (masked ? 4 : 0) else { return nil }
        var payload = Array(bytes[offset..<(offset + length)])
        if masked { for i in payload.indices { payload[i] ^= mask[i % 4] } }
        return (bytes[0] & 0x80 != 0, bytes[0] & 0x0F, payload, offset + length)
    }

    /// A complete chunked body without its framing, or nil while the last chunk has not arrived.
    static func dechunk(_ bytes: [UInt8]) -> [UInt8]? {
        var out: [UInt8] = [], i = 0
        while true {
            guard let lineEnd = (i..<max(i, bytes.count - 1)).first(where: { bytes[$0] == 13 && bytes[$0 + 1] == 10 }) else { return nil }
            let sizeText = String(decoding: bytes[i..<lineEnd], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else { return out }
            let start = lineEnd + 2
            if size == 0 { return out }
            guard bytes.count >= start + size + 2 else { return nil }
            out += bytes[start..<(start + size)]
            i = start + size + 2
        }
    }
}
