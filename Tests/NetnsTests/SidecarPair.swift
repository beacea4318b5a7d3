// Two pods joined by a veth, each programmed by `osm proxy-init` and running `osm proxy` as
// uid 1500 with mesh certificates: curl's sidecar (10.244.77.1) and tcp-echo's (10.244.77.2),
// whose apps come from podtool.py. Everything is torn down by pid and namespace.
import Foundation
import MeshPKI

#if canImport(Glibc)
import Glibc
#endif

/// The ports of pod b's apps: echo-at-EOF, hash, slow reader, banner, two streaming echoes, and an unserved one.
enum AppPort {
    static let echo = 9000, unserved = 9001, sha = 9100, slow = 9200, banner = 9300, stream = 9400, stream2 = 9401
    static let served = [echo, sha, slow, banner, stream, stream2]
}

final class SidecarPair: @unchecked Sendable {
    let a: NetnsFixture, b: NetnsFixture
    let dir: String
    var pids: [Int32] = []
    var clientProxy: Int32 = 0
    var serverProxy: Int32 = 0
    static let clusterIP = "10.96.0.50"
    static let podtool = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("podtool.py").path

    init() throws {
        a = try NetnsFixture()
        b = try NetnsFixture()
        dir = "/tmp/\(a.name)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        chmod(dir, 0o755)
        let veth = "v\(a.name.suffix(6))"
        try NetnsFixture.check(NetnsFixture.run("/usr/sbin/ip", ["link", "add", veth + "a", "netns", a.name, "type", "veth", "peer", veth + "b", "netns", b.name]))
        for (ns, dev, ip) in [(a, veth + "a", "10.244.77.1/24"), (b, veth + "b", "10.244.77.2/24")] {
            try NetnsFixture.check(ns.exec("/usr/sbin/ip", ["addr", "add", ip, "dev", dev]))
            try NetnsFixture.check(ns.exec("/usr/sbin/ip", ["link", "set", dev, "up"]))
        }
        try NetnsFixture.check(a.exec("/usr/sbin/ip", ["route", "add", "10.96.0.0/12", "dev", veth + "a"]))
        for (mode, port) in [("serve-echo", AppPort.echo), ("serve-echo", AppPort.unserved), ("serve-sha", AppPort.sha),
                             ("serve-slow", AppPort.slow), ("serve-banner", AppPort.banner),
                             ("serve-stream", AppPort.stream), ("serve-stream", AppPort.stream2)] {
            pids.append(try b.spawn("/usr/bin/python3", [Self.podtool, mode, "\(port)"]))
        }
        try writePKI()
        try write("client.json", Self.clientConfig(version: 1))
        try write("server.json", Self.serverConfig(version: 1, revoked: []))
        try NetnsFixture.check(a.exec(ProxyInitTests.osm, ["proxy-init"]))
        try NetnsFixture.check(b.exec(ProxyInitTests.osm, ["proxy-init"]))
        serverProxy = try startProxy(b, side: "server")
        clientProxy = try startProxy(a, side: "client")
        pids += [serverProxy, clientProxy]
    }

    func tearDown() {
        for pid in pids where pid > 0 { kill(pid, SIGKILL) }
        a.remove()
        b.remove()
        try? FileManager.default.removeItem(atPath: dir)
    }

    private func startProxy(_ ns: NetnsFixture, side: String) throws -> Int32 {
        try ns.spawn("/usr/bin/setpriv", [
            "--reuid=1500", "--regid=1500", "--clear-groups", ProxyInitTests.osm, "proxy",
            "--config", "\(dir)/\(side).json", "--cert", "\(dir)/\(side).pem", "--key", "\(dir)/\(side).key",
            "--ca", "\(dir)/ca.pem", "--drain-seconds", "10",
        ], log: "\(dir)/\(side).log")
    }

    /// Runs podtool in pod a as the app (uid 0) or, with `bypass`, as uid 1500 (not redirected).
    /// The admin server's Prometheus text of the sidecar in `pod` (`a` or `b`).
    static func metrics(of pod: NetnsFixture) throws -> String {
        try pod.exec("/usr/bin/python3", ["-c", "import urllib.request;print(urllib.request.urlopen('http://127.0.0.1:15000/metrics').read().decode())"]).out
    }

    func client(_ args: [String], bypass: Bool = false) throws -> (code: Int32, out: String, err: String) {
        let tool = ["/usr/bin/python3", Self.podtool] + args
        return bypass
            ? try a.exec("/usr/bin/setpriv", ["--reuid=1500", "--regid=1500", "--clear-groups"] + tool)
            : try a.exec(tool[0], Array(tool.dropFirst()))
    }

