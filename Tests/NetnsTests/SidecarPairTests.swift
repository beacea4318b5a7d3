// The sidecar pair over real network namespaces, iptables and mTLS: what the app sees for
// allowed, unrouted, unserved and non-mesh connections; large and slow transfers; config
// swaps; draining on SIGTERM.
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("osm proxy pair across two pods", .serialized, .enabled(if: NetnsFixture.available))
struct SidecarPairTests {
    @Test func whatTheAppSees() throws {
        let pair = try SidecarPair()
        defer { pair.tearDown() }
        #expect(try pair.waitUntilReady() == "echo response: hello\n")

        // The guide's command: BusyBox nc half-closes on stdin EOF and prints the echo.
        let nc = try pair.a.exec("/bin/sh", ["-c", "echo hello | busybox nc \(SidecarPair.clusterIP) \(AppPort.echo)"])
        #expect(nc.code == 0 && nc.out == "echo response: hello\n", "\(nc)")

        // A destination without a route: reset at once.
        var started = Date()
        let unrouted = try pair.client(["client-echo", "10.96.0.51", "\(AppPort.echo)"])
        #expect(unrouted.out == "error: ConnectionResetError", "\(unrouted)")
        #expect(Date().timeIntervalSince(started) < 8, "at once (a hang would last the client's 30 s)")

        // A port the server's sidecar does not serve: the server refuses the stream, the app gets a reset.
        started = Date()
        let unserved = try pair.client(["client-echo", SidecarPair.clusterIP, "\(AppPort.unserved)"])
        #expect(unserved.out == "error: ConnectionResetError", "\(unserved)")
        #expect(Date().timeIntervalSince(started) < 8, "at once (a hang would last the client's 30 s)")

        // Plaintext to the server pod (uid 1500 is not redirected on the client side): the server's sidecar
        // refuses anything that is not mesh mTLS, and the app never sees the bytes.
        started = Date()
        let plain = try pair.client(["client-echo", "10.244.77.2", "\(AppPort.echo)"], bypass: true)
        #expect(!plain.out.contains("echo response"), "\(plain)")
        #expect(Date().timeIntervalSince(started) < 15, "no hang (the client waits 30 s)")

        // A server that speaks first is heard at once (nothing waits for the client).
        let banner = try pair.client(["client-banner", SidecarPair.clusterIP, "\(AppPort.banner)"])
        let millis = Double(banner.out.split(separator: " ").first ?? "") ?? 9999
        print("server-first banner after \(millis) ms")
        #expect(banner.out.contains("220 ready"), "\(banner)")
        #expect(millis < 500, "\(banner)")

        let metrics = try SidecarPair.metrics(of: pair.a)
        #expect(metrics.contains(#"osm_connections_denied_total{direction="outbound",reason="no_route"} 1"#), "\(metrics)")
        let serverMetrics = try SidecarPair.metrics(of: pair.b)
        #expect(serverMetrics.contains(#"osm_authorization_total{direction="inbound",policy="port-not-served",result="deny"} 1"#), "\(serverMetrics)")
        #expect(serverMetrics.contains("osm_tls_handshake_failures_total{direction=\"inbound\""), "\(serverMetrics)")
    }

    @Test func oneGigabyteArrivesIntactAndASlowReaderKeepsMemoryBounded() throws {
        let pair = try SidecarPair()
        defer { pair.tearDown() }
        #expect(try pair.waitUntilReady() == "echo response: hello\n")
        let bulk = try pair.client(["client-bulk", SidecarPair.clusterIP, "\(AppPort.sha)", "1024"])
        #expect(bulk.out == "ok 1073741824", "\(bulk)")

        let before = (SidecarPair.rssKiB(pair.clientProxy), SidecarPair.rssKiB(pair.serverProxy))
        let peak = PeakRSS(pids: [pair.clientProxy, pair.serverProxy])
        peak.start()
        let slow = try pair.client(["client-bulk", SidecarPair.clusterIP, "\(AppPort.slow)", "64"])
        peak.stop()
        #expect(slow.out == "ok 67108864", "\(slow)")
        let peaks = peak.peaks
        print("RSS KiB before/peak during a 64 MiB write to a slow reader: client \(before.0)/\(peaks[0]), server \(before.1)/\(peaks[1])")
        #expect(peaks[0] - before.0 < 16 * 1024)
        #expect(peaks[1] - before.1 < 16 * 1024)
    }

