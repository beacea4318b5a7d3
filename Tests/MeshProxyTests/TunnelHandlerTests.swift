// TunnelConnection and TunnelStream on EmbeddedChannel: frames in, bytes out, refusals, flow
// control holding reads, and a protocol error tearing the tunnel and its streams down.
@testable import MeshProxy
import NIOCore
import NIOEmbedded
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Tunnel handlers on EmbeddedChannel")
struct TunnelHandlerTests {
    /// A tunnel end on EmbeddedChannel, connected: a server end to its client sidecar, a client end
    /// to its server sidecar.
    static func channel(_ tunnel: TunnelConnection, loop: EmbeddedEventLoop) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel(handler: tunnel, loop: loop)
        let peer = tunnel.role == .server
            ? try SocketAddress(ipAddress: "10.244.0.11", port: 40000) : try SocketAddress(ipAddress: "10.244.0.12", port: 9000)
        try channel.connect(to: peer).wait()
        return channel
    }

    /// A client tunnel end with `stream` opened to port 9000 (its OPEN queued, nothing flushed).
    static func client(opening stream: TunnelStream, loop: EmbeddedEventLoop) throws
        -> (tunnel: TunnelConnection, channel: EmbeddedChannel, id: UInt32)
    {
        let tunnel = TunnelConnection(role: .client)
        let channel = try channel(tunnel, loop: loop)
        let id = try #require(tunnel.open(stream, port: 9000, origin: "10.244.0.11:5555"))
        return (tunnel, channel, id)
    }

    /// Frames in one buffer, as one read brings them.
    static func read(_ frames: [TunnelFrame]) -> ByteBuffer {
        var buffer = ByteBuffer()
        for f in frames { f.write(to: &buffer) }
        return buffer
    }

    /// A server tunnel whose OPENs to port 9000 are accepted onto a local EmbeddedChannel.
    final class Server {
        let loop = EmbeddedEventLoop()
        var tunnelChannel: EmbeddedChannel!
        var locals: [UInt32: EmbeddedChannel] = [:]
        var outcomes: [StreamOutcome] = []

        /// With `halfClose`, the local channels answer an output shutdown as done (EmbeddedChannel
        /// has none of its own).
        init(halfClose: Bool = false) throws {
            let tunnel = TunnelConnection(role: .server) { [unowned self] t, id, port, _ in
                guard port == 9000 else { return t.refuse(id, reason: "port-not-served: port \(port) is not served") }
                let stream = TunnelStream(idleTimeout: nil) { self.outcomes.append($0) }
                t.accept(stream, id: id)
                let local = EmbeddedChannel(handlers: halfClose ? [HalfCloser(), stream] : [stream], loop: self.loop)
                _ = try? local.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9000)).wait()
                self.locals[id] = local
            }
            tunnelChannel = try TunnelHandlerTests.channel(tunnel, loop: loop)
        }

        func send(_ frames: [TunnelFrame]) throws {
            try tunnelChannel.writeInbound(TunnelHandlerTests.read(frames))
        }

        /// Every frame the tunnel wrote so far, once the loop finished its tick.
        func written() throws -> [TunnelFrame] {
            var all = ByteBuffer()
            for b in try writes() { var b = b; all.writeBuffer(&b) }
            var frames: [TunnelFrame] = []
            while let f = try TunnelFrame.read(from: &all) { frames.append(f) }
            return frames
        }

        /// The buffers the tunnel wrote (one per TLS write), once the loop finished its tick.
        func writes() throws -> [ByteBuffer] {
            loop.run()
            var buffers: [ByteBuffer] = []
            while let b = try tunnelChannel.readOutbound(as: ByteBuffer.self) { buffers.append(b) }
            return buffers
        }
    }

    @Test func openedStreamsCarryBytesBothWays() throws {
        let s = try Server()
        try s.send([.open(stream: 1, port: 9000, origin: "10.244.0.11:5555"), .data(stream: 1, payload: ByteBuffer(string: "hello"))])
        let local = try #require(s.locals[1])
        #expect(try local.readOutbound(as: ByteBuffer.self) == ByteBuffer(string: "hello"))
        try local.writeInbound(ByteBuffer(string: "world"))
        // A lone stream has nothing to batch with: its bytes are written before the tick ends.
        var now = try #require(try s.tunnelChannel.readOutbound(as: ByteBuffer.self))
        #expect(try TunnelFrame.read(from: &now) == .data(stream: 1, payload: ByteBuffer(string: "world")))
        #expect(try s.written() == [])
    }

    @Test func framesCutAnywhereByTLSStillReachTheStream() throws {
        let s = try Server()
        var wire = ByteBuffer()
        TunnelFrame.open(stream: 1, port: 9000, origin: "10.244.0.11:5555").write(to: &wire)
        let payload = ByteBuffer(bytes: (0..<5000).map { UInt8(truncatingIfNeeded: $0) })
        TunnelFrame.data(stream: 1, payload: payload).write(to: &wire)
        TunnelFrame.fin(stream: 1).write(to: &wire)
        while wire.readableBytes > 0 {  // pieces of 7 or 1300 bytes: headers cut, payloads cut
            let piece = wire.readSlice(length: min(wire.readableBytes, wire.readerIndex % 2 == 0 ? 7 : 1300))!
            try s.tunnelChannel.writeInbound(piece)
        }
        let local = try #require(s.locals[1])
        var got = ByteBuffer()
        while var b = try local.readOutbound(as: ByteBuffer.self) { got.writeBuffer(&b) }
        #expect(got == payload)
    }

    @Test func bytesReadFromManyStreamsInOneTickLeaveInOneWrite() throws {
        let s = try Server()
        try s.send([.open(stream: 1, port: 9000, origin: "a"), .open(stream: 3, port: 9000, origin: "b")])
        _ = try s.writes()
        let (one, three) = (try #require(s.locals[1]), try #require(s.locals[3]))
        try one.writeInbound(ByteBuffer(string: "from one"))
        try three.writeInbound(ByteBuffer(string: "from three"))
        #expect(try s.tunnelChannel.readOutbound(as: ByteBuffer.self) == nil, "nothing is written before the tick ends")
        let writes = try s.writes()
        #expect(writes.count == 1)
        var batch = try #require(writes.first)
        #expect(try TunnelFrame.read(from: &batch) == .data(stream: 1, payload: ByteBuffer(string: "from one")))
        #expect(try TunnelFrame.read(from: &batch) == .data(stream: 3, payload: ByteBuffer(string: "from three")))
        #expect(batch.readableBytes == 0)
    }

    @Test func aStreamWhosePeerEndedDoesNotHoldAnothersBytesForTheEndOfTheTick() throws {
        let s = try Server(halfClose: true)
        try s.send([.open(stream: 1, port: 9000, origin: "a"), .open(stream: 3, port: 9000, origin: "b")])
        _ = try s.writes()
        // The client ended connection 1 (one request per connection); connection 3's answer comes.
        try s.send([.fin(stream: 1)])
        _ = try s.writes()
        #expect(s.outcomes.isEmpty, "connection 1 is closing, not gone")
        try #require(s.locals[3]).writeInbound(ByteBuffer(string: "answer"))
        var now = try #require(try s.tunnelChannel.readOutbound(as: ByteBuffer.self), "written at once")
        #expect(try TunnelFrame.read(from: &now) == .data(stream: 3, payload: ByteBuffer(string: "answer")))
    }

    @Test func anUnservedPortIsRefusedWithTheRule() throws {
        let s = try Server()
        try s.send([.open(stream: 3, port: 22, origin: "10.244.0.11:5555")])
        #expect(try s.written() == [.reset(stream: 3, reason: "port-not-served: port 22 is not served")])
        #expect(s.locals.isEmpty)
    }

    @Test func aResetFromThePeerClosesTheLocalConnection() throws {
        let s = try Server()
        try s.send([.open(stream: 1, port: 9000, origin: "x")])
        let local = try #require(s.locals[1])
        try s.send([.reset(stream: 1, reason: "client app went away")])
        #expect(!local.isActive)
        #expect(s.outcomes.count == 1 && s.outcomes[0].clean == false)
        #expect(s.outcomes.first?.reason == "peer reset: client app went away")
    }

    @Test func aProtocolErrorClosesTheTunnelAndResetsItsStreams() throws {
        let s = try Server()
        try s.send([.open(stream: 1, port: 9000, origin: "x")])
        let local = try #require(s.locals[1])
        _ = try? s.tunnelChannel.writeInbound(ByteBuffer(bytes: [0, 0, 0, 0, 77, 0, 0, 0, 1]))
        #expect(!s.tunnelChannel.isActive)
        #expect(!local.isActive)
        #expect(s.outcomes.first?.reason?.contains("unknown tunnel frame type 77") == true)
    }

    /// A client tunnel with one stream of a 100-byte window; `reads` counts the reads the stream lets through.
    final class Client {
        let loop = EmbeddedEventLoop()
        let tunnelChannel: EmbeddedChannel
        let local: EmbeddedChannel
        let reads = ReadCounter()
        let id: UInt32
        var outcome: StreamOutcome?

        init(idleTimeout: TimeAmount? = nil) throws {
            var ended: ((StreamOutcome) -> Void)?
            let stream = TunnelStream(window: StreamWindow(window: 100, slack: 0), idleTimeout: idleTimeout) { ended?($0) }
            (_, tunnelChannel, id) = try TunnelHandlerTests.client(opening: stream, loop: loop)
            local = EmbeddedChannel(handlers: [HalfCloser(), reads, stream], loop: loop)
            ended = { [unowned self] in self.outcome = $0 }
            try local.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 5555)).wait()
        }

        func grant(_ n: UInt32) throws {
            try tunnelChannel.writeInbound(TunnelHandlerTests.read([.window(stream: id, increment: n)]))
        }

        /// The frames written to the tunnel since the last call, OPEN left out.
        func sent() throws -> [TunnelFrame] {
            loop.run()
            var all = ByteBuffer()
            while var b = try tunnelChannel.readOutbound(as: ByteBuffer.self) { all.writeBuffer(&b) }
            var frames: [TunnelFrame] = []
            while let f = try TunnelFrame.read(from: &all) { frames.append(f) }
            return frames.filter { if case .open = $0 { false } else { true } }
        }
    }

    @Test func readsWaitForCreditAndResumeOnWindow() throws {
        let c = try Client()
        try c.local.writeInbound(ByteBuffer(repeating: 1, count: 150))
        c.local.read()
        #expect(c.reads.count == 0, "no credit left: the read is held")
        try c.grant(30)
        #expect(c.reads.count == 0, "the 50 bytes kept back go first: 20 still wait")
        try c.grant(100)
        #expect(c.reads.count == 1, "credit is back: the held read goes through")
        #expect(try c.sent().map { if case .data(_, let p) = $0 { p.readableBytes } else { -1 } } == [100, 30, 20])
    }

    @Test func aStreamNeverSendsBeyondItsCreditAndItsFinWaitsForTheRest() throws {
        let c = try Client()
        // One read of 250 bytes (as NIO drains a socket at the app's FIN), then the FIN.
        try c.local.writeInbound(ByteBuffer(repeating: 1, count: 250))
        c.local.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        #expect(try c.sent() == [.data(stream: c.id, payload: ByteBuffer(repeating: 1, count: 100))])
        try c.grant(100)
        #expect(try c.sent() == [.data(stream: c.id, payload: ByteBuffer(repeating: 1, count: 100))])
        try c.grant(100)
        #expect(try c.sent() == [.data(stream: c.id, payload: ByteBuffer(repeating: 1, count: 50)), .fin(stream: c.id)])
    }

    @Test func aStreamWhoseAppLeftWhileItsBytesWaitForCreditStillEndsWhenIdle() throws {
        let c = try Client(idleTimeout: .milliseconds(50))
        // The peer ended its side; the app sends more than the credit, ends its side and is gone.
        try c.tunnelChannel.writeInbound(Self.read([.fin(stream: c.id)]))
        c.loop.run()
        try c.local.writeInbound(ByteBuffer(repeating: 1, count: 250))
        c.local.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        try c.local.close().wait()
        _ = try c.sent()
        #expect(c.outcome == nil, "150 bytes still wait for credit")
        // The peer never grants any: the idle timeout ends the stream (and resets it at the peer).
        usleep(80_000)
        c.loop.advanceTime(to: .now() + .seconds(1))
        #expect(c.outcome?.reason?.contains("idle") == true)
        #expect(try c.sent().contains { if case .reset(c.id, _) = $0 { true } else { false } })
    }

    @Test func aLocalSocketErrorIsReportedInTheSystemsWords() throws {
        let c = try Client()
        c.local.pipeline.fireErrorCaught(IOError(errnoCode: ECONNRESET, reason: "read(descriptor:pointer:size:)"))
        c.loop.run()
        #expect(c.outcome?.reason == "local connection failed: Connection reset by peer")
        #expect(try c.sent().contains { if case .reset(c.id, _) = $0 { true } else { false } })
    }

    @Test func aFinAndTheNextOpenOfOneWakeUpLeaveInOneWrite() throws {
        let c = try Client()
        let tunnel = try c.tunnelChannel.pipeline.handler(type: TunnelConnection.self).wait()
        tunnel.flush()
        _ = try c.sent()
        // The app closes and connects again: its EOF and the next accept come in one wake-up.
        c.local.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        let next = TunnelStream(idleTimeout: nil) { _ in }
        let nextID = try #require(tunnel.open(next, port: 9000, origin: "10.244.0.11:5556"))
        tunnel.flushAtEndOfTick()
        #expect(try c.tunnelChannel.readOutbound(as: ByteBuffer.self) == nil, "nothing leaves before the tick ends")
        c.loop.run()
        var writes: [ByteBuffer] = []
        while let b = try c.tunnelChannel.readOutbound(as: ByteBuffer.self) { writes.append(b) }
        #expect(writes.count == 1)
        var batch = try #require(writes.first)
        #expect(try TunnelFrame.read(from: &batch) == .fin(stream: c.id))
        #expect(try TunnelFrame.read(from: &batch) == .open(stream: nextID, port: 9000, origin: "10.244.0.11:5556"))
        #expect(batch.readableBytes == 0)
    }

    @Test func bytesTakenAtTheAcceptLeaveWithTheOpenInOneWrite() throws {
        let loop = EmbeddedEventLoop()
        let stream = TunnelStream(idleTimeout: nil) { _ in }
        let (tunnel, tunnelChannel, id) = try Self.client(opening: stream, loop: loop)
        tunnel.flushAtEndOfTick()  // as the pool does
        let local = EmbeddedChannel(handler: stream, loop: loop)
        stream.fromLocalEarly(ByteBuffer(string: "request"))
        // Written at once, before the tick ends: the app is waiting for the answer.
        var writes: [ByteBuffer] = []
        while let b = try tunnelChannel.readOutbound(as: ByteBuffer.self) { writes.append(b) }
        #expect(writes.count == 1)
        var batch = try #require(writes.first)
        #expect(try TunnelFrame.read(from: &batch) == .open(stream: id, port: 9000, origin: "10.244.0.11:5555"))
        #expect(try TunnelFrame.read(from: &batch) == .data(stream: id, payload: ByteBuffer(string: "request")))
        #expect(batch.readableBytes == 0)
        #expect(stream.bytesFromLocal == 7)
        loop.run()
        #expect(try tunnelChannel.readOutbound(as: ByteBuffer.self) == nil, "the tick's flush finds nothing left")
        _ = try local.finish(acceptAlreadyClosed: true)
    }

    /// Records what reaches a local socket (flushes with bytes, output shutdowns) in one log.
    final class SocketLog: ChannelOutboundHandler {
        typealias OutboundIn = ByteBuffer
        let name: String
        let log: Log
        final class Log { var events: [String] = [] }
        private var pending = 0
        init(_ name: String, _ log: Log) { self.name = name; self.log = log }
        func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
            pending += unwrapOutboundIn(data).readableBytes
            context.write(data, promise: promise)
        }
        func flush(context: ChannelHandlerContext) {
            if pending > 0 { log.events.append("\(name) gets \(pending) bytes") }
            pending = 0
            context.flush()
        }
        func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
            log.events.append("\(name) \(mode == .output ? "output shut" : "closed")")
            context.close(mode: mode, promise: promise)
        }
    }

    @Test func aReadsBytesReachTheAppsBeforeItsFinsCloseAnything() throws {
        let loop = EmbeddedEventLoop()
        let log = SocketLog.Log()
        var locals: [UInt32: EmbeddedChannel] = [:]
        let tunnel = TunnelConnection(role: .server) { t, id, _, _ in
            let stream = TunnelStream(idleTimeout: nil) { _ in }
            t.accept(stream, id: id)
            let local = EmbeddedChannel(handlers: [SocketLog("stream \(id)", log), stream], loop: loop)
            _ = try? local.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9000)).wait()
            locals[id] = local
        }
        let channel = try Self.channel(tunnel, loop: loop)
        try channel.writeInbound(Self.read([
            .open(stream: 1, port: 9000, origin: "a"), .data(stream: 1, payload: ByteBuffer(string: "request one")),
        ]))
        log.events.removeAll()
        // One read: the end of the first connection, then the next connection and its request.
        try channel.writeInbound(Self.read([
            .fin(stream: 1), .open(stream: 3, port: 9000, origin: "b"),
            .data(stream: 3, payload: ByteBuffer(string: "request two")),
        ]))
        // The FIN ends its stream at the end of the wake-up, after whatever else it brought.
        #expect(log.events == ["stream 3 gets 11 bytes"])
        loop.run()
        #expect(log.events.first == "stream 3 gets 11 bytes")
        #expect(log.events.dropFirst().first == "stream 1 output shut")
        #expect(locals.count == 2)
    }

    /// Answers an output shutdown as done (EmbeddedChannel has no half-close).
    final class HalfCloser: ChannelOutboundHandler {
        typealias OutboundIn = ByteBuffer
        func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
            if mode == .output { promise?.succeed(()) } else { context.close(mode: mode, promise: promise) }
        }
    }

    @Test func aDrainingTunnelSendsItsLastStreamsFinBeforeClosing() throws {
        let loop = EmbeddedEventLoop()
        let stream = TunnelStream(idleTimeout: nil) { _ in }
        let (tunnel, tunnelChannel, id) = try Self.client(opening: stream, loop: loop)
        let local = EmbeddedChannel(handlers: [HalfCloser(), stream], loop: loop)
        try local.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 5555)).wait()
        tunnel.flush()
        while try tunnelChannel.readOutbound(as: ByteBuffer.self) != nil {}
        // The server drains and ends its side; then the app ends its own.
        try tunnelChannel.writeInbound(Self.read([.goAway(reason: "server draining"), .fin(stream: id)]))
        loop.run()  // the FIN ends the stream's input at the end of the wake-up
        local.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        var out = ByteBuffer()
        while var b = try tunnelChannel.readOutbound(as: ByteBuffer.self) { out.writeBuffer(&b) }
        #expect(try TunnelFrame.read(from: &out) == .fin(stream: id), "written before the tunnel closed")
        #expect(!tunnelChannel.isActive, "the last stream ended: the draining tunnel closes")
        loop.run()
    }

    @Test func aDrainingTunnelRefusesNewStreams() throws {
        let s = try Server()
        let tunnel = try s.tunnelChannel.pipeline.handler(type: TunnelConnection.self).wait()
        try s.send([.open(stream: 1, port: 9000, origin: "x")])
        tunnel.goAway(reason: "server draining")
        try s.send([.open(stream: 2, port: 9000, origin: "x")])
        #expect(try s.written() == [.goAway(reason: "server draining"), .reset(stream: 2, reason: "tunnel is draining")])
        #expect(s.tunnelChannel.isActive, "the open stream keeps the tunnel up")
    }
}
