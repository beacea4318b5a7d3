// `osm controller` as a process against an API server driven by kubectl: it creates the mesh CA
// Secret, serves a proxy (with a certificate from that CA) its pod's config, and pushes a new
// config when the guide's TrafficTarget and TCPRoute are applied; figures are printed.
import Foundation
import Logging
import MeshController
import MeshProtocol
import MeshProxy
import MeshPKI
import MeshTLS
import Synchronization
import MeshTestSupport
import Testing

@Suite("osm controller", .serialized)
struct ControllerProcessTests {
    static let cluster = """
        apiVersion: v1
        kind: Namespace
        metadata: {name: tcp-demo, labels: {openservicemesh.io/monitored-by: osm}}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: curl, labels: {openservicemesh.io/monitored-by: osm}}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: osm-system}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: tcp-echo, namespace: tcp-demo}
        spec:
          selector: {app: tcp-echo}
          ports: [{name: tcp, port: 9000, appProtocol: tcp}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: tcp-echo-1, namespace: tcp-demo, labels: {app: tcp-echo}}
        spec:
          serviceAccountName: tcp-echo
          containers: [{name: main, image: openservicemesh/tcp-echo-server}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: curl-1, namespace: curl, labels: {app: curl}}
        spec:
          serviceAccountName: curl
          containers: [{name: curl, image: curlimages/curl}]
        ---
        apiVersion: config.openservicemesh.io/v1alpha2
        kind: MeshConfig
        metadata: {name: osm-mesh-config, namespace: osm-system}
        spec:
          traffic: {enablePermissiveTrafficPolicyMode: false}
        """

    /// A port for a process this test starts, free when chosen: below the kernel's ephemeral range
    /// (32768–60999), so no outgoing connection can take it before the process binds it, and
    /// never one handed out before in this run.
    static func freePort() -> Int {
        while true {
            let port = Int.random(in: 20000..<32000)
            guard handedOut.withLock({ $0.insert(port).inserted }) else { continue }
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_addr.s_addr = inet_addr("127.0.0.1")
            addr.sin_port = in_port_t(UInt16(port).bigEndian)
            let bound = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            if bound == 0 { return port }
        }
    }

    private static let handedOut = Mutex<Set<Int>>([])