    @Test func aConfigSwapKeepsAllowedConnectionsAndClosesRevokedOnes() throws {
        let pair = try SidecarPair()
        defer { pair.tearDown() }
        #expect(try pair.waitUntilReady() == "echo response: hello\n")
        let kept = Background { try pair.client(["client-hold", SidecarPair.clusterIP, "\(AppPort.stream)", "3"]) }
        let revoked = Background { try pair.client(["client-hold", SidecarPair.clusterIP, "\(AppPort.stream2)", "3"]) }
        usleep(1_000_000)
        try pair.write("server.json", SidecarPair.serverConfig(version: 2, revoked: [AppPort.stream2]))
        kill(pair.serverProxy, SIGHUP)
        let keptResult = kept.wait(), revokedResult = revoked.wait()
        #expect(keptResult.hasPrefix("ok "), "\(keptResult)")
        #expect(revokedResult.hasPrefix("closed after "), "\(revokedResult)")
        // New connections to the revoked port are refused; the allowed port still works.
        let again = try pair.client(["client-echo", SidecarPair.clusterIP, "\(AppPort.stream2)"])
        #expect(again.out == "error: ConnectionResetError", "\(again)")
        #expect(try pair.client(["client-echo", SidecarPair.clusterIP, "\(AppPort.echo)"]).out == "echo response: hello\n")
        #expect(pair.log("server").contains("authorization revoked"))
    }

    @Test func sigtermDrainsOpenConnectionsThenExits() throws {
        let pair = try SidecarPair()
        defer { pair.tearDown() }
        #expect(try pair.waitUntilReady() == "echo response: hello\n")
        let open = Background { try pair.client(["client-hold", SidecarPair.clusterIP, "\(AppPort.stream)", "4"]) }
        // SIGTERM once the held connection is open through the server's sidecar.
        for _ in 0..<100 {
            let metrics = try SidecarPair.metrics(of: pair.b)
            if metrics.split(separator: "\n").contains(where: { $0.hasPrefix("osm_tcp_connections_active{direction=\"inbound\"") && $0.hasSuffix(" 1") }) { break }
            usleep(100_000)
        }
        kill(pair.serverProxy, SIGTERM)
        var late = (code: Int32(0), out: "", err: "")
        for _ in 0..<20 {
            late = try pair.client(["client-echo", SidecarPair.clusterIP, "\(AppPort.echo)"])
            if late.out.hasPrefix("error:") { break }
            usleep(100_000)
        }
        #expect(late.out.hasPrefix("error:"), "new connections are refused while draining: \(late)")
        #expect(open.wait().hasPrefix("ok "), "the open connection finished")
        var exited = false
        for _ in 0..<50 where !exited {
            exited = kill(pair.serverProxy, 0) != 0 || (try? String(contentsOfFile: "/proc/\(pair.serverProxy)/stat", encoding: .utf8))?.contains(") Z ") == true
            if !exited { usleep(100_000) }
        }
        #expect(exited, "the proxy exits once drained: \(pair.log("server"))")
        #expect(pair.log("server").contains("drained"))
    }
}

/// Runs a blocking client on its own thread.
final class Background: @unchecked Sendable {
    private var result = ""
    private let done = DispatchSemaphore(value: 0)

    init(_ body: @escaping @Sendable () throws -> (code: Int32, out: String, err: String)) {
        Thread.detachNewThread { [self] in
            result = (try? body().out) ?? "error"
            done.signal()
        }
    }

    func wait() -> String {
        done.wait()
        return result
    }
}

/// Samples processes' RSS every 50 ms and keeps the peak.
final class PeakRSS: @unchecked Sendable {
    let pids: [Int32]
    private(set) var peaks: [Int]
    private var running = true
    private let finished = DispatchSemaphore(value: 0)

    init(pids: [Int32]) {
        self.pids = pids
        peaks = pids.map(SidecarPair.rssKiB)
    }

    func start() {
        Thread.detachNewThread { [self] in
            while running {
                for (i, pid) in pids.enumerated() { peaks[i] = max(peaks[i], SidecarPair.rssKiB(pid)) }
                usleep(50_000)
            }
            finished.signal()
        }
    }

    func stop() {
        running = false
        finished.wait()
    }
}