    /// Waits until the echo answers through both sidecars (they are up and the tunnel works).
    func waitUntilReady() throws -> String {
        var last = (code: Int32(1), out: "", err: "")
        for _ in 0..<100 {
            last = try client(["client-echo", Self.clusterIP, "\(AppPort.echo)"])
            if last.out == "echo response: hello\n" { return last.out }
            usleep(100_000)
        }
        return "never ready: \(last); server log: \(log("server")); client log: \(log("client"))"
    }

    func log(_ side: String) -> String { (try? String(contentsOfFile: "\(dir)/\(side).log", encoding: .utf8)) ?? "" }

    func write(_ name: String, _ text: String) throws {
        let path = "\(dir)/\(name)"
        try text.write(toFile: path + ".tmp", atomically: false, encoding: .utf8)
        chmod(path + ".tmp", 0o644)
        rename(path + ".tmp", path)
    }

    private func writePKI() throws {
        let ca = try CertificateAuthority.create(commonName: "osm-ca.openservicemesh.io")
        try write("ca.pem", try ca.certificatePEM())
        for (side, sa, ns) in [("client", "curl", "curl"), ("server", "tcp-echo", "tcp-demo")] {
            let principal = "\(sa).\(ns).cluster.local"
            let issued = try ca.issue(LeafNames(commonName: principal, dnsNames: [principal],
                                                uris: ["spiffe://cluster.local/ns/\(ns)/sa/\(sa)"]), validFor: 3600)
            try write("\(side).pem", issued.certificatePEM)
            try write("\(side).key", issued.privateKeyPEM)
        }
    }

    static let header = """
        "schema":1,"meshName":"osm","trustDomain":"cluster.local","permissive":false,"egressPassthrough":false,
        "tls":{"minVersion":"TLSv1_2","maxVersion":"TLSv1_3","cipherSuites":[],"ecdhCurves":[]},
        "timeouts":{"connectTimeoutMillis":10000,"idleTimeoutMillis":0}
        """

    static func clientConfig(version: Int) -> String {
        let ports = AppPort.served + [AppPort.unserved]
        let routes = ports.map { p in
            #"{"name":"outbound_tcp-demo/tcp-echo_\#(p)_tcp","service":{"namespace":"tcp-demo","name":"tcp-echo"},"protocol":"tcp","addresses":["\#(clusterIP)"],"port":\#(p),"backends":[{"cluster":"tcp-demo/tcp-echo|\#(p)","weight":1}]}"#
        }
        let clusters = ports.map { p in
            #"{"name":"tcp-demo/tcp-echo|\#(p)","service":{"namespace":"tcp-demo","name":"tcp-echo"},"sni":"tcp-echo.tcp-demo.svc.cluster.local","serverIdentities":["tcp-echo.tcp-demo"],"endpoints":[{"address":"10.244.77.2","port":\#(p),"weight":1}]}"#
        }
        return #"{"version":\#(version),"identity":"curl.curl",\#(header),"outbound":[\#(routes.joined(separator: ","))],"clusters":[\#(clusters.joined(separator: ","))],"inbound":[]}"#
    }

    /// tcp-echo's sidecar: every served port allows curl.curl, except the `revoked` ones (nobody).
    static func serverConfig(version: Int, revoked: [Int]) -> String {
        let inbound = AppPort.served.map { p in
            let who = revoked.contains(p) ? "" : #""curl.curl""#
            return #"{"port":\#(p),"localPort":\#(p),"protocol":"tcp","serverNames":["tcp-echo.tcp-demo.svc.cluster.local"],"authorization":{"mode":"identities","identities":[\#(who)]}}"#
        }
        return #"{"version":\#(version),"identity":"tcp-echo.tcp-demo",\#(header),"outbound":[],"clusters":[],"inbound":[\#(inbound.joined(separator: ","))]}"#
    }

    /// Resident set size of a process in KiB.
    static func rssKiB(_ pid: Int32) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    }
}

extension NetnsFixture {
    /// Starts a long-running program inside the namespace; returns its pid (the caller kills it).
    func spawn(_ program: String, _ args: [String], log: String? = nil) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        p.arguments = ["netns", "exec", name, program] + args
        if let log {
            FileManager.default.createFile(atPath: log, contents: nil)
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
            p.standardOutput = handle
            p.standardError = handle
        } else {
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
        }
        try p.run()
        return p.processIdentifier
    }
}
