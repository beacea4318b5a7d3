import Foundation
import Testing

/// `osm proxy-init` against real iptables (nft backend) in a network namespace made for the test.
@Suite("osm proxy-init in a network namespace", .serialized, .enabled(if: NetnsFixture.available))
struct ProxyInitTests {
    static var osm: String {
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return [dir.appendingPathComponent("osm").path, dir.deletingLastPathComponent().appendingPathComponent("osm").path]
            .first { FileManager.default.isExecutableFile(atPath: $0) } ?? "osm"
    }

    func nat(_ ns: NetnsFixture) throws -> String {
        try ns.exec("/usr/sbin/iptables-nft-save", ["-t", "nat"]).out
    }

    @Test func installIsIdempotentAndRemovalIsExact() throws {
        let ns = try NetnsFixture()
        defer { ns.remove() }
        let before = try nat(ns).split(separator: "\n").filter { $0.hasPrefix("-A") || $0.hasPrefix(":") }
        var r = try ns.exec(Self.osm, ["proxy-init", "--outbound-port-exclusion-list", "5432", "--outbound-ip-range-exclusion-list", "10.1.0.0/16"])
        #expect(r.code == 0, "\(r)")
        let once = try nat(ns)
        #expect(once.contains("-A OUTPUT -p tcp -j OSM_PROXY_OUTBOUND"))
        #expect(once.contains("-A OSM_PROXY_OUT_REDIRECT -p tcp -j REDIRECT --to-ports 15001"))
        #expect(once.contains("-A OSM_PROXY_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15003"))
        #expect(once.contains("--uid-owner 1500 -j RETURN"))
        #expect(once.contains("5432") && once.contains("10.1.0.0/16"), "exclusions are programmed: \(once)")
        r = try ns.exec(Self.osm, ["proxy-init", "--outbound-port-exclusion-list", "5432", "--outbound-ip-range-exclusion-list", "10.1.0.0/16"])
        #expect(r.code == 0, "\(r)")
        let twice = try nat(ns)
        let rules = { (s: String) in s.split(separator: "\n").filter { $0.hasPrefix("-A") } }
        #expect(rules(twice) == rules(once), "running it again changes nothing")
        r = try ns.exec(Self.osm, ["proxy-init", "--remove"])
        #expect(r.code == 0, "\(r)")
        let after = try nat(ns).split(separator: "\n").filter { $0.hasPrefix("-A") || $0.hasPrefix(":") }
        #expect(after == before, "removal restores the table: \(after)")
    }

    @Test func badListsAreRefusedNamingTheFlag() throws {
        let ns = try NetnsFixture()
        defer { ns.remove() }
        let r = try ns.exec(Self.osm, ["proxy-init", "--outbound-port-exclusion-list", "70000"])
        #expect(r.code != 0)
        #expect(r.err.contains("invalid port \"70000\" in --outbound-port-exclusion-list"), "\(r)")
        #expect(!(try nat(ns)).contains("OSM_PROXY"), "nothing is installed")
    }
}
