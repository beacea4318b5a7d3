// The mTLS tunnel end to end over loopback: client sidecar → pooled tunnel → server sidecar →
// app, with real TLS and real sockets (no root needed; the netns tests add iptables).
import MeshTestSupport
import Foundation
import MeshProtocol
import MeshProxy
import MeshTLS
import NIOCore
import NIOPosix
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Sidecar pair over loopback", .serialized)
struct TunnelLoopbackTests {
    /// Runs blocking socket work off the cooperative pool.
    func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { c in
            Thread.detachNewThread { c.resume(with: Result { try body() }) }
        }
    }

    /// What a client of `address` sees after sending a line (and, with `halfClose`, its FIN):
    /// "eof:<bytes read>", "reset", or "io:<errno>".
    func outcome(at address: SocketAddress, halfClose: Bool) async throws -> String {
        try await blocking {
            let c = try BlockingClient(address)
            try c.send("hello\n")
            if halfClose { c.shutdownWrite() }
            do {
                let bytes = try c.readToEnd()
                return "eof:\(bytes.count)"
            } catch BlockingClient.Failure.io(let e) {
                return e == ECONNRESET ? "reset" : "io:\(e)"
            }
        }
    }

    /// What `address` answers to `line` sent with a FIN after it (read to the end).
    func answer(_ line: String, at address: SocketAddress) async throws -> String {
        try await blocking {
            let c = try BlockingClient(address)
            try c.send(line)
            c.shutdownWrite()
            return String(decoding: try c.readToEnd(), as: UTF8.self)
        }
    }

    /// `osm_tunnels_open` as `runtime`'s metrics show it.
    static func tunnelsOpen(_ runtime: ProxyRuntime) -> Int? {
        runtime.telemetry.metrics.render().split(separator: "\n").first { $0.hasPrefix("osm_tunnels_open ") }
            .flatMap { Int($0.split(separator: " ")[1]) }
    }

    @Test func allowedConnectionEchoesAndHalfCloseTravels() async throws {
        let appGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let app = try await TestApp.start(group: appGroup) { EchoOnEOF() }
        let mesh = try await MeshPair(appPort: app.port)
        let handshakes = (client: HandshakeCount(mesh.client), server: HandshakeCount(mesh.server))
        let address = mesh.clientAddress
        for _ in 0..<3 {  // several connections share one pooled tunnel
            let reply = try await answer("hello\n", at: address)
            #expect(reply == "echo response: hello\n")
        }
        // Three connections, one tunnel per client event loop (the pair's group has two).
        let tunnels = Self.tunnelsOpen(mesh.client)
        #expect(tunnels != nil && tunnels! <= 2)
        // Each tunnel's handshake is reported on both sides (what hands its code's pages back).
        #expect((1...2).contains(handshakes.client.value) && handshakes.server.value == handshakes.client.value)
        try await mesh.shutdown()
        try await app.channel.close()
        try await appGroup.shutdownGracefully()
    }

    /// How often each side handed pages back: client, server.
    static func releases(_ mesh: MeshPair) async -> [Int] {
        [await mesh.client.pageReleases, await mesh.server.pageReleases]
    }

    @Test func pagesGoBackAfterATunnelHandshakeOnBothSides() async throws {
        let appGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let app = try await TestApp.start(group: appGroup) { EchoOnEOF() }
        let mesh = try await MeshPair(appPort: app.port, releaseAfterHandshake: .milliseconds(50))
        #expect(await Self.releases(mesh) == [0, 0])
        let address = mesh.clientAddress
        let reply = try await answer("hello\n", at: address)
        #expect(reply == "echo response: hello\n")
        let deadline = ContinuousClock.now + .seconds(5)
        while await Self.releases(mesh).contains(0), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(await Self.releases(mesh) == [1, 1])
        // The sidecars work on after it: the next connection's code is mapped again.
        let again = try await answer("again\n", at: address)
        #expect(again == "echo response: again\n")
        try await mesh.shutdown()
        try await app.channel.close()
        try await appGroup.shutdownGracefully()
    }

    @Test func manyConnectionsOpenedWhileTheTunnelIsStillConnectingAllWork() async throws {
        let appGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let app = try await TestApp.start(group: appGroup) { EchoOnEOF() }
        let mesh = try await MeshPair(appPort: app.port)
        let address = mesh.clientAddress
        let answers = try await withThrowingTaskGroup(of: String.self) { group in
            for i in 0..<20 {
                group.addTask {
                    try await answer("hello \(i)\n", at: address)
                }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(Set(answers) == Set((0..<20).map { "echo response: hello \($0)\n" }))
        try await mesh.shutdown()
        try await app.channel.close()
        try await appGroup.shutdownGracefully()
    }

    @Test func unauthorizedIdentityIsResetAndCounted() async throws {
        let appGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let app = try await TestApp.start(group: appGroup) { EchoOnEOF() }
        let mesh = try await MeshPair(appPort: app.port, authorization: .identities([]))
        #expect(try await outcome(at: mesh.clientAddress, halfClose: true) == "reset")
        let metrics = mesh.server.telemetry.metrics.render()
        #expect(metrics.contains(#"osm_authorization_total{direction="inbound",policy="traffic-target",result="deny"} 1"#))
        try await mesh.shutdown()
        try await app.channel.close()
        try await appGroup.shutdownGracefully()
    }

    @Test func aServerThatSpeaksFirstIsHeardAtOnce() async throws {
        let appGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let app = try await TestApp.start(group: appGroup) { Banner() }
        let mesh = try await MeshPair(appPort: app.port)
        let address = mesh.clientAddress
        // The first connection dials the tunnel; the second is a stream on the pooled tunnel, whose
        // OPEN must leave at once although the client never writes.
        // The first stays open, so nothing else moves on the tunnel meanwhile.
        var open: [BlockingClient] = []
        for attempt in ["first connection, including the tunnel handshake", "second connection, pooled tunnel"] {
            let (client, banner, millis) = try await blocking {
                let start = DispatchTime.now()
                let c = try BlockingClient(address, timeoutSeconds: 10)
                let bytes = try c.read(exactly: 11)
                return (c, String(decoding: bytes, as: UTF8.self), Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e6)
            }
            open.append(client)
            #expect(banner == "220 ready\r\n", "\(attempt)")
            print("server-first banner arrived after \(millis) ms (\(attempt))")
        }
        open.removeAll()
        try await mesh.shutdown()
        try await app.channel.close()
        try await appGroup.shutdownGracefully()
    }

    @Test func anAppPortNobodyListensOnResetsTheClientAndKeepsTheTunnel() async throws {
        let (reserved, port) = try LoopbackConnectTests.listener(backlog: nil)  // bound, not listening
        defer { close(reserved) }
        let mesh = try await MeshPair(appPort: port)
        for _ in 0..<2 {  // the failure is the stream's only: the tunnels stay up
            #expect(try await outcome(at: mesh.clientAddress, halfClose: false) == "reset")
        }
        let tunnels = Self.tunnelsOpen(mesh.client)
        #expect(tunnels != nil && tunnels! >= 1)
        try await mesh.shutdown()
    }

    @Test func revokingAuthorizationClosesEstablishedConnectionsAndKeepsOthers() async throws {
        let appGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let app = try await TestApp.start(group: appGroup) { StreamingEcho() }
        let mesh = try await MeshPair(appPort: app.port)
        let address = mesh.clientAddress
        let c = try await blocking { () -> BlockingClient in
            let c = try BlockingClient(address)
            try c.send("ping")
            _ = try c.read(exactly: 4)
            return c
        }
        // Same rules, new version: the connection stays.
        #expect(await mesh.authorize(.anyMeshIdentity, version: 3).isEmpty)
        let still = try await blocking { () -> String in
            try c.send("pong")
            return String(decoding: try c.read(exactly: 4), as: UTF8.self)
        }
        #expect(still == "pong")
        // Revoked: the established connection is closed.
        #expect(await mesh.authorize(.identities([]), version: 4).isEmpty)
        let after = try await blocking { () -> String in
            do {
                let bytes = try c.readToEnd()
                return "eof:\(bytes.count)"
            } catch BlockingClient.Failure.io(let e) {
                return e == ECONNRESET ? "reset" : "io:\(e)"
            }
        }
        #expect(after == "reset")
        try await mesh.shutdown()
        try await app.channel.close()
        try await appGroup.shutdownGracefully()
    }

    @Test func largeTransferArrivesIntactBothWays() async throws {
        let appGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let app = try await TestApp.start(group: appGroup) { StreamingEcho() }
        let mesh = try await MeshPair(appPort: app.port)
        let address = mesh.clientAddress
        let size = 32 << 20
        let (sent, received) = try await blocking { () -> (Int, Int) in
            let c = try BlockingClient(address, timeoutSeconds: 20)
            var rng = SystemRandomNumberGenerator()
            let block = (0..<65536).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let writer = Thread {
                for _ in 0..<(size / block.count) { try? c.send(block) }
                c.shutdownWrite()
            }
            writer.start()
            var expected = 0
            var total = 0
            var mismatch = false
            while true {
                let chunk = try c.read(65536)
                if chunk.isEmpty { break }
                for byte in chunk {
                    if byte != block[expected % block.count] { mismatch = true }
                    expected += 1
                }
                total += chunk.count
            }
            return (mismatch ? -1 : size, total)
        }
        #expect(sent == size)
        #expect(received == size)
        try await mesh.shutdown()
        try await app.channel.close()
        try await appGroup.shutdownGracefully()
    }

    @Test func aTunnelThatCannotConnectResetsTheAppAndIsNoHandshakeFailure() async throws {
        let appGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let app = try await TestApp.start(group: appGroup) { EchoOnEOF() }
        let mesh = try await MeshPair(appPort: app.port)
        await mesh.server.drain(grace: .milliseconds(10))  // nothing listens on the inbound port now
        let address = mesh.clientAddress
        let outcome: String = try await blocking {
            let c = try BlockingClient(address, timeoutSeconds: 5)
            try c.send("hello\n")
            do { return "eof:\(try c.readToEnd().count)" } catch BlockingClient.Failure.io(let e) {
                return e == ECONNRESET ? "reset" : "io:\(e)"
            }
        }
        #expect(outcome == "reset")
        // The app is reset from the connect's failure; the handshake's answer fails later, when
        // the tunnel's pipeline is torn down. Give that time to happen before checking it did not count.
        try await Task.sleep(for: .milliseconds(500))
        let metrics = mesh.client.telemetry.metrics.render()
        #expect(!metrics.contains(#"osm_tls_handshake_failures_total{direction="outbound""#),
                "a refused connect is not a failed handshake: \(metrics)")
        try await mesh.shutdown()
        try await app.channel.close()
        try await appGroup.shutdownGracefully()
    }

    @Test func plaintextAndForeignCertificatesAreRefusedAtTheInboundPort() async throws {
        let appGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let app = try await TestApp.start(group: appGroup) { EchoOnEOF() }
        let foreign = try TestPKI.credentials(TestPKI.curl, issuer: TestPKI.foreignCA)
        let mesh = try await MeshPair(appPort: app.port, clientCredentials: foreign)
        let handshakes = HandshakeCount(mesh.server)
        let inbound = try SocketAddress(ipAddress: "127.0.0.1", port: Int(mesh.inboundPort))
        let plain: String = try await blocking {
            let c = try BlockingClient(inbound, timeoutSeconds: 5)
            try c.send("GET / HTTP/1.0\r\n\r\n")
            do { return "eof:\(try c.readToEnd().count)" } catch BlockingClient.Failure.io(let e) { return "io:\(e)" }
        }
        #expect(plain != "timeout")
        let address = mesh.clientAddress
        let viaForeign: String = try await blocking {
            let c = try BlockingClient(address, timeoutSeconds: 5)
            try c.send("hello\n")
            c.shutdownWrite()
            do { return "eof:\(try c.readToEnd().count)" } catch BlockingClient.Failure.io(let e) {
                return e == ECONNRESET ? "reset" : "io:\(e)"
            }
        }
        #expect(viaForeign == "reset")
        let serverMetrics = mesh.server.telemetry.metrics.render()
        #expect(serverMetrics.contains("osm_tls_handshake_failures_total"))
        #expect(handshakes.value == 0, "a refused handshake is not a completed one")
        try await mesh.shutdown()
        try await app.channel.close()
        try await appGroup.shutdownGracefully()
    }
}

/// Completed tunnel handshakes a runtime reported.
final class HandshakeCount: Sendable {
    private let count = Atomic<Int>(0)
    init(_ runtime: ProxyRuntime) {
        runtime.telemetry.onHandshake { self.count.add(1, ordering: .relaxed) }
    }
    var value: Int { count.load(ordering: .relaxed) }
}
