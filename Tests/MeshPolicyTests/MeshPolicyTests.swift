// The policy engine on the guide's cluster: permissive mode, SMI with and without the guide's
// TrafficTarget and TCPRoute, OSM's validity rules, protocol classification, splits, headless.
import KubeModel
import MeshPolicy
import MeshProtocol
import Testing

/// The guide's objects, built small.
enum Guide {
    static func namespace(_ name: String, meshed: Bool = true) -> JSON {
        ["metadata": ["name": .string(name), "labels": meshed ? ["openservicemesh.io/monitored-by": "osm"] : [:]]]
    }
    static func service(_ ns: String, _ name: String, port: Int64, portName: String? = nil, appProtocol: String? = nil,
                        clusterIP: String, app: String? = nil) -> JSON {
        var p: JSON = ["port": .int(port), "targetPort": .int(port), "protocol": "TCP"]
        if let portName { p["name"] = .string(portName) }
        if let appProtocol { p["appProtocol"] = .string(appProtocol) }
        return ["metadata": ["name": .string(name), "namespace": .string(ns)],
                "spec": ["clusterIP": .string(clusterIP), "selector": ["app": .string(app ?? name)], "ports": [p]]]
    }
    static func pod(_ ns: String, _ name: String, app: String, sa: String, ip: String) -> JSON {
        ["metadata": ["name": .string(name), "namespace": .string(ns), "labels": ["app": .string(app)]],
         "spec": ["serviceAccountName": .string(sa)], "status": ["podIP": .string(ip)]]
    }
    static func endpoints(_ ns: String, _ name: String, pods: [(name: String, ip: String)], port: Int64, portName: String? = nil) -> JSON {
        var p: JSON = ["port": .int(port), "protocol": "TCP"]
        if let portName { p["name"] = .string(portName) }
        return ["metadata": ["name": .string(name), "namespace": .string(ns)],
                "subsets": [["addresses": .array(pods.map { ["ip": .string($0.ip), "targetRef": ["kind": "Pod", "namespace": .string(ns), "name": .string($0.name)]] }),
                             "ports": [p]]]]
    }
    static let tcpEcho = service("tcp-demo", "tcp-echo", port: 9000, portName: "tcp", appProtocol: "tcp", clusterIP: "10.96.0.20")
    static let curlService = service("curl", "curl", port: 80, portName: "http", clusterIP: "10.96.0.30")
    static let echoPod = pod("tcp-demo", "tcp-echo-1", app: "tcp-echo", sa: "tcp-echo", ip: "10.244.0.12")
    static let curlPod = pod("curl", "curl-1", app: "curl", sa: "curl", ip: "10.244.0.13")
    static let trafficTarget: JSON = [
        "metadata": ["name": "tcp-access", "namespace": "tcp-demo"],
        "spec": ["destination": ["kind": "ServiceAccount", "name": "tcp-echo", "namespace": "tcp-demo"],
                 "sources": [["kind": "ServiceAccount", "name": "curl", "namespace": "curl"]],
                 "rules": [["kind": "TCPRoute", "name": "tcp-echo-route"]]]]
    static func tcpRoute(ports: [Int64]) -> JSON {
        ["metadata": ["name": "tcp-echo-route", "namespace": "tcp-demo"], "spec": ["matches": ["ports": .array(ports.map { .int($0) })]]]
    }

    static func snapshot(permissive: Bool, targets: [JSON] = [], routes: [JSON] = [], splits: [JSON] = [],
                         extraServices: [JSON] = [], extraEndpoints: [JSON] = [], extraPods: [JSON] = []) -> MeshSnapshot {
        MeshSnapshot(
            settings: MeshSettings(permissive: permissive),
            namespaces: [namespace("tcp-demo"), namespace("curl"), namespace("other", meshed: false)],
            services: [tcpEcho, curlService, service("other", "outside", port: 7000, clusterIP: "10.96.0.40")] + extraServices,
            endpoints: [endpoints("tcp-demo", "tcp-echo", pods: [("tcp-echo-1", "10.244.0.12")], port: 9000, portName: "tcp"),
                        endpoints("curl", "curl", pods: [("curl-1", "10.244.0.13")], port: 80, portName: "http")] + extraEndpoints,
            pods: [echoPod, curlPod] + extraPods, trafficTargets: targets, tcpRoutes: routes, trafficSplits: splits)
    }
}

