// Loopback test for AdminServer: binds on 127.0.0.1 port 0 and fetches /metrics and /ready with raw HTTP
// over NIO client sockets, including a client that half-closes after its request.
import MeshProxy
import NIOCore
import NIOPosix
import Testing

/// Collects everything a client receives until the server closes the connection.
private final class ResponseCollector: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    let done: EventLoopPromise<String>
    private var text = ""
    private var finished = false
    init(done: EventLoopPromise<String>) { self.done = done }
    func channelRead(context: ChannelHandlerContext, data: NIOAny) { text += String(buffer: unwrapInboundIn(data)) }
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event { finish() }
    }
    func channelInactive(context: ChannelHandlerContext) { finish() }
    private func finish() {
        guard !finished else { return }
        finished = true
        done.succeed(text)
    }
}

@Suite("AdminServer over loopback")
struct AdminServerTests {
    /// Sends `request` raw, optionally half-closes, and returns the whole response once the server closes.
    func fetch(_ request: String, from server: any Channel, group: any EventLoopGroup, halfClose: Bool) async throws
        -> String
    {
        let done = group.next().makePromise(of: String.self)
        let client = try await ClientBootstrap(group: group)
            .channelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            .channelInitializer { ch in
                ch.eventLoop.makeCompletedFuture { try ch.pipeline.syncOperations.addHandler(ResponseCollector(done: done)) }
            }
            .connect(to: server.localAddress!).get()
        try await client.writeAndFlush(ByteBuffer(string: request))
        if halfClose { try await client.close(mode: .output) }
        let text = try await done.futureResult.get()
        try? await client.close()
        return text
    }

    @Test func servesMetricsAndReadyOnLoopback() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let metrics = ProxyMetrics()
        metrics.configVersion(7)
        let routes = AdminRoutes(ready: { true }, config: { "{}" }, metrics: { metrics.render() })
        let server = try await AdminServer.bind(host: "127.0.0.1", port: 0, routes: routes, group: group)
        #expect((server.localAddress?.port ?? 0) > 0)

        let text = try await fetch("GET /metrics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                                   from: server, group: group, halfClose: false)
        #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(text.contains("content-type: text/plain; version=0.0.4; charset=utf-8\r\n"))
        #expect(text.contains("connection: close\r\n"))
        #expect(text.contains("\r\n\r\n# HELP osm_tcp_connections_opened_total "))
        #expect(text.contains("\nosm_proxy_config_version 7\n"))

        let ready = try await fetch("GET /ready HTTP/1.0\r\n\r\n", from: server, group: group, halfClose: true)
        #expect(ready.hasPrefix("HTTP/1.0 200 OK\r\n"))
        #expect(ready.hasSuffix("\r\n\r\nready\n"))

        try await server.close()
        try await group.shutdownGracefully()
    }
}
