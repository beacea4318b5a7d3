import Foundation
import Testing

/// Two pods (network namespaces joined by a veth): the client pod runs `osm proxy-init` and `osm proxy` as
/// uid 1500; a connection to a routed ClusterIP reaches the server pod through the proxy with half-close carried
/// end to end; a destination without a route is reset at once.
@Suite("osm proxy outbound path across two pods", .serialized, .enabled(if: NetnsFixture.available))
struct OutboundProxyTests {
    static let echoServer = """
        import socket
        s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("0.0.0.0", 9000)); s.listen(8)
        while True:
            c, _ = s.accept(); data = b""
            while True:
                b = c.recv(4096)
                if not b: break
                data += b
            c.sendall(b"echo response: " + data); c.close()
        """

    static let client = """
        import socket, sys
        try:
            c = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=5)
            c.sendall(b"hello\\n"); c.shutdown(socket.SHUT_WR)
            out = b""
            while True:
                b = c.recv(4096)
                if not b: break
                out += b
            sys.stdout.write(out.decode()); sys.exit(0)
        except Exception as e:
            sys.stdout.write("error: %s" % type(e).__name__); sys.exit(1)
        """

    static func config(serverIP: String) -> String {
        """
        {"schema":1,"version":1,"meshName":"osm","identity":"curl.curl","trustDomain":"cluster.local",
         "permissive":false,"egressPassthrough":false,
         "tls":{"minVersion":"TLSv1_2","maxVersion":"TLSv1_3","cipherSuites":[],"ecdhCurves":[]},
         "timeouts":{"connectTimeoutMillis":2000,"idleTimeoutMillis":0},
         "outbound":[{"name":"tcp-echo","service":{"namespace":"tcp-demo","name":"tcp-echo"},"protocol":"tcp",
                      "addresses":["10.96.0.50"],"port":9000,"backends":[{"cluster":"tcp-echo|9000","weight":1}]}],
         "clusters":[{"name":"tcp-echo|9000","service":{"namespace":"tcp-demo","name":"tcp-echo"},
                      "sni":"tcp-echo.tcp-demo.svc.cluster.local","serverIdentities":["tcp-echo.tcp-demo"],
                      "endpoints":[{"address":"\(serverIP)","port":9000,"weight":1}]}],
         "inbound":[]}
        """
    }

    @Test func routedConnectionsReachTheServerAndOthersAreReset() throws {
        let a = try NetnsFixture(), b = try NetnsFixture()
        var pids: [Int32] = []
        defer {
            for pid in pids { kill(pid, SIGKILL) }
            a.remove()
            b.remove()
        }
        let veth = "v\(a.name.suffix(6))"
        try NetnsFixture.check(NetnsFixture.run("/usr/sbin/ip", ["link", "add", veth + "a", "netns", a.name, "type", "veth", "peer", veth + "b", "netns", b.name]))
        for (ns, dev, ip) in [(a, veth + "a", "10.244.77.1/24"), (b, veth + "b", "10.244.77.2/24")] {
            try NetnsFixture.check(ns.exec("/usr/sbin/ip", ["addr", "add", ip, "dev", dev]))
            try NetnsFixture.check(ns.exec("/usr/sbin/ip", ["link", "set", dev, "up"]))
        }
        try NetnsFixture.check(a.exec("/usr/sbin/ip", ["route", "add", "10.96.0.0/12", "dev", veth + "a"]))
        pids.append(try b.spawn("/usr/bin/python3", ["-c", Self.echoServer]))
        try NetnsFixture.check(a.exec(ProxyInitTests.osm, ["proxy-init"]))
        let configPath = FileManager.default.temporaryDirectory.appendingPathComponent("\(a.name).json").path
        try Self.config(serverIP: "10.244.77.2").write(toFile: configPath, atomically: true, encoding: .utf8)
        chmod(configPath, 0o644)
        defer { try? FileManager.default.removeItem(atPath: configPath) }
        pids.append(try a.spawn("/usr/bin/setpriv", ["--reuid=1500", "--regid=1500", "--clear-groups",
                                                     ProxyInitTests.osm, "proxy", "--config", configPath]))
        var answer = (code: Int32(1), out: "", err: "")
        for _ in 0..<50 {
            answer = try a.exec("/usr/bin/python3", ["-c", Self.client, "10.96.0.50", "9000"])
            if answer.code == 0 { break }
            usleep(100_000)
        }
        #expect(answer.out == "echo response: hello\n", "\(answer)")
        let started = Date()
        let denied = try a.exec("/usr/bin/python3", ["-c", Self.client, "10.96.0.51", "9000"])
        #expect(denied.code == 1 && denied.out.contains("ConnectionResetError"), "\(denied)")
        #expect(Date().timeIntervalSince(started) < 2, "a denial is immediate")
    }
}

extension NetnsFixture {
    /// Starts a long-running program inside the namespace; returns its pid (the caller kills it).
    func spawn(_ program: String, _ args: [String]) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        p.arguments = ["netns", "exec", name, program] + args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p.processIdentifier
    }
}
