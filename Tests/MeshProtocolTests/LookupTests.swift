// Per-connection lookups: outbound routes and decisions, weighted splits, inbound decisions.
import MeshProtocol
import Testing

@Suite("ProxyConfig lookups")
struct LookupTests {
    let clusterIP = IPv4Text.parse(Demo.clusterIP)!

    @Test func outboundRouteByNumberOrText() {
        let config = Demo.curlConfig
        #expect(config.outboundRoute(for: (ip: clusterIP, port: 9000))?.name == "outbound_tcp-demo/tcp-echo_9000_tcp")
        #expect(config.outboundRoute(for: (ip: "10.96.0.20", port: 9000))?.service == Demo.echoService)
        #expect(config.outboundRoute(for: (ip: "10.96.0.20", port: 9001)) == nil)
        #expect(config.outboundRoute(for: (ip: "10.96.0.21", port: 9000)) == nil)
        #expect(config.outboundRoute(for: (ip: "not-an-ip", port: 9000)) == nil)
        #expect(OutboundTable(config).route(ip: clusterIP, port: 9000) == config.outbound[0])
    }

    @Test func outboundDecisions() {
        var config = Demo.curlConfig
        guard case .route(let resolved) = config.outboundDecision(for: (ip: clusterIP, port: 9000)) else {
            Issue.record("expected a route")
            return
        }
        #expect(resolved.backend(at: 12345)?.sni == "tcp-echo.tcp-demo.svc.cluster.local")
        #expect(config.outboundDecision(for: (ip: clusterIP, port: 80)) == .reset(reason: "no route to 10.96.0.20:80"))
        config.egressPassthrough = true
        #expect(OutboundTable(config).decision(ip: clusterIP, port: 80) == .passthrough)
        config.clusters[0].endpoints = []
        #expect(OutboundTable(config).decision(ip: clusterIP, port: 9000)
            == .reset(reason: "route \"outbound_tcp-demo/tcp-echo_9000_tcp\" has no backend with endpoints"))
    }

    /// curl's config with two more clusters of tcp-echo: v2, and v3 without endpoints.
    static var splitConfig: ProxyConfig {
        var config = Demo.curlConfig
        var v2 = Demo.echoCluster
        v2.name = "tcp-demo/tcp-echo-v2|9000"
        var v3 = Demo.echoCluster
        v3.name = "tcp-demo/tcp-echo-v3|9000"
        v3.endpoints = []
        config.clusters += [v2, v3]
        return config
    }

    @Test func theTableDecidesAsTheConfigDoes() {
        var config = Self.splitConfig
        config.outbound[0].backends = [WeightedCluster(cluster: "tcp-demo/tcp-echo|9000", weight: 3),
                                       WeightedCluster(cluster: "tcp-demo/tcp-echo-v2|9000", weight: 1),
                                       WeightedCluster(cluster: "tcp-demo/tcp-echo-v3|9000", weight: 5)]
        var headless = config.outbound[0]
        headless.name = "outbound_tcp-demo/headless_7000_tcp"
        headless.addresses = ["10.244.0.12", "10.244.0.13"]
        headless.port = 7000
        var dead = config.outbound[0]
        dead.name = "outbound_tcp-demo/dead_8000_tcp"
        dead.port = 8000
        dead.backends = [WeightedCluster(cluster: "tcp-demo/tcp-echo-v3|9000", weight: 1)]
        config.outbound += [headless, dead]
        let table = OutboundTable(config)
        let probes: [(String, UInt16)] = [(Demo.clusterIP, 9000), (Demo.clusterIP, 8000), (Demo.clusterIP, 7000),
                                          ("10.244.0.12", 7000), ("10.244.0.13", 7000), ("10.244.0.14", 7000),
                                          ("10.244.0.12", 9000), ("192.0.2.1", 443)]
        for (address, port) in probes {
            let ip = IPv4Text.parse(address)!
            #expect(table.decision(ip: ip, port: port) == config.outboundDecision(for: (ip: ip, port: port)), "\(address):\(port)")
        }
        guard case .route(let resolved) = table.decision(ip: clusterIP, port: 9000) else {
            Issue.record("expected a route")
            return
        }
        #expect(resolved.backends.map(\.cluster.name) == ["tcp-demo/tcp-echo|9000", "tcp-demo/tcp-echo-v2|9000"], "no endpoints: left out")
    }

    @Test func headlessRouteMatchesEachPodIP() {
        var config = Demo.curlConfig
        config.outbound[0].addresses = ["10.244.0.12", "10.244.0.13"]
        #expect(config.outboundRoute(for: (ip: "10.244.0.13", port: 9000)) != nil)
        #expect(config.outboundRoute(for: (ip: "10.96.0.20", port: 9000)) == nil)
    }

    @Test func trafficSplitPicksByWeightAndSkipsUnusableBackends() {
        var config = Self.splitConfig
        config.outbound[0].backends = [
            WeightedCluster(cluster: "tcp-demo/tcp-echo|9000", weight: 75),
            WeightedCluster(cluster: "tcp-demo/tcp-echo-v2|9000", weight: 25),
            WeightedCluster(cluster: "tcp-demo/tcp-echo-v3|9000", weight: 50),
            WeightedCluster(cluster: "tcp-demo/gone|9000", weight: 50),
        ]
        let resolved = config.resolve(config.outbound[0])
        #expect(resolved.totalWeight == 100)
        let picks = (0..<100).map { resolved.backend(at: UInt64($0))!.name }
        #expect(picks.filter { $0 == "tcp-demo/tcp-echo|9000" }.count == 75)
        #expect(picks.filter { $0 == "tcp-demo/tcp-echo-v2|9000" }.count == 25)
        #expect(resolved.backend(at: 170)?.name == "tcp-demo/tcp-echo|9000")
        #expect(resolved.backend(at: 175)?.name == "tcp-demo/tcp-echo-v2|9000")
    }

    @Test func inboundDecisions() {
        var config = Demo.echoConfig
        #expect(config.inboundPolicy(port: 9000)?.localPort == 9000)
        #expect(config.inboundPolicy(port: 9001) == nil)
        let sni = Demo.echoService.sni
        #expect(config.inboundDecision(port: 9000, peer: Demo.curl, serverName: sni) == .allow(localPort: 9000, policy: "traffic-target"))
        #expect(config.inboundDecision(port: 9000, peer: Demo.tcpEcho)
            == .deny(policy: "traffic-target", reason: "identity tcp-echo.tcp-demo is not allowed on port 9000"))
        #expect(config.inboundDecision(port: 9001, peer: Demo.curl) == .deny(policy: "port-not-served", reason: "port 9001 is not served"))
        #expect(config.inboundDecision(port: 9000, peer: nil) == .deny(policy: "no-client-certificate", reason: "no client certificate on port 9000"))
        #expect(config.inboundDecision(port: 9000, peer: Demo.curl, serverName: "other.svc")
            == .deny(policy: "server-name", reason: "server name \"other.svc\" is not served on port 9000"))
        config.inbound[0].authorization = .identities([])
        #expect(config.inboundDecision(port: 9000, peer: Demo.curl) != .allow(localPort: 9000, policy: "traffic-target"))
        config.inbound[0].authorization = .anyMeshIdentity
        #expect(config.inboundDecision(port: 9000, peer: Demo.tcpEcho) == .allow(localPort: 9000, policy: "permissive"))
    }
}
