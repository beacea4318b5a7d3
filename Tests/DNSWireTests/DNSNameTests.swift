// Tests of DNS names in text form, their limits and case-insensitive comparison; and of IP values.
import Testing
import DNSWire

@Suite struct DNSNameTests {
    @Test func parsesAndPrintsPresentationForm() throws {
        let parsed = try DNSName("tcp-echo.tcp-demo.svc.cluster.local.")
        #expect(parsed.labelCount == 5)
        #expect(parsed.description == "tcp-echo.tcp-demo.svc.cluster.local")
        #expect(parsed.wireLength == wireName("tcp-echo.tcp-demo.svc.cluster.local").count)
        #expect(try DNSName("tcp-echo.tcp-demo.svc.cluster.local") == parsed)
        #expect(try DNSName(".").isRoot)
        #expect(try DNSName("").isRoot)
        #expect(DNSName.root.description == ".")
    }

    @Test func escapesRoundTrip() throws {
        let tricky = try DNSName(#"a\.b.c\\d.\000\255x"#)
        #expect(tricky.labels == [Array("a.b".utf8), Array(#"c\d"#.utf8), [0, 255, UInt8(ascii: "x")]])
        #expect(tricky.description == #"a\.b.c\\d.\000\255x"#)
        #expect(try DNSName(tricky.description) == tricky)
    }

    @Test func rejectsMalformedText() {
        #expect(throws: DNSWireError.self) { try DNSName("a..b") }
        #expect(throws: DNSWireError.self) { try DNSName(".a") }
        #expect(throws: DNSWireError.self) { try DNSName(#"a\"#) }
        #expect(throws: DNSWireError.self) { try DNSName(#"a\25"#) }
        #expect(throws: DNSWireError.self) { try DNSName(#"a\256"#) }
    }

    @Test func enforcesLabelAndNameLimits() throws {
        let label63 = String(repeating: "a", count: 63)
        #expect(try DNSName(label63 + ".local").labelCount == 2)
        do {
            _ = try DNSName(label63 + "a.local")
            Issue.record("a 64-byte label was accepted")
        } catch {
            #expect(error.description.contains("the limit is 63"))
        }
        // 4 labels of 63 bytes: 4 * 64 + 1 = 257 bytes on the wire.
        let long = Array(repeating: label63, count: 4).joined(separator: ".")
        #expect(throws: DNSWireError.self) { try DNSName(long) }
        // 3 * 64 + 62 + 1 = 255 bytes: exactly at the limit.
        let atLimit = Array(repeating: label63, count: 3).joined(separator: ".") + "." + String(repeating: "b", count: 61)
        #expect(try DNSName(atLimit).wireLength == 255)
        #expect(throws: DNSWireError.self) { try DNSName(labels: [[]]) }
    }

    @Test func comparesIgnoringCaseButKeepsIt() throws {
        let mixed = try DNSName("TCP-Echo.Tcp-Demo.SVC.Cluster.Local")
        let lower = try DNSName("tcp-echo.tcp-demo.svc.cluster.local")
        #expect(mixed == lower)
        #expect(mixed.hashValue == lower.hashValue)
        #expect(Set([mixed, lower]).count == 1)
        #expect(mixed.description == "TCP-Echo.Tcp-Demo.SVC.Cluster.Local")
        #expect(mixed.lowercased().description == lower.description)
        #expect(mixed.isSubdomain(of: try DNSName("cluster.LOCAL")))
        #expect(mixed.isSubdomain(of: .root))
        #expect(!lower.isSubdomain(of: try DNSName("local.cluster")))
        #expect(mixed.lowercasedLabels(below: try DNSName("svc.cluster.local")) == ["tcp-echo", "tcp-demo"])
        #expect(try DNSName("a.b") != DNSName("a.b.c"))
    }

    @Test func ipv4Values() {
        #expect(IPv4Address("10.96.0.10") == IPv4Address(10, 96, 0, 10))
        #expect(IPv4Address("10.96.0.10")?.value == 0x0A60_000A)
        #expect(IPv4Address(10, 244, 0, 12).description == "10.244.0.12")
        for bad in ["10.96.0", "10.96.0.256", "10.96.0.-1", "10.96..1", "010.96.0.1", "a.b.c.d", "1.2.3.4.5", ""] {
            #expect(IPv4Address(bad) == nil, "\(bad) parsed")
        }
        let services = IPv4Network("10.96.0.0/12")
        #expect(services?.contains(ip("10.111.255.255")) == true)
        #expect(services?.contains(ip("10.112.0.0")) == false)
        #expect(IPv4Network(ip("10.96.7.9"), prefixLength: 12).description == "10.96.0.0/12")
        #expect(IPv4Network(ip("10.0.0.0"), prefixLength: 8).overlaps(services!))
        #expect(!IPv4Network(ip("10.244.0.0"), prefixLength: 16).overlaps(services!))
        #expect(IPv4Network("10.0.0.0/33") == nil)
    }

    @Test func ipv6Values() {
        #expect(IPv6Address("fd00::a")?.description == "fd00::a")
        #expect(IPv6Address("::")?.description == "::")
        #expect(IPv6Address("::1")?.bytes == Array(repeating: 0, count: 15) + [1])
        #expect(IPv6Address("2001:db8:0:0:1:0:0:1")?.description == "2001:db8::1:0:0:1")
        #expect(IPv6Address("2001:0db8:0000:0000:0000:ff00:0042:8329")?.description == "2001:db8::ff00:42:8329")
        #expect(IPv6Address("1:2:3:4:5:6:7:8")?.description == "1:2:3:4:5:6:7:8")
        #expect(IPv6Address("1:0:3:4:5:6:7:8")?.description == "1:0:3:4:5:6:7:8")
        for bad in ["1::2::3", "12345::", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", ":::", "g::1", "1:2:3:4:5:6:7::8"] {
            #expect(IPv6Address(bad) == nil, "\(bad) parsed")
        }
        #expect(IPv6Address(bytes: [1, 2]) == nil)
    }
}
