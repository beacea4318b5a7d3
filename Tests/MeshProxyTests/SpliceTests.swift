import MeshProxy
import NetSplice
import NIOCore
import NIOEmbedded
import Testing

@Suite("SpliceState")
struct SpliceStateTests {
    @Test func halfCloseTravelsThenBothClose() {
        var s = SpliceState()
        #expect(s.inputEnded(on: .downstream) == [.closeOutput(.upstream)])
        #expect(!s.closed)
        #expect(s.inputEnded(on: .upstream) == [.closeOutput(.downstream), .closeBoth])
        #expect(s.closed)
        #expect(s.sideClosed(.upstream) == .none, "a closed pair does nothing more")
    }

    @Test func aFailingSideClosesThePair() {
        var s = SpliceState()
        #expect(s.sideClosed(.upstream) == .closeBoth)
        #expect(s.inputEnded(on: .downstream).isEmpty)
    }
}

@Suite("SpliceHandler on EmbeddedChannel")
struct SpliceHandlerTests {
    func pair() throws -> (EmbeddedChannel, EmbeddedChannel, ReadCounter) {
        let loop = EmbeddedEventLoop()
        let (d, u) = SpliceHandler.makePair()
        let counter = ReadCounter()
        let down = EmbeddedChannel(handlers: [counter, d], loop: loop)
        let up = EmbeddedChannel(handler: u, loop: loop)
        let address = try SocketAddress(ipAddress: "127.0.0.1", port: 1)
        try down.connect(to: address).wait()
        try up.connect(to: address).wait()
        return (down, up, counter)
    }

    @Test func bytesFlowBothWays() throws {
        let (down, up, _) = try pair()
        try down.writeInbound(ByteBuffer(string: "hello"))
        #expect(try up.readOutbound(as: ByteBuffer.self) == ByteBuffer(string: "hello"))
        try up.writeInbound(ByteBuffer(string: "echo response: hello"))
        #expect(try down.readOutbound(as: ByteBuffer.self) == ByteBuffer(string: "echo response: hello"))
    }

    @Test func readsPauseWhileThePartnerCannotWrite() throws {
        let (down, up, reads) = try pair()
        up.isWritable = false
        up.pipeline.fireChannelWritabilityChanged()
        down.read()
        #expect(reads.count == 0, "no read is passed on while upstream is full")
        up.isWritable = true
        up.pipeline.fireChannelWritabilityChanged()
        #expect(reads.count == 1, "the held read is released once upstream drains")
        down.read()
        #expect(reads.count == 2, "reads pass straight through while upstream is writable")
    }

    @Test func aFailingSideClosesBoth() throws {
        let (down, up, _) = try pair()
        #expect(down.isActive && up.isActive)
        up.pipeline.fireErrorCaught(ChannelError.ioOnClosedChannel)
        #expect(!down.isActive && !up.isActive)
    }
}

/// Counts the reads that reach the head of a pipeline.
final class ReadCounter: ChannelOutboundHandler {
    typealias OutboundIn = NIOAny
    var count = 0

    func read(context: ChannelHandlerContext) {
        count += 1
        context.read()
    }
}
