// Tests of cluster DNS answers: Services, the resolv.conf search list, headless, ExternalName, pods.
import Testing
import DNSWire

@Suite struct ClusterDNSAnswerTests {
    @Test func serviceResolvesToClusterIP() {
        let reply = ask("tcp-echo.tcp-demo.svc.cluster.local")
        #expect(reply.rcode == .noError)
        #expect(reply.id == 0x4242 && reply.isResponse)
        #expect(reply.authoritative && reply.recursionDesired && !reply.recursionAvailable)
        #expect(reply.questions == [DNSQuestion(name: name("tcp-echo.tcp-demo.svc.cluster.local"), type: .a)])
        #expect(reply.answers == [echoRecord])
        #expect(reply.authority.isEmpty && reply.additional.isEmpty)
    }

    @Test func recursionDesiredIsCopiedNotInvented() {
        let query = DNSMessage.query(id: 3, name: name("tcp-echo.tcp-demo.svc.cluster.local"), type: .a, recursionDesired: false)
        let reply = ClusterDNS().answer(query, records: fixtureRecords)
        #expect(!reply.recursionDesired && !reply.recursionAvailable)
        #expect(reply.answers.count == 1)
    }

    /// The walk glibc makes for `tcp-echo.tcp-demo` with `search tcp-demo.svc.cluster.local
    /// svc.cluster.local cluster.local` and `ndots:5` (dataplane lab §1c): a miss, then the hit.
    @Test func searchListWalkFromTheCurlPod() {
        let first = ask("tcp-echo.tcp-demo.tcp-demo.svc.cluster.local")
        #expect(first.rcode == .nameError)
        #expect(first.answers.isEmpty)
        #expect(first.authority.map(\.type) == [.soa])
        #expect(first.authoritative)
        let second = ask("tcp-echo.tcp-demo.svc.cluster.local")
        #expect(answerData(second) == [.a(ip("10.96.12.34"))])
        // getent hosts also asks AAAA: the name exists, so NODATA, not NXDOMAIN.
        let sixMiss = ask("tcp-echo.tcp-demo.tcp-demo.svc.cluster.local", .aaaa)
        #expect(sixMiss.rcode == .nameError)
        let six = ask("tcp-echo.tcp-demo.svc.cluster.local", .aaaa)
        #expect(six.rcode == .noError && six.answers.isEmpty)
        #expect(six.authority.map(\.type) == [.soa])
        // Same-namespace short name: the first search entry hits at once.
        #expect(answerData(ask("tcp-echo.tcp-demo.svc.cluster.local")) == answerData(second))
        // The bare name (tried last with ndots:5, first with ndots:1) is outside the zone.
        let bare = ask("tcp-echo.tcp-demo")
        #expect(bare.rcode == .refused && !bare.authoritative && bare.answers.isEmpty && bare.authority.isEmpty)
    }

    @Test func negativeAnswersCarryTheZoneSOA() throws {
        let reply = ask("nope.tcp-demo.svc.cluster.local")
        let soa = try #require(reply.authority.first)
        #expect(soa.name == name("cluster.local") && soa.ttl == 5)
        guard case .soa(let data) = soa.data else { Issue.record("not an SOA: \(soa)"); return }
        #expect(data.primaryServer == name("ns.dns.cluster.local"))
        #expect(data.responsibleMailbox == name("hostmaster.cluster.local"))
        #expect(data.serial == 42 && data.minimumTTL == 5)
    }

    @Test func namesOutsideTheClusterAreRefused() {
        for outside in ["example.com", "tcp-echo.tcp-demo", "local", "cluster.local.example.com", "."] {
            let reply = ask(outside)
            #expect(reply.rcode == .refused, "\(outside)")
            #expect(!reply.authoritative && reply.answers.isEmpty && reply.authority.isEmpty)
            #expect(reply.questions.count == 1)
        }
    }

    @Test func matchingIgnoresCaseAndEchoesIt() {
        let reply = ask("TCP-Echo.Tcp-Demo.SVC.Cluster.LOCAL")
        #expect(answerData(reply) == [.a(ip("10.96.12.34"))])
        #expect(reply.answers.first?.name.description == "TCP-Echo.Tcp-Demo.SVC.Cluster.LOCAL")
        #expect(reply.questions.first?.name.description == "TCP-Echo.Tcp-Demo.SVC.Cluster.LOCAL")
    }

    @Test func emptyNonTerminalsAreNODATA() {
        for existing in ["svc.cluster.local", "tcp-demo.svc.cluster.local", "pod.cluster.local", "dns.cluster.local",
                         "_tcp.tcp-echo.tcp-demo.svc.cluster.local"] {
            let reply = ask(existing)
            #expect(reply.rcode == .noError && reply.answers.isEmpty, "\(existing)")
            #expect(reply.authority.map(\.type) == [.soa])
        }
        #expect(ask("no-such-ns.svc.cluster.local").rcode == .nameError)
        #expect(ask("a.b.c.d.e.svc.cluster.local").rcode == .nameError)
        #expect(ask("foo.cluster.local").rcode == .nameError)
    }

