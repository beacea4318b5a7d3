// OSM's tcp-echo-server behaviour: each line answered (a `\r` kept), a final partial line not,
// and the connection closed at the client's EOF once the answers are out.
import DemoApps
import Logging
import NIOCore
import NIOEmbedded
import Testing

@Suite("tcp-echo-server")
struct TCPEchoTests {
    @Test func linesAreAnsweredAndAPartialLastLineIsNot() {
        var echo = LineEcho()
        #expect(echo.receive(Array("hel".utf8)).isEmpty)
        #expect(echo.receive(Array("lo\nsecond\r\nthi".utf8)) == [Array("echo response: hello\n".utf8), Array("echo response: second\r\n".utf8)])
        #expect(echo.unfinished == Array("thi".utf8))
    }

    @Test func theHandlerAnswersThenClosesAtEOF() throws {
        let channel = EmbeddedChannel(handler: EchoLinesHandler(logger: Logger(label: "test")))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9000)).wait()
        try channel.writeInbound(ByteBuffer(string: "hello\n"))
        #expect(try channel.readOutbound(as: ByteBuffer.self) == ByteBuffer(string: "echo response: hello\n"))
        channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        _ = try channel.readOutbound(as: ByteBuffer.self)
        #expect(!channel.isActive)
    }
}