@Suite("Policy engine")
struct MeshPolicyTests {
    @Test func portProtocolsFollowOSMsOrder() {
        func proto(_ port: JSON) -> String? { PortProtocol.of(port) }
        #expect(proto(["name": "http-x", "appProtocol": "tcp"]) == "tcp", "appProtocol wins")
        #expect(proto(["appProtocol": "HTTPS"]) == "HTTPS", "taken verbatim")
        #expect(proto(["name": "tcp-server-first-db"]) == "tcp-server-first")
        #expect(proto(["name": "tcp-server-first"]) == "tcp", "no trailing dash: matches tcp-")
        #expect(proto(["name": "tcp"]) == "http", "exactly tcp does not match; TCP defaults to http")
        #expect(proto(["name": "grpc-api"]) == "grpc")
        #expect(proto(["protocol": "UDP", "name": "dns"]) == nil)
        #expect(PortProtocol.transport("http") == "tcp" && PortProtocol.transport("tcp-server-first") == "tcp-server-first")
    }

    @Test func permissiveModeReachesEveryMeshServiceAndAdmitsAnyMeshIdentity() throws {
        let builder = ProxyConfigBuilder(Guide.snapshot(permissive: true))
        let curl = builder.config(for: Guide.curlPod, version: 3)
        #expect(curl.identity.description == "curl.curl" && curl.version == 3 && curl.permissive)
        let route = try #require(curl.outbound.first { $0.service.name == "tcp-echo" })
        #expect(route.addresses == ["10.96.0.20"] && route.port == 9000 && route.protocol == "tcp")
        #expect(route.name == "outbound_tcp-demo/tcp-echo_9000_tcp")
        #expect(route.backends == [WeightedCluster(cluster: "tcp-demo/tcp-echo|9000")])
        let cluster = try #require(curl.clusters.first { $0.name == "tcp-demo/tcp-echo|9000" })
        #expect(cluster.endpoints == [Endpoint(address: "10.244.0.12", port: 9000)])
        #expect(cluster.serverIdentities.map(\.description) == ["tcp-echo.tcp-demo"])
        #expect(cluster.sni == "tcp-echo.tcp-demo.svc.cluster.local")
        #expect(!curl.outbound.contains { $0.service.namespace == "other" }, "unmonitored namespaces are not in the mesh")
        let echo = builder.config(for: Guide.echoPod, version: 3)
        #expect(echo.inbound == [InboundPort(port: 9000, serverNames: ["tcp-echo.tcp-demo.svc.cluster.local"], authorization: .anyMeshIdentity)])
        #expect(curl.validate().isEmpty && echo.validate().isEmpty, "\(curl.validate()) \(echo.validate())")
    }

    @Test func smiModeWithoutTargetsReachesNothingAndAdmitsNobody() {
        let builder = ProxyConfigBuilder(Guide.snapshot(permissive: false))
        #expect(builder.config(for: Guide.curlPod, version: 1).outbound.isEmpty)
        #expect(builder.config(for: Guide.echoPod, version: 1).inbound.map(\.authorization) == [.identities([])])
    }

    @Test func theGuidesTargetAndRouteAllowCurlOnPort9000() throws {
        let builder = ProxyConfigBuilder(Guide.snapshot(permissive: false, targets: [Guide.trafficTarget], routes: [Guide.tcpRoute(ports: [9000])]))
        let curl = builder.config(for: Guide.curlPod, version: 1)
        #expect(curl.outbound.map(\.service.name) == ["tcp-echo"])
        let echo = builder.config(for: Guide.echoPod, version: 1)
        #expect(echo.inbound.first?.authorization == .identities([ServiceIdentity(serviceAccount: "curl", namespace: "curl")]))
        #expect(echo.outbound.isEmpty, "the server may reach nothing itself")
    }

    @Test func aRouteWithoutThePortOpensTheClientButNotTheServer() {
        let builder = ProxyConfigBuilder(Guide.snapshot(permissive: false, targets: [Guide.trafficTarget], routes: [Guide.tcpRoute(ports: [8080])]))
        #expect(builder.config(for: Guide.curlPod, version: 1).outbound.count == 1)
        #expect(builder.config(for: Guide.echoPod, version: 1).inbound.first?.authorization == .identities([]))
        let any = ProxyConfigBuilder(Guide.snapshot(permissive: false, targets: [Guide.trafficTarget], routes: [Guide.tcpRoute(ports: [])]))
        #expect(any.config(for: Guide.echoPod, version: 1).inbound.first?.authorization != .identities([]), "ports: [] allows every port")
    }

    @Test func aMissingRouteOpensTheClientButIsDroppedFromInbound() {
        let builder = ProxyConfigBuilder(Guide.snapshot(permissive: false, targets: [Guide.trafficTarget]))
        #expect(builder.config(for: Guide.curlPod, version: 1).outbound.count == 1)
        #expect(builder.config(for: Guide.echoPod, version: 1).inbound.first?.authorization == .identities([]))
    }

