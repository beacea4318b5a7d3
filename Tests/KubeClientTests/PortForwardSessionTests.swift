// The port-forward exchange's byte parser: a 101 followed at once by frames and a close (even in
// one read, even with the connection ending right after), a refused upgrade with its Status, pings;
// and the channel handler that carries out what the session decides, on an EmbeddedChannel.
@testable import KubeClient
import NIOCore
import NIOEmbedded
import Testing

@Suite("Port-forward session")
struct PortForwardSessionTests {
    static let switching = Array("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: upgrade\r\n\r\n".utf8)

    static func serverFrame(_ opcode: UInt8, _ payload: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x80 | opcode]
        if payload.count < 126 { out.append(UInt8(payload.count)) } else { out += [126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)] }
        return out + payload
    }

    static func session() -> PortForwardSession { PortForwardSession(request: Array("GET /\n".utf8), nextMask: { [1, 2, 3, 4] }) }

    @Test func framesThatCameWithThe101AreRead() {
        var s = Self.session()
        let error = Array("pods \"nope\" not found".utf8)
        let all = Self.switching + Self.serverFrame(2, [1, 0x39, 0x30]) + Self.serverFrame(2, [1] + error) + Self.serverFrame(8, [3, 232])
        let actions = s.receive(all)
        guard case .send(let first) = actions.first else { Issue.record("no request frame: \(actions)"); return }
        #expect(first.count == 2 + 4 + 7 && first[0] == 0x82 && first[1] == 0x80 | 7, "a masked binary frame with channel 0 and the request")
        #expect(actions.last == .finish(.failure(.streamFailed("pods \"nope\" not found"))))
        #expect(s.closed() == nil)
    }

    @Test func byteByByteAndAnEndWithoutCloseFrame() {
        var s = Self.session()
        var actions: [PortForwardAction] = []
        for b in Self.switching + Self.serverFrame(2, [0, 0x50, 0]) + Self.serverFrame(2, [0] + Array("hello".utf8)) { actions += s.receive([b]) }
        #expect(actions.count == 1)
        #expect(s.closed() == .finish(.success(Array("hello".utf8))))
    }

    @Test func aRefusedUpgradeIsTheServersStatus() {
        var s = Self.session()
        let body = Array(#"{"kind":"Status","apiVersion":"v1","status":"Failure","message":"pods \"x\" is forbidden","reason":"Forbidden","code":403}"#.utf8)
        let head = Array("HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n".utf8)
        let actions = s.receive(head + body)
        #expect(actions.count == 1)
        if case .finish(.failure(let e)) = actions.first { #expect("\(e)".contains("forbidden")) } else { Issue.record("\(actions)") }
        var chunked = Self.session()
        let chunkedHead = Array("HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
        let chunks = Array("\(String(body.count, radix: 16))\r\n".utf8) + body + Array("\r\n0\r\n\r\n".utf8)
        #expect(chunked.receive(chunkedHead + chunks).count == 1)
    }

    @Test func pingsAreAnsweredAndTheConnectionClosingEarlyIsAnError() {
        var s = Self.session()
        let actions = s.receive(Self.switching + Self.serverFrame(9, [7]))
        #expect(actions.count == 2)
        if case .send(let pong) = actions.last { #expect(pong[0] == 0x8A && pong.count == 2 + 4 + 1) }
        var early = Self.session()
        #expect(early.receive(Array("HTTP/1.1 101".utf8)).isEmpty)
        #expect(early.closed() == .finish(.failure(.connectionClosed)))
    }
}

@Suite("Port-forward connection handler")
struct PortForwardConnectionHandlerTests {
    @Test func itSendsTheRequestFrameAndFinishesWithTheSessionsOutcome() throws {
        let channel = EmbeddedChannel()
        let promise = channel.eventLoop.makePromise(of: [UInt8].self)
        try channel.pipeline.syncOperations.addHandler(
            PortForwardConnectionHandler(session: PortForwardSessionTests.session(), promise: promise))
        let reply = PortForwardSessionTests.switching + PortForwardSessionTests.serverFrame(2, [0, 0x50, 0])
            + PortForwardSessionTests.serverFrame(2, [0] + Array("answer".utf8)) + PortForwardSessionTests.serverFrame(8, [3, 232])
        try channel.writeInbound(ByteBuffer(bytes: reply))
        var sent: [[UInt8]] = []
        while var out = try channel.readOutbound(as: ByteBuffer.self) { sent.append(out.readBytes(length: out.readableBytes) ?? []) }
        #expect(sent.count == 2 && sent.first?.first == 0x82 && sent.last?.first == 0x88, "the request frame, then the close reply")
        #expect(try promise.futureResult.wait() == Array("answer".utf8))
        #expect(!channel.isActive, "the handler closed the connection")
    }

    @Test func theConnectionEndingBeforeTheAnswerFailsTheExchange() throws {
        let channel = EmbeddedChannel()
        let promise = channel.eventLoop.makePromise(of: [UInt8].self)
        try channel.pipeline.syncOperations.addHandler(
            PortForwardConnectionHandler(session: PortForwardSessionTests.session(), promise: promise))
        try channel.writeInbound(ByteBuffer(string: "HTTP/1.1 101"))
        _ = try channel.finish()
        #expect(throws: KubeClientError.connectionClosed) { try promise.futureResult.wait() }
    }
}