    @Test func theControllerServesAndPushesPolicyChanges() async throws {
        let c = try await TestCluster.start()
        defer { c.shutdown() }
        var r = try await c.kubectl("apply", "-f", MeshManifestTests.crdDirectory)
        #expect(r.code == 0, "\(r)")
        r = try await c.kubectl("apply", "-f", "-", stdin: Self.cluster)
        #expect(r.code == 0, "\(r)")
        // The node is absent: give the echo pod an address and its Endpoints by hand.
        r = try await c.kubectl("apply", "-f", "-", stdin: """
            apiVersion: v1
            kind: Endpoints
            metadata: {name: tcp-echo, namespace: tcp-demo}
            subsets:
            - addresses: [{ip: 10.244.0.12, targetRef: {kind: Pod, namespace: tcp-demo, name: tcp-echo-1}}]
              ports: [{name: tcp, port: 9000}]
            """)
        #expect(r.code == 0, "\(r)")

        let port = Self.freePort(), healthPort = Self.freePort()
        let controller = try Kubectl.Background(program: ClusterCLITests.osm,
                                                ["controller", "--kubeconfig", c.kubeconfig, "--listen", "127.0.0.1:\(port)",
                                                 "--health-listen", "127.0.0.1:\(healthPort)"])
        defer { controller.stop() }
        // The first controller creates the CA Secret; a proxy certificate comes from it.
        var secret = Kubectl.Result(out: "", err: "", code: 1)
        for _ in 0..<100 {
            secret = try await c.kubectl("get", "secret", "osm-ca-bundle", "-n", "osm-system", "-o", #"jsonpath={.data.ca\.crt} {.data.private\.key}"#)
            if secret.code == 0, !secret.out.isEmpty { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let parts = secret.out.split(separator: " ").map { String(decoding: Data(base64Encoded: String($0)) ?? Data(), as: UTF8.self) }
        try #require(parts.count == 2, "\(secret)")
        let ca = try CertificateAuthority(certificatePEM: parts[0], privateKeyPEM: parts[1])
        let curl = ServiceIdentity(serviceAccount: "curl", namespace: "curl")
        let credentials = try MeshCredentials(credential: ca.issue(MeshCertificateAuthority.names(curl, trustDomain: "cluster.local"), validFor: 3600),
                                              trustBundlePEM: ca.certificatePEM())
        let verifier = try PeerVerifier(store: CredentialStore(credentials), trustDomain: "cluster.local")
        let client = ConfigStreamClient(controller: ControllerEndpoint(host: "127.0.0.1", port: port), namespace: "curl", pod: "curl-1",
                                        verifier: verifier, logger: Logger(label: "proxy"))
        let received = Received()
        let stream = Task { await client.run { config in received.add(config) } }
        defer { stream.cancel() }
        func wait(for count: Int) async {
            for _ in 0..<3000 where received.count < count { try? await Task.sleep(for: .milliseconds(10)) }
        }
        await wait(for: 1)
        let first = try #require(received.all.first?.0, "the proxy gets a config: \(controller.text)")
        #expect(first.identity == curl && first.outbound.isEmpty, "SMI mode without targets: no routes")

        let applied = ContinuousClock.now
        r = try await c.kubectl("apply", "-f", "-", stdin: MeshManifestTests.guidePolicies)
        let returned = ContinuousClock.now
        #expect(r.code == 0, "\(r)")
        await wait(for: 2)
        let all = received.all
        let pushed = try #require(all.count > 1 ? all.last : nil, "a push after the policy: \(controller.text)")
        #expect(pushed.0.outbound.map(\.service.name) == ["tcp-echo"] && pushed.0.version > first.version)
        print("policy push: \(pushed.1 - applied) from kubectl apply start, \(pushed.1 - returned) after it returned")

        // The health server: ready (CA, listener, first snapshot), and metrics counting what happened above.
        func get(_ path: String) async throws -> String {
            try await RawHTTP.fetch(port: healthPort, "GET \(path) HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
        }
        #expect(try await get("/health/ready").hasPrefix("HTTP/1.1 200"))
        #expect(try await get("/health/alive").hasPrefix("HTTP/1.1 200"))
        #expect(try await get("/version").contains(#""component":"osm-controller""#))
        #expect(try await get("/nope").hasPrefix("HTTP/1.1 404"))
        let metrics = try await get("/metrics")
        #expect(metrics.contains("\nosm_controller_proxies_connected 1\n"), "\(metrics)")
        #expect(metrics.contains("\nosm_controller_certificates_issued_total 0\n"), "this proxy sent no CSR: \(metrics)")
        let pushes = metrics.split(separator: "\n").first { $0.hasPrefix("osm_controller_config_pushes_total ") }
        #expect(pushes.flatMap { Int($0.split(separator: " ").last ?? "") }.map { $0 >= 2 } == true, "\(metrics)")
    }
}


extension ControllerProcessTests {
    @Test func replicasElectOneLeaderThatReportsIgnoredPolicies() async throws {
        let c = try await TestCluster.start()
        defer { c.shutdown() }
        var r = try await c.kubectl("apply", "-f", MeshManifestTests.crdDirectory)
        #expect(r.code == 0, "\(r)")
        r = try await c.kubectl("apply", "-f", "-", stdin: Self.cluster)
        #expect(r.code == 0, "\(r)")
        func start() throws -> (Kubectl.Background, Int) {
            let health = Self.freePort()
            let process = try Kubectl.Background(program: ClusterCLITests.osm, [
                "controller", "--kubeconfig", c.kubeconfig, "--listen", "127.0.0.1:\(Self.freePort())",
                "--health-listen", "127.0.0.1:\(health)", "--leader-lease-seconds", "6"])
            return (process, health)
        }
        let (first, firstHealth) = try start()
        defer { first.stop() }
        let (second, secondHealth) = try start()
        defer { second.stop() }
        func leads(_ port: Int) async -> Bool {
            (try? await RawHTTP.fetch(port: port, "GET /metrics HTTP/1.1\r\nconnection: close\r\n\r\n"))?.contains("\nosm_controller_leader 1\n") == true
        }
        func holder() async throws -> String {
            try await c.kubectl("get", "lease", "osm-controller-leader", "-n", "osm-system", "-o", "jsonpath={.spec.holderIdentity}").out
        }
        var leaders = 0
        for _ in 0..<100 {
            leaders = (await leads(firstHealth) ? 1 : 0) + (await leads(secondHealth) ? 1 : 0)
            if leaders == 1 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(leaders == 1, "exactly one replica leads: \(first.text)\n\(second.text)")
        #expect(try await holder().isEmpty == false)

        // A TrafficTarget naming a missing TCPRoute, and one in the wrong namespace: one Warning Event each,
        // written by the leader only.
        r = try await c.kubectl("apply", "-f", "-", stdin: """
            apiVersion: access.smi-spec.io/v1alpha3
            kind: TrafficTarget
            metadata: {name: no-route, namespace: tcp-demo}
            spec:
              destination: {kind: ServiceAccount, name: tcp-echo, namespace: tcp-demo}
              sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
              rules: [{kind: TCPRoute, name: missing}]
            ---
            apiVersion: access.smi-spec.io/v1alpha3
            kind: TrafficTarget
            metadata: {name: misplaced, namespace: curl}
            spec:
              destination: {kind: ServiceAccount, name: tcp-echo, namespace: tcp-demo}
              sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
              rules: [{kind: TCPRoute, name: missing}]
            """)
        #expect(r.code == 0, "\(r)")
        var events = ""
        for _ in 0..<100 {
            events = try await c.kubectl("get", "events", "-A", "--field-selector", "reason=IgnoredPolicy", "-o",
                                         "jsonpath={range .items[*]}{.involvedObject.name}: {.message}{\"\\n\"}{end}").out
            if events.split(separator: "\n").count >= 2 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        try await Task.sleep(for: .milliseconds(500))
        events = try await c.kubectl("get", "events", "-A", "--field-selector", "reason=IgnoredPolicy", "-o",
                                     "jsonpath={range .items[*]}{.involvedObject.name}: {.message}{\"\\n\"}{end}").out
        let lines = events.split(separator: "\n").sorted()
        #expect(lines == [
            "misplaced: TrafficTarget curl/misplaced: its namespace must match spec.destination.namespace (tcp-demo)",
            "no-route: TrafficTarget tcp-demo/no-route: a TCPRoute it names does not exist, so the destination admits nobody by it",
        ], "one Event per problem, from one replica: \(events)")

        // The leader goes away: the other replica takes the lease over once it expires.
        let before = try await holder()
        let (leader, follower) = await leads(firstHealth) ? (first, secondHealth) : (second, firstHealth)
        leader.stop()
        var tookOver = false
        for _ in 0..<300 where !tookOver {  // the lease (6 s) runs out well within this
            try await Task.sleep(for: .milliseconds(100))
            tookOver = await leads(follower)
        }
        #expect(tookOver, "the follower leads after the leader stopped")
        #expect(try await holder() != before)
    }
}

/// Configs a test proxy received, with when.
final class Received: Sendable {
    private let list = Mutex<[(ProxyConfig, ContinuousClock.Instant)]>([])
    func add(_ config: ProxyConfig) { list.withLock { $0.append((config, .now)) } }
    var all: [(ProxyConfig, ContinuousClock.Instant)] { list.withLock { $0 } }
    var count: Int { list.withLock { $0.count } }
}
