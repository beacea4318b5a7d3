// Egress rules: ranges, matching, decisions when passthrough is off, validation and the JSON form.
import Foundation
import MeshProtocol
import Testing

@Suite("Egress rules")
struct EgressRuleTests {
    let db = IPv4Text.parse("203.0.113.7")!

    @Test func rangesAndMatching() {
        #expect(EgressRule.range("10.0.0.0/8")! == (IPv4Text.parse("10.0.0.0")!, 0xff00_0000))
        #expect(EgressRule.range("203.0.113.7")! == (db, 0xffff_ffff), "a bare address is a /32")
        #expect(EgressRule.range("0.0.0.0/0")! == (0, 0))
        for bad in ["", "10.0.0.0/33", "10.0.0/8", "10.0.0.0/x", "10.0.0.0/8/1", "::1/128"] { #expect(EgressRule.range(bad) == nil, "\(bad)") }
        let rule = EgressRule(name: "curl/db", port: 5432, protocol: "tcp", cidrs: ["203.0.113.0/24"])
        #expect(rule.allows(ip: db, port: 5432))
        #expect(!rule.allows(ip: db, port: 5433))
        #expect(!rule.allows(ip: IPv4Text.parse("203.0.114.7")!, port: 5432))
        #expect(EgressRule(name: "any", port: 443, protocol: "tcp", cidrs: []).allows(ip: db, port: 443), "no ranges: any address")
    }

    @Test func egressAppliesOnlyWithoutARouteAndWithoutPassthrough() {
        var config = Demo.curlConfig
        config.egress = [EgressRule(name: "curl/db", port: 5432, protocol: "tcp", cidrs: ["203.0.113.0/24"])]
        #expect(OutboundTable(config).decision(ip: db, port: 5432) == .egress(policy: "curl/db"))
        #expect(OutboundTable(config).decision(ip: db, port: 22) == .reset(reason: "no route to 203.0.113.7:22"))
        if case .route = OutboundTable(config).decision(ip: IPv4Text.parse(Demo.clusterIP)!, port: 9000) {} else {
            Issue.record("a mesh route wins over egress")
        }
        config.egressPassthrough = true
        #expect(OutboundTable(config).decision(ip: db, port: 22) == .passthrough)
    }

    @Test func validationAndJSON() throws {
        var config = Demo.curlConfig
        config.egress = [EgressRule(name: "curl/bad", port: 0, protocol: "http", cidrs: ["nope"])]
        let problems = config.validate()
        #expect(problems.contains("egress rule \"curl/bad\" has port 0"))
        #expect(problems.contains { $0.contains("protocol \"http\"") })
        #expect(problems.contains("egress rule \"curl/bad\" has an invalid address range \"nope\""))
        config.egress = [EgressRule(name: "curl/db", port: 5432, protocol: "tcp-server-first", cidrs: [])]
        #expect(config.validate().isEmpty)
        let decoded = try ProxyConfig(jsonData: config.jsonData())
        #expect(decoded.egress == config.egress)
        config.egress = []
        #expect(!String(decoding: try config.jsonData(), as: UTF8.self).contains("egress\""), "absent when empty: older proxies read it")
    }
}

extension EgressRuleTests {
    @Test func theTableMatchesAsTheRulesDo() {
        var config = Demo.curlConfig
        config.egress = [EgressRule(name: "curl/db", port: 5432, protocol: "tcp", cidrs: ["203.0.113.0/24"]),
                         EgressRule(name: "curl/bad", port: 22, protocol: "tcp", cidrs: ["nope"]),
                         EgressRule(name: "curl/any", port: 443, protocol: "tcp", cidrs: [])]
        let table = OutboundTable(config)
        for (ip, port) in [(db, UInt16(5432)), (IPv4Text.parse("198.51.100.1")!, 5432), (db, 22), (db, 443), (db, 80)] {
            #expect(table.decision(ip: ip, port: port) == config.outboundDecision(for: (ip: ip, port: port)), "\(ip):\(port)")
        }
        #expect(table.decision(ip: db, port: 22) == .reset(reason: "no route to 203.0.113.7:22"), "a malformed range matches nothing")
        #expect(table.decision(ip: db, port: 443) == .egress(policy: "curl/any"))
    }
}
