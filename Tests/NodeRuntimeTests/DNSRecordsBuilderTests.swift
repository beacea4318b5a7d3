// DNSRecordsBuilder: Service and Endpoints objects become the DNS snapshot — ClusterIP, headless
// (ready addresses, hostnames, publishNotReadyAddresses), ExternalName and ports — and the
// snapshot answers through ClusterDNS.
import DNSWire
import KubeModel
import NodeRuntime
import Testing

@Suite("DNSRecordsBuilder")
struct DNSRecordsBuilderTests {
    static func service(_ name: String, _ spec: JSON, namespace: String = "demo") -> JSON {
        ["apiVersion": "v1", "kind": "Service", "metadata": ["name": .string(name), "namespace": .string(namespace)], "spec": spec]
    }

    static func endpoints(_ name: String, _ subsets: JSON, namespace: String = "demo") -> JSON {
        ["apiVersion": "v1", "kind": "Endpoints", "metadata": ["name": .string(name), "namespace": .string(namespace)], "subsets": subsets]
    }

    static let web = service("web", ["clusterIP": "10.96.0.20", "ports": [["name": "http", "port": 80, "protocol": "TCP", "targetPort": 8080]]])
    static let db = service("db", ["clusterIP": "None", "ports": [["name": "sql", "port": 5432, "targetPort": "sql"]]])
    static let dbEndpoints = endpoints("db", [[
        "addresses": [["ip": "10.244.0.5", "hostname": "db-0"], ["ip": "10.244.0.6"]],
        "notReadyAddresses": [["ip": "10.244.0.7", "hostname": "db-2"]],
        "ports": [["name": "sql", "port": 15432]],
    ]])

    @Test func clusterIPServiceBecomesAnAddress() {
        let entries = DNSRecordsBuilder.entries(services: [Self.web], endpoints: [])
        #expect(entries == [DNSWire.ClusterDNSService(
            name: "web", namespace: "demo", kind: .clusterIP(IPv4Address(10, 96, 0, 20)),
            ports: [ClusterDNSPort(name: "http", transport: "tcp", port: 80)])])
    }

    @Test func headlessServiceListsReadyAddressesWithHostnames() throws {
        let entry = try #require(DNSRecordsBuilder.entry(service: Self.db, endpoints: Self.dbEndpoints))
        #expect(entry.kind == .headless([
            ClusterDNSEndpoint(ip: IPv4Address(10, 244, 0, 5), hostname: "db-0"),
            ClusterDNSEndpoint(ip: IPv4Address(10, 244, 0, 6)),
        ]))
        #expect(entry.ports == [ClusterDNSPort(name: "sql", transport: "tcp", port: 5432, endpointPort: 15432)])
    }

    @Test func publishNotReadyAddressesIncludesNotReadyOnes() throws {
        var db = Self.db
        db[["spec", "publishNotReadyAddresses"]] = true
        let entry = try #require(DNSRecordsBuilder.entry(service: db, endpoints: Self.dbEndpoints))
        guard case .headless(let endpoints) = entry.kind else { Issue.record("not headless"); return }
        #expect(endpoints.map(\.label) == ["db-0", "10-244-0-6", "db-2"])
    }

    @Test func headlessWithoutEndpointsHasNoAddresses() throws {
        let entry = try #require(DNSRecordsBuilder.entry(service: Self.db, endpoints: nil))
        #expect(entry.kind == .headless([]))
        #expect(entry.ports.first?.endpointPort == nil, "a named targetPort is no number")
    }

    @Test func externalNameBecomesAnAlias() throws {
        let external = Self.service("ext", ["type": "ExternalName", "externalName": "example.com"])
        let entry = try #require(DNSRecordsBuilder.entry(service: external, endpoints: nil))
        #expect(entry.kind == .externalName(DNSTestClient.name("example.com")))
    }

    @Test func unservableServicesAreLeftOut() {
        let pending = Self.service("pending", ["ports": [["port": 80]]])
        let ipv6 = Self.service("six", ["clusterIP": "fd00::1"])
        let badAlias = Self.service("bad", ["type": "ExternalName", "externalName": "a..b"])
        let entries = DNSRecordsBuilder.entries(services: [pending, ipv6, badAlias, Self.web], endpoints: [])
        #expect(entries.map(\.name) == ["web"])
    }

    @Test func invalidHostnamesFallBackToTheDashedIP() throws {
        let eps = Self.endpoints("db", [["addresses": [["ip": "10.244.0.9", "hostname": "a.b"]]]])
        let entry = try #require(DNSRecordsBuilder.entry(service: Self.db, endpoints: eps))
        #expect(entry.kind == .headless([ClusterDNSEndpoint(ip: IPv4Address(10, 244, 0, 9))]))
    }

    @Test func podsWithAnIPAreKnownUntilTheyFinish() {
        let pods: [JSON] = [
            ["metadata": ["name": "a", "namespace": "demo"], "status": ["phase": "Running", "podIP": "10.244.0.3"]],
            ["metadata": ["name": "b", "namespace": "demo"], "status": ["phase": "Succeeded", "podIP": "10.244.0.4"]],
            ["metadata": ["name": "c", "namespace": "demo"], "status": ["phase": "Pending"]],
        ]
        #expect(DNSRecordsBuilder.podEntries(pods) == [ClusterDNSPod(namespace: "demo", ip: IPv4Address(10, 244, 0, 3))])
    }

    @Test func theSnapshotAnswersThroughClusterDNS() {
        let records = DNSRecordsBuilder.records(services: [Self.web, Self.db], endpoints: [Self.dbEndpoints], serial: 9)
        let dns = ClusterDNS()
        func ask(_ text: String, _ type: DNSRecordType = .a) -> DNSMessage {
            dns.answer(DNSMessage.query(id: 1, name: DNSTestClient.name(text), type: type), records: records)
        }
        #expect(ask("web.demo.svc.cluster.local").answers.map(\.data) == [.a(IPv4Address(10, 96, 0, 20))])
        #expect(ask("db-0.db.demo.svc.cluster.local").answers.map(\.data) == [.a(IPv4Address(10, 244, 0, 5))])
        #expect(ask("db.demo.svc.cluster.local").answers.count == 2)
        let srv = ask("_sql._tcp.db.demo.svc.cluster.local", .srv).answers.compactMap { record -> UInt16? in
            if case .srv(let location) = record.data { return location.port }
            return nil
        }
        #expect(srv == [15432, 15432])
        #expect(ask("gone.demo.svc.cluster.local").rcode == .nameError)
        #expect(records.serial == 9)
    }
}
