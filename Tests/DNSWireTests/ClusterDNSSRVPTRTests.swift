// Tests of SRV records for Service ports and PTR records for reverse lookups of ClusterIPs.
import Testing
import DNSWire

@Suite struct ClusterDNSSRVPTRTests {
    func srv(_ weight: UInt16, _ port: UInt16, _ target: String) -> DNSRecordData {
        .srv(DNSServiceLocation(priority: 0, weight: weight, port: port, target: name(target)))
    }

    @Test func namedPortOfClusterIPService() {
        let reply = ask("_tcp._tcp.tcp-echo.tcp-demo.svc.cluster.local", .srv)
        #expect(reply.rcode == .noError && reply.authoritative)
        #expect(answerData(reply) == [srv(100, 9000, "tcp-echo.tcp-demo.svc.cluster.local")])
        #expect(reply.additional == [echoRecord])
        let dns = ask("_dns._udp.kube-dns.kube-system.svc.cluster.local", .srv)
        #expect(answerData(dns) == [srv(100, 53, "kube-dns.kube-system.svc.cluster.local")])
        let https = ask("_HTTPS._TCP.kubernetes.default.svc.cluster.local", .srv)
        #expect(answerData(https) == [srv(100, 443, "kubernetes.default.svc.cluster.local")])
    }

    @Test func namedPortOfHeadlessServiceListsEndpoints() {
        let reply = ask("_pg._tcp.db.tcp-demo.svc.cluster.local", .srv)
        #expect(answerData(reply) == [
            srv(33, 15432, "db-0.db.tcp-demo.svc.cluster.local"),
            srv(33, 15432, "db-1.db.tcp-demo.svc.cluster.local"),
            srv(33, 15432, "10-244-0-23.db.tcp-demo.svc.cluster.local"),
        ])
        #expect(reply.additional.map(\.name) == [
            name("db-0.db.tcp-demo.svc.cluster.local"), name("db-1.db.tcp-demo.svc.cluster.local"),
            name("10-244-0-23.db.tcp-demo.svc.cluster.local"),
        ])
        #expect(reply.additional.map(\.data) == [.a(ip("10.244.0.21")), .a(ip("10.244.0.22")), .a(ip("10.244.0.23"))])
    }

    @Test func srvOnTheServiceNameListsEveryPort() {
        let reply = ask("kube-dns.kube-system.svc.cluster.local", .srv)
        let location = srv(50, 53, "kube-dns.kube-system.svc.cluster.local")
        #expect(answerData(reply) == [location, location])
        #expect(reply.additional.count == 1)
    }

    @Test func unknownPortsAndProtocolsDoNotExist() {
        #expect(ask("_http._tcp.tcp-echo.tcp-demo.svc.cluster.local", .srv).rcode == .nameError)
        #expect(ask("_tcp._udp.tcp-echo.tcp-demo.svc.cluster.local", .srv).rcode == .nameError)
        #expect(ask("_udp.tcp-echo.tcp-demo.svc.cluster.local", .srv).rcode == .nameError)
        let wrongType = ask("_tcp._tcp.tcp-echo.tcp-demo.svc.cluster.local", .a)
        #expect(wrongType.rcode == .noError && wrongType.answers.isEmpty)
        let noPorts = ask("empty.tcp-demo.svc.cluster.local", .srv)
        #expect(noPorts.rcode == .noError && noPorts.answers.isEmpty)
    }

    @Test func reverseOfClusterIPs() {
        let dns = ask("10.0.96.10.in-addr.arpa", .ptr)
        #expect(dns.rcode == .noError && dns.authoritative)
        #expect(answerData(dns) == [.ptr(name("kube-dns.kube-system.svc.cluster.local"))])
        #expect(dns.answers.first?.name == name("10.0.96.10.in-addr.arpa"))
        #expect(answerData(ask("1.0.96.10.in-addr.arpa", .ptr)) == [.ptr(name("kubernetes.default.svc.cluster.local"))])
        #expect(answerData(ask("34.12.96.10.IN-ADDR.ARPA", .ptr)) == [.ptr(name("tcp-echo.tcp-demo.svc.cluster.local"))])
    }

    @Test func reverseOfHeadlessEndpoints() {
        #expect(answerData(ask("21.0.244.10.in-addr.arpa", .ptr)) == [.ptr(name("db-0.db.tcp-demo.svc.cluster.local"))])
        #expect(answerData(ask("23.0.244.10.in-addr.arpa", .ptr)) == [.ptr(name("10-244-0-23.db.tcp-demo.svc.cluster.local"))])
    }

    @Test func reverseMissesInsideAndOutsideTheClusterNetworks() throws {
        let unknownService = ask("99.0.96.10.in-addr.arpa", .ptr)
        #expect(unknownService.rcode == .nameError && unknownService.authoritative)
        let soa = try #require(unknownService.authority.first)
        #expect(soa.name == name("in-addr.arpa") && soa.type == .soa)
        #expect(ask("12.0.244.10.in-addr.arpa", .ptr).rcode == .nameError)  // a pod IP: no PTR, like CoreDNS
        #expect(ask("1.1.168.192.in-addr.arpa", .ptr).rcode == .refused)
        #expect(ask("in-addr.arpa", .ptr).rcode == .refused)
        #expect(ask("96.10.in-addr.arpa", .ptr).rcode == .noError)  // above ClusterIPs: exists, no data
        #expect(ask("10.in-addr.arpa", .ptr).rcode == .noError)
        #expect(ask("x.10.0.96.10.in-addr.arpa", .ptr).rcode == .nameError)
        #expect(ask("010.0.96.10.in-addr.arpa", .ptr).rcode == .nameError)
        #expect(ask("1.0.0.10.in-addr.arpa", .ptr).rcode == .refused)
        let wrongType = ask("10.0.96.10.in-addr.arpa", .a)
        #expect(wrongType.rcode == .noError && wrongType.answers.isEmpty)
        #expect(wrongType.authority.first?.name == name("in-addr.arpa"))
    }
}