    @Test func invalidTargetsAreIgnoredWithAReason() {
        var mismatch = Guide.trafficTarget
        mismatch[["spec", "destination", "namespace"]] = "curl"
        var udp = Guide.trafficTarget
        udp[["metadata", "name"]] = "udp"
        udp[["spec", "rules"]] = [["kind": "TCPRoute", "name": "tcp-echo-route"], ["kind": "UDPRoute", "name": "u"]]
        var empty = Guide.trafficTarget
        empty[["metadata", "name"]] = "empty"
        empty[["spec", "rules"]] = []
        let builder = ProxyConfigBuilder(Guide.snapshot(permissive: false, targets: [mismatch, udp, empty], routes: [Guide.tcpRoute(ports: [9000])]))
        #expect(builder.rules.isEmpty)
        #expect(builder.problems.count == 3)
        #expect(builder.problems.map(\.description).contains { $0.contains("must match spec.destination.namespace") })
        #expect(builder.config(for: Guide.curlPod, version: 1).outbound.isEmpty)
    }

    @Test func aTrafficSplitSharesTheApexAmongItsBackends() throws {
        let v1 = Guide.service("tcp-demo", "tcp-echo-v1", port: 9000, portName: "tcp", appProtocol: "tcp", clusterIP: "10.96.0.21", app: "tcp-echo")
        let v2 = Guide.service("tcp-demo", "tcp-echo-v2", port: 9000, portName: "tcp", appProtocol: "tcp", clusterIP: "10.96.0.22", app: "tcp-echo")
        let split: JSON = ["metadata": ["name": "split", "namespace": "tcp-demo"],
                           "spec": ["service": "tcp-echo.tcp-demo.svc.cluster.local",
                                    "backends": [["service": "tcp-echo-v1", "weight": 90], ["service": "tcp-echo-v2", "weight": 10],
                                                 ["service": "missing", "weight": 5]]]]
        let snapshot = Guide.snapshot(
            permissive: true, splits: [split], extraServices: [v1, v2],
            extraEndpoints: [Guide.endpoints("tcp-demo", "tcp-echo-v1", pods: [("tcp-echo-1", "10.244.0.12")], port: 9000, portName: "tcp"),
                             Guide.endpoints("tcp-demo", "tcp-echo-v2", pods: [("tcp-echo-1", "10.244.0.12")], port: 9000, portName: "tcp")])
        let curl = ProxyConfigBuilder(snapshot).config(for: Guide.curlPod, version: 1)
        let apex = try #require(curl.outbound.first { $0.service.name == "tcp-echo" })
        #expect(apex.backends == [WeightedCluster(cluster: "tcp-demo/tcp-echo-v1|9000", weight: 90),
                                  WeightedCluster(cluster: "tcp-demo/tcp-echo-v2|9000", weight: 10)])
        #expect(curl.validate().isEmpty, "\(curl.validate())")
    }

    @Test func headlessServicesAreDialledAtTheirEndpoints() throws {
        let db = Guide.service("tcp-demo", "db", port: 5432, portName: "tcp-server-first-pg", clusterIP: "None")
        let dbPod = Guide.pod("tcp-demo", "db-0", app: "db", sa: "db", ip: "10.244.0.20")
        let snapshot = Guide.snapshot(permissive: true, extraServices: [db],
                                      extraEndpoints: [Guide.endpoints("tcp-demo", "db", pods: [("db-0", "10.244.0.20")], port: 5432, portName: "tcp-server-first-pg")],
                                      extraPods: [dbPod])
        let builder = ProxyConfigBuilder(snapshot)
        let route = try #require(builder.config(for: Guide.curlPod, version: 1).outbound.first { $0.service.name == "db" })
        #expect(route.addresses == ["10.244.0.20"] && route.protocol == "tcp-server-first")
        #expect(builder.config(for: dbPod, version: 1).inbound.first?.protocol == "tcp-server-first")
    }
}

@Suite("Egress policies")
struct EgressPolicyTests {
    static func egress(_ ns: String, ports: [(Int64, String)], ips: [String] = [], sources: [JSON]) -> JSON {
        ["metadata": ["name": "db", "namespace": .string(ns)],
         "spec": ["sources": .array(sources), "ipAddresses": .array(ips.map { .string($0) }),
                  "ports": .array(ports.map { ["number": .int($0.0), "protocol": .string($0.1)] })]]
    }
    static let curlSA: JSON = ["kind": "ServiceAccount", "name": "curl", "namespace": "curl"]

