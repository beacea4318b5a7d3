// Shared fixtures for the DNSWire tests: names, a cluster snapshot, queries and a seeded generator.
import Testing
import DNSWire

/// A name from text; records a test issue (and yields the root) if the text is invalid.
func name(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> DNSName {
    do {
        return try DNSName(text)
    } catch {
        Issue.record("bad test name \(text): \(error)", sourceLocation: sourceLocation)
        return .root
    }
}

/// An IPv4 address from text (0.0.0.0 and a test issue if invalid).
func ip(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> IPv4Address {
    guard let address = IPv4Address(text) else {
        Issue.record("bad test address \(text)", sourceLocation: sourceLocation)
        return IPv4Address(value: 0)
    }
    return address
}

/// The bytes of a name in uncompressed wire form.
func wireName(_ text: String) -> [UInt8] {
    text.split(separator: ".").flatMap { [UInt8($0.utf8.count)] + Array($0.utf8) } + [0]
}

/// The snapshot most tests answer from: the guide's tcp-demo namespace plus cluster services.
let fixtureRecords = ClusterDNSRecords(
    services: [
        ClusterDNSService(
            name: "kubernetes", namespace: "default", kind: .clusterIP(ip("10.96.0.1")),
            ports: [ClusterDNSPort(name: "https", port: 443, endpointPort: 6443)]),
        ClusterDNSService(
            name: "kube-dns", namespace: "kube-system", kind: .clusterIP(ip("10.96.0.10")),
            ports: [
                ClusterDNSPort(name: "dns", transport: "UDP", port: 53),
                ClusterDNSPort(name: "dns-tcp", transport: "TCP", port: 53),
            ]),
        ClusterDNSService(
            name: "tcp-echo", namespace: "tcp-demo", kind: .clusterIP(ip("10.96.12.34")),
            ports: [ClusterDNSPort(name: "tcp", port: 9000)]),
        ClusterDNSService(
            name: "db", namespace: "tcp-demo",
            kind: .headless([
                ClusterDNSEndpoint(ip: ip("10.244.0.21"), hostname: "db-0"),
                ClusterDNSEndpoint(ip: ip("10.244.0.22"), hostname: "db-1"),
                ClusterDNSEndpoint(ip: ip("10.244.0.23")),
            ]),
            ports: [ClusterDNSPort(name: "pg", port: 5432, endpointPort: 15432)]),
        ClusterDNSService(name: "empty", namespace: "tcp-demo", kind: .headless([])),
        ClusterDNSService(
            name: "ext", namespace: "tcp-demo", kind: .externalName(name("api.example.com"))),
        ClusterDNSService(
            name: "alias", namespace: "tcp-demo",
            kind: .externalName(name("tcp-echo.tcp-demo.svc.cluster.local"))),
        ClusterDNSService(
            name: "loop-a", namespace: "tcp-demo", kind: .externalName(name("loop-b.tcp-demo.svc.cluster.local"))),
        ClusterDNSService(
            name: "loop-b", namespace: "tcp-demo", kind: .externalName(name("loop-a.tcp-demo.svc.cluster.local"))),
        ClusterDNSService(
            name: "wide", namespace: "load",
            kind: .headless((1...60).map { ClusterDNSEndpoint(ip: IPv4Address(10, 244, 1, UInt8($0))) }),
            ports: [ClusterDNSPort(name: "http", port: 80)]),
    ],
    pods: [
        ClusterDNSPod(namespace: "tcp-demo", ip: ip("10.244.0.12")),
        ClusterDNSPod(namespace: "tcp-demo", ip: ip("10.244.0.13")),
    ],
    serial: 42)

/// Asks the default cluster DNS one question about the fixture snapshot.
func ask(
    _ text: String, _ type: DNSRecordType = .a, edns: EDNS? = nil, transport: DNSTransport = .udp,
    settings: ClusterDNSSettings = ClusterDNSSettings(), records: ClusterDNSRecords = fixtureRecords
) -> DNSMessage {
    let query = DNSMessage.query(id: 0x4242, name: name(text), type: type, edns: edns)
    return ClusterDNS(settings: settings).answer(query, records: records, transport: transport)
}

/// The A record of tcp-echo.tcp-demo as the cluster DNS serves it.
var echoRecord: DNSResourceRecord {
    DNSResourceRecord(name: name("tcp-echo.tcp-demo.svc.cluster.local"), ttl: 5, data: .a(ip("10.96.12.34")))
}

/// The data of every answer record, in order.
func answerData(_ message: DNSMessage) -> [DNSRecordData] { message.answers.map(\.data) }