    @Test func headlessServiceReturnsEveryReadyEndpoint() {
        let reply = ask("db.tcp-demo.svc.cluster.local")
        #expect(answerData(reply) == [.a(ip("10.244.0.21")), .a(ip("10.244.0.22")), .a(ip("10.244.0.23"))])
        #expect(reply.answers.allSatisfy { $0.name == name("db.tcp-demo.svc.cluster.local") && $0.ttl == 5 })
        #expect(answerData(ask("db-1.db.tcp-demo.svc.cluster.local")) == [.a(ip("10.244.0.22"))])
        #expect(answerData(ask("DB-0.db.tcp-demo.svc.cluster.local")) == [.a(ip("10.244.0.21"))])
        // An endpoint without a hostname answers to its dashed IP; one with a hostname does not.
        #expect(answerData(ask("10-244-0-23.db.tcp-demo.svc.cluster.local")) == [.a(ip("10.244.0.23"))])
        #expect(ask("10-244-0-21.db.tcp-demo.svc.cluster.local").rcode == .nameError)
        #expect(ask("db-9.db.tcp-demo.svc.cluster.local").rcode == .nameError)
        #expect(ask("db-0.tcp-echo.tcp-demo.svc.cluster.local").rcode == .nameError)
        let empty = ask("empty.tcp-demo.svc.cluster.local")
        #expect(empty.rcode == .noError && empty.answers.isEmpty)
    }

    @Test func externalNameIsACNAME() {
        let reply = ask("ext.tcp-demo.svc.cluster.local")
        #expect(reply.rcode == .noError && reply.authoritative)
        #expect(answerData(reply) == [.cname(name("api.example.com"))])
        #expect(reply.authority.isEmpty)
        #expect(answerData(ask("ext.tcp-demo.svc.cluster.local", .aaaa)) == [.cname(name("api.example.com"))])
        #expect(answerData(ask("ext.tcp-demo.svc.cluster.local", .cname)) == [.cname(name("api.example.com"))])
        // The client then chases the target, which is outside the cluster: REFUSED.
        #expect(ask("api.example.com").rcode == .refused)
    }

    @Test func externalNameIntoTheClusterIsFollowed() {
        let reply = ask("alias.tcp-demo.svc.cluster.local")
        #expect(answerData(reply) == [.cname(name("tcp-echo.tcp-demo.svc.cluster.local")), .a(ip("10.96.12.34"))])
        #expect(reply.answers.last?.name == name("tcp-echo.tcp-demo.svc.cluster.local"))
        let aliasCNAME = ask("alias.tcp-demo.svc.cluster.local", .cname)
        #expect(answerData(aliasCNAME) == [.cname(name("tcp-echo.tcp-demo.svc.cluster.local"))])
        let loop = ask("loop-a.tcp-demo.svc.cluster.local")
        #expect(answerData(loop) == [
            .cname(name("loop-b.tcp-demo.svc.cluster.local")), .cname(name("loop-a.tcp-demo.svc.cluster.local")),
        ])
    }

    @Test func podRecords() {
        #expect(answerData(ask("10-244-0-12.tcp-demo.pod.cluster.local")) == [.a(ip("10.244.0.12"))])
        // `pods insecure` (the default) answers any well-formed address, like kubeadm's CoreDNS.
        #expect(answerData(ask("10-244-9-9.other.pod.cluster.local")) == [.a(ip("10.244.9.9"))])
        #expect(ask("10-244-0-12.tcp-demo.pod.cluster.local", .aaaa).answers.isEmpty)
        #expect(ask("10-244-0.tcp-demo.pod.cluster.local").rcode == .nameError)
        #expect(ask("10-244-0-256.tcp-demo.pod.cluster.local").rcode == .nameError)
        let verified = ClusterDNSSettings(podRecords: .verified)
        #expect(answerData(ask("10-244-0-13.tcp-demo.pod.cluster.local", settings: verified)) == [.a(ip("10.244.0.13"))])
        #expect(ask("10-244-0-14.tcp-demo.pod.cluster.local", settings: verified).rcode == .nameError)
        #expect(ask("10-244-0-12.default.pod.cluster.local", settings: verified).rcode == .nameError)
        #expect(ask("10-244-0-12.tcp-demo.pod.cluster.local", settings: ClusterDNSSettings(podRecords: .disabled)).rcode == .nameError)
    }

    @Test func zoneApexAndServerNames() {
        let soa = ask("cluster.local", .soa)
        #expect(soa.answers.map(\.type) == [.soa] && soa.authority.isEmpty)
        let ns = ask("cluster.local", .ns)
        #expect(answerData(ns) == [.ns(name("ns.dns.cluster.local"))])
        #expect(ns.additional == [DNSResourceRecord(name: name("ns.dns.cluster.local"), ttl: 5, data: .a(ip("10.96.0.10")))])
        #expect(answerData(ask("ns.dns.cluster.local")) == [.a(ip("10.96.0.10"))])
        #expect(answerData(ask("dns-version.cluster.local", .txt)) == [.txt([Array("1.1.0".utf8)])])
        let apexA = ask("cluster.local")
        #expect(apexA.rcode == .noError && apexA.answers.isEmpty)
    }

    @Test func otherClusterDomain() {
        let settings = ClusterDNSSettings(domain: name("mesh.test"), ttl: 30)
        let reply = ask("tcp-echo.tcp-demo.svc.mesh.test", settings: settings)
        #expect(answerData(reply) == [.a(ip("10.96.12.34"))])
        #expect(reply.answers.first?.ttl == 30)
        #expect(ask("tcp-echo.tcp-demo.svc.cluster.local", settings: settings).rcode == .refused)
    }
}