    @Test func tcpPortsBecomeRulesOfTheSources() {
        var snapshot = Guide.snapshot(permissive: false)
        snapshot.egresses = [
            Self.egress("curl", ports: [(5432, "TCP"), (80, "http"), (3306, "tcp-server-first")], ips: ["203.0.113.0/24"], sources: [Self.curlSA]),
            Self.egress("other", ports: [(22, "tcp")], sources: [Self.curlSA]),  // not a monitored namespace
        ]
        let builder = ProxyConfigBuilder(snapshot)
        let rules = builder.config(for: Guide.curlPod, version: 1).egress
        #expect(rules.map(\.port) == [3306, 5432])
        #expect(rules.allSatisfy { $0.name == "curl/db" && $0.cidrs == ["203.0.113.0/24"] })
        #expect(builder.egress.problems.map(\.message) == ["Egress curl/db: port 80 (http) is ignored: only tcp and tcp-server-first egress is carried"])
        #expect(builder.config(for: Guide.echoPod, version: 1).egress.isEmpty, "only the sources get the rules")
        #expect(builder.config(for: Guide.curlPod, version: 1).validate().isEmpty)
    }

    @Test func passthroughMakesEgressPoliciesMoot() {
        var snapshot = Guide.snapshot(permissive: false)
        snapshot.settings.egress = true
        snapshot.egresses = [Self.egress("curl", ports: [(5432, "tcp")], sources: [Self.curlSA])]
        let config = ProxyConfigBuilder(snapshot).config(for: Guide.curlPod, version: 1)
        #expect(config.egress.isEmpty && config.egressPassthrough)
    }

    @Test func invalidRangesIgnoreTheWholeObject() {
        var snapshot = Guide.snapshot(permissive: false)
        snapshot.egresses = [Self.egress("curl", ports: [(5432, "tcp")], ips: ["203.0.113.0/24", "bogus"], sources: [Self.curlSA])]
        let builder = ProxyConfigBuilder(snapshot)
        #expect(builder.config(for: Guide.curlPod, version: 1).egress.isEmpty)
        #expect(builder.egress.problems.first?.message.contains("invalid range (bogus)") == true)
    }
}

@Suite("Policy notices")
struct PolicyNoticeTests {
    @Test func ignoredTargetsAndEgressPartsBecomeNotices() {
        var misplaced = Guide.trafficTarget
        misplaced[["metadata", "namespace"]] = "curl"
        misplaced[["metadata", "uid"]] = "u-2"
        misplaced["kind"] = "TrafficTarget"
        misplaced["apiVersion"] = "access.smi-spec.io/v1alpha3"
        var snapshot = Guide.snapshot(permissive: false, targets: [Guide.trafficTarget, misplaced])  // the guide's route is missing
        snapshot.egresses = [EgressPolicyTests.egress("curl", ports: [(80, "http")], sources: [EgressPolicyTests.curlSA])]
        let (rules, problems) = AccessRule.rules(snapshot)
        let notices = PolicyNotices.of(snapshot, rules: rules, problems: problems, egress: EgressPolicies(snapshot))
        #expect(notices.map(\.message) == [
            "TrafficTarget curl/tcp-access: its namespace must match spec.destination.namespace (tcp-demo)",
            "TrafficTarget tcp-demo/tcp-access: a TCPRoute it names does not exist, so the destination admits nobody by it",
            "Egress curl/db: port 80 (http) is ignored: only tcp and tcp-server-first egress is carried",
        ])
        #expect(notices[0].involvedObject[["metadata", "uid"]] == "u-2" && notices[0].kind == "TrafficTarget")
        #expect(notices.allSatisfy { $0.reason == "IgnoredPolicy" })
        let valid = Guide.snapshot(permissive: false, targets: [Guide.trafficTarget], routes: [Guide.tcpRoute(ports: [9000])])
        let (r2, p2) = AccessRule.rules(valid)
        #expect(PolicyNotices.of(valid, rules: r2, problems: p2, egress: EgressPolicies(valid)).isEmpty)
    }
}

@Suite("MeshConfig certificate validity")
struct CertificateValidityTests {
    static func validity(_ text: String) throws -> Double {
        MeshSettings(meshConfig: try JSON.parse(#"{"spec": {"certificate": {"serviceCertValidityDuration": "\#(text)"}}}"#)).certificateValidity
    }

    @Test func anEnormousDurationIsCappedAtTenYears() throws {
        #expect(try Self.validity("2562047788015216h") == MeshSettings.longestValidity)
        // A number beyond any double is no duration (Go's parser refuses it too): the default stays.
        #expect(try Self.validity(String(repeating: "9", count: 400) + "h") == 86_400)
        #expect(try Self.validity("24h") == 86_400)
    }
}
