// The sidecar's probe listeners: routing (pure), the handler on an EmbeddedChannel with a stand-in app, and
// the listeners on loopback against a real app (HTTP forward, tcpSocket dial, HTTPS relay).
import Foundation
import MeshProtocol
import MeshProxy
import MeshTestSupport
import NIOCore
import NIOEmbedded
import NIOHTTP1
import NIOPosix
import Synchronization
import Testing

@Suite("Probe listeners")
struct ProbeTests {
    static let forwards = [ProbeForward(kind: .liveness, container: "web", scheme: "http", port: 8080, path: "/healthz"),
                           ProbeForward(kind: .readiness, container: "web", scheme: "http", port: 8080, path: "/ready")]

    @Test func routesByPortPathAndHeader() {
        let routes = ProbeRoutes(forwards: Self.forwards)
        #expect(routes.action(listenerPort: 15901, target: "/osm-liveness-probe/web", headers: []) == .forward(port: 8080, path: "/healthz"))
        #expect(routes.action(listenerPort: 15902, target: "/osm-readiness-probe/web?x=1", headers: []) == .forward(port: 8080, path: "/ready"))
        #expect(routes.action(listenerPort: 15902, target: "/osm-liveness-probe/web", headers: []) == .respond(status: 404, body: "no probe is rewritten to /osm-liveness-probe/web on port 15902\n"))
        #expect(routes.action(listenerPort: 15904, target: "/osm-healthcheck", headers: [("original-tcp-port", " 9000")]) == .dial(port: 9000))
        #expect(routes.action(listenerPort: 15904, target: "/osm-healthcheck", headers: []) == .respond(status: 400, body: "missing header Original-Tcp-Port\n"))
        if case .respond(400, _) = routes.action(listenerPort: 15904, target: "/", headers: [("Original-Tcp-Port", "x")]) {} else { Issue.record("bad port header") }
        #expect(ProbeRoutes.status(of: Array("HTTP/1.1 503 Service Unavailable\r\n".utf8)) == 503)
        #expect(ProbeRoutes.status(of: Array("SSH-2.0-x\r\n".utf8)) == nil)
        #expect(ProbeRoutes.status(of: []) == nil)
    }

    func exchange(port: UInt16, _ request: String, upstream: ProbeUpstream) throws -> String {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.configureHTTPServerPipeline()
        try channel.pipeline.syncOperations.addHandler(ProbeHTTPHandler(routes: ProbeRoutes(forwards: Self.forwards), listenerPort: port, upstream: upstream))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        try channel.writeInbound(ByteBuffer(string: request))
        channel.embeddedEventLoop.run()
        var text = ""
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) { text += String(buffer: buffer) }
        return text
    }

    @Test func theHandlerCarriesOutTheRoute() throws {
        let seen = Mutex<[String]>([])
        let upstream = ProbeUpstream(
            dial: { port, loop in
                seen.withLock { $0.append("dial \(port)") }
                return port == 9000 ? loop.makeSucceededVoidFuture() : loop.makeFailedFuture(ChannelError.connectTimeout(.seconds(1)))
            },
            fetch: { port, path, loop in
                seen.withLock { $0.append("get \(port)\(path)") }
                return loop.makeSucceededFuture((path == "/healthz" ? 200 : 500, "app says hi"))
            })
        var out = try exchange(port: 15901, "GET /osm-liveness-probe/web HTTP/1.1\r\nhost: x\r\n\r\n", upstream: upstream)
        #expect(out.hasPrefix("HTTP/1.1 200 OK") && out.hasSuffix("app says hi"), "\(out)")
        out = try exchange(port: 15902, "GET /osm-readiness-probe/web HTTP/1.1\r\nhost: x\r\n\r\n", upstream: upstream)
        #expect(out.hasPrefix("HTTP/1.1 500"), "the app's status is relayed: \(out)")
        out = try exchange(port: 15904, "GET /osm-healthcheck HTTP/1.1\r\nOriginal-Tcp-Port: 9000\r\n\r\n", upstream: upstream)
        #expect(out.hasPrefix("HTTP/1.1 200"), "\(out)")
        out = try exchange(port: 15904, "GET /osm-healthcheck HTTP/1.1\r\nOriginal-Tcp-Port: 9001\r\n\r\n", upstream: upstream)
        #expect(out.hasPrefix("HTTP/1.1 404"), "a refused dial is OSM's 404: \(out)")
        out = try exchange(port: 15904, "GET /osm-healthcheck HTTP/1.1\r\n\r\n", upstream: upstream)
        #expect(out.hasPrefix("HTTP/1.1 400"), "\(out)")
        #expect(seen.withLock { $0 } == ["get 8080/healthz", "get 8080/ready", "dial 9000", "dial 9001"])
    }

    /// A loopback HTTP app answering `/healthz` 200 and anything else 503.
    static func app(group: any EventLoopGroup) async throws -> any Channel {
        try await ServerBootstrap(group: group)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(AppHandler())
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    final class AppHandler: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let text = String(buffer: unwrapInboundIn(data))
            let ok = text.hasPrefix("GET /healthz ")
            let body = ok ? "fine" : "sick"
            let reply = "HTTP/1.1 \(ok ? "200 OK" : "503 Service Unavailable")\r\ncontent-length: 4\r\nconnection: close\r\n\r\n\(body)"
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: reply))).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }

    @Test func listenersOnLoopbackReachARealApp() async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        let app = try await Self.app(group: group)
        let appPort = UInt16(app.localAddress!.port!)
        let serving = ProbeServing(
            forwards: [ProbeForward(kind: .liveness, container: "web", scheme: "http", port: appPort, path: "/healthz"),
                       ProbeForward(kind: .readiness, container: "web", scheme: "http", port: appPort, path: "/other"),
                       ProbeForward(kind: .startup, container: "web", scheme: "https", port: appPort)],
            tcpHealthcheck: true, host: "127.0.0.1", portMap: { _ in 0 })
        let channels = try await ProbeServer.bind(serving, upstream: .loopback(timeout: .seconds(2)), connectTimeout: .seconds(2), group: group)
        #expect(channels.count == 4)
        let ports = channels.map { $0.localAddress!.port! }
        func get(_ port: Int, _ path: String, _ header: String = "") async throws -> String {
            try await RawHTTP.fetch(port: port, "GET \(path) HTTP/1.1\r\nhost: x\r\n\(header)connection: close\r\n\r\n")
        }
        #expect(try await get(ports[0], "/osm-liveness-probe/web").hasPrefix("HTTP/1.1 200"))
        #expect(try await get(ports[1], "/osm-readiness-probe/web").hasPrefix("HTTP/1.1 503"))
        #expect(try await get(ports[2], "/healthz").hasPrefix("HTTP/1.1 200"), "the HTTPS port relays bytes as they are")
        #expect(try await get(ports[3], "/osm-healthcheck", "Original-Tcp-Port: \(appPort)\r\n").hasPrefix("HTTP/1.1 200"))
        try await app.close()
        #expect(try await get(ports[3], "/osm-healthcheck", "Original-Tcp-Port: \(appPort)\r\n").hasPrefix("HTTP/1.1 404"), "the app is gone")
        #expect(try await get(ports[0], "/osm-liveness-probe/web").hasPrefix("HTTP/1.1 503"), "the app is gone")
        for c in channels { try await c.close() }
    }
}
