// ClusterDNSService against the embedded API server: a new Service's allocated ClusterIP answers
// a real UDP (and TCP) query on 127.0.0.1, a headless Service's Endpoints answer by hostname, and
// a deleted Service turns into NXDOMAIN. Waits poll; no timing is asserted.
import DNSWire
import KubeClient
import KubeModel
import KubeTestSupport
import Logging
import NodeRuntime
import Testing

@Suite("ClusterDNSService against the embedded API server", .serialized)
struct DNSServiceTests {
    /// Polls `check` until it is true or 60 s pass (this pass shares two CPUs with CPU-heavy suites).
    static func eventually(_ what: String, _ check: () async throws -> Bool) async throws {
        for _ in 0..<600 {
            if try await check() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("timed out waiting for: \(what)")
    }

    /// The UDP answer to an A query for `name`, decoded.
    static func ask(_ name: String, port: Int) async throws -> DNSMessage? {
        let query = try DNSTestClient.query(name)
        guard let reply = await DNSTestClient.udp(query, port: port) else { return nil }
        return try DNSMessage(decoding: reply)
    }

    @Test func servicesAppearAndDisappearInDNS() async throws {
        let server = try await LocalServer()
        defer { server.shutdown() }
        let client = try KubeClient(config: server.config)
        var logger = Logger(label: "test.dns")
        logger.logLevel = .error
        let services = Informer(client: client, path: ResourcePath.services.collection())
        let endpoints = Informer(client: client, path: ResourcePath.endpoints.collection())
        let dns = NodeRuntime.ClusterDNSService(
            client: client, services: services, endpoints: endpoints, host: "127.0.0.1", port: 0, logger: logger)
        let running = Task { await dns.run() }
        defer { running.cancel() }
        try await Self.eventually("the DNS server is bound") { dns.server.boundPort != nil }
        let port = try #require(dns.server.boundPort)

        // A ClusterIP Service: the server allocates the address, the DNS serves it.
        let created = try await client.create(ResourcePath.services.collection(namespace: "default"), [
            "apiVersion": "v1", "kind": "Service", "metadata": ["name": "web"],
            "spec": ["ports": [["name": "http", "port": 80]]],
        ])
        let clusterIP = try #require(created[["spec", "clusterIP"]].stringValue.flatMap(IPv4Address.init))
        try await Self.eventually("web resolves to its ClusterIP") {
            try await Self.ask("web.default.svc.cluster.local", port: port)?.answers.map(\.data) == [.a(clusterIP)]
        }
        let webQuery = try DNSTestClient.query("web.default.svc.cluster.local")
        var answer: [UInt8]?
        for _ in 0..<10 where answer == nil { answer = await DNSTestClient.tcp(webQuery, port: port) }  // 1 s each, on a busy machine
        let overTCP = try #require(answer)
        #expect(try DNSMessage(decoding: overTCP).answers.map(\.data) == [.a(clusterIP)])

        // A headless Service with hand-made Endpoints: the hostname answers.
        _ = try await client.create(ResourcePath.services.collection(namespace: "default"), [
            "apiVersion": "v1", "kind": "Service", "metadata": ["name": "db"],
            "spec": ["clusterIP": "None", "ports": [["name": "sql", "port": 5432]]],
        ])
        _ = try await client.create(ResourcePath.endpoints.collection(namespace: "default"), [
            "apiVersion": "v1", "kind": "Endpoints", "metadata": ["name": "db"],
            "subsets": [["addresses": [["ip": "10.244.0.5", "hostname": "db-0"]], "ports": [["name": "sql", "port": 5432]]]],
        ])
        try await Self.eventually("db-0 resolves to its endpoint") {
            try await Self.ask("db-0.db.default.svc.cluster.local", port: port)?.answers.map(\.data)
                == [.a(IPv4Address(10, 244, 0, 5))]
        }

        // Deleting the Service makes the name disappear.
        try await client.delete(ResourcePath.services.object("web", namespace: "default"))
        try await Self.eventually("web is NXDOMAIN") {
            try await Self.ask("web.default.svc.cluster.local", port: port)?.rcode == .nameError
        }

        // Cancelling stops the service and closes its sockets.
        running.cancel()
        await running.value
        #expect(dns.server.boundPort == nil)
        await services.stop()
        await endpoints.stop()
    }
}
