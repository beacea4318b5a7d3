@testable import KubeAPIServer
import NIOCore
import NIOEmbedded
import Testing

@Suite("SPDY upgrade requests become plain requests")
struct UpgradeHeaderFilterTests {
    @Test func onlyNonWebSocketUpgradesAreRenamed() {
        let spdy = "POST /api/v1/namespaces/x/pods/p/portforward HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: portforward.k8s.io"
        let out = UpgradeHeaderFilter.rewrite(Array(spdy.utf8)).map { String(decoding: $0, as: UTF8.self) }
        #expect(out == spdy.replacingOccurrences(of: "\r\nUpgrade: SPDY/3.1", with: "\r\nX-Refused-Upgrade: SPDY/3.1"))
        let ws = "GET /api/v1/namespaces/x/pods/p/exec HTTP/1.1\r\nConnection: Upgrade\r\nupgrade: WebSocket"
        #expect(UpgradeHeaderFilter.rewrite(Array(ws.utf8)) == nil)
        #expect(UpgradeHeaderFilter.rewrite(Array("GET / HTTP/1.1\r\nHost: x".utf8)) == nil)
        #expect(UpgradeHeaderFilter.rewrite(Array("Upgrade: h2c".utf8)) == nil, "the request line is never a header")
    }

    @Test func theHandlerWaitsForTheWholeHeadThenStepsAside() throws {
        let channel = EmbeddedChannel(handler: UpgradeHeaderFilterHandler())
        try channel.writeInbound(ByteBuffer(string: "POST /x HTTP/1.1\r\nUpgr"))
        #expect(try channel.readInbound(as: ByteBuffer.self) == nil, "nothing passes before the head is complete")
        try channel.writeInbound(ByteBuffer(string: "ade: SPDY/3.1\r\n\r\nbody"))
        let first = try #require(try channel.readInbound(as: ByteBuffer.self))
        #expect(String(buffer: first) == "POST /x HTTP/1.1\r\nX-Refused-Upgrade: SPDY/3.1\r\n\r\nbody")
        try channel.writeInbound(ByteBuffer(string: "GET /y HTTP/1.1\r\nUpgrade: SPDY/3.1\r\n\r\n"))
        let second = try #require(try channel.readInbound(as: ByteBuffer.self))
        #expect(String(buffer: second).contains("\r\nUpgrade: SPDY/3.1"), "later requests pass untouched: the handler left")
        #expect(try channel.finish().isClean)
    }

    @Test func plainAndWebSocketRequestsPassAsTheyCame() throws {
        for request in ["GET /api HTTP/1.1\r\nHost: x\r\n\r\n", "GET /exec HTTP/1.1\r\nUPGRADE: websocket\r\nConnection: Upgrade\r\n\r\n"] {
            let channel = EmbeddedChannel(handler: UpgradeHeaderFilterHandler())
            try channel.writeInbound(ByteBuffer(string: request))
            #expect(String(buffer: try #require(try channel.readInbound(as: ByteBuffer.self))) == request)
            #expect(try channel.finish().isClean)
        }
    }

    @Test func bytesOfAConnectionThatEndsEarlyAreNotLost() throws {
        let channel = EmbeddedChannel(handler: UpgradeHeaderFilterHandler())
        try channel.writeInbound(ByteBuffer(string: "GET / HT"))
        channel.pipeline.fireChannelInactive()
        #expect(String(buffer: try #require(try channel.readInbound(as: ByteBuffer.self))) == "GET / HT")
    }
}
