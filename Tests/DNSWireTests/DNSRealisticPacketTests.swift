// Byte-exact tests with packets as a pod's resolver sends them for tcp-echo.tcp-demo, and the replies.
import Testing
import DNSWire

@Suite struct DNSRealisticPacketTests {
    let questionName = wireName("tcp-echo.tcp-demo.svc.cluster.local")

    /// What glibc sends for `getent hosts tcp-echo.tcp-demo` once the search list has expanded it.
    var plainQuery: [UInt8] {
        [0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0] + questionName + [0, 1, 0, 1]
    }

    /// What `dig tcp-echo.tcp-demo.svc.cluster.local` sends: RD and AD set, EDNS 1232 with a cookie.
    var ednsQuery: [UInt8] {
        [0xAB, 0xCD, 0x01, 0x20, 0, 1, 0, 0, 0, 0, 0, 1] + questionName + [0, 1, 0, 1]
            + [0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, 12, 0, 10, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8]
    }

    let answerRecord: [UInt8] = [0xC0, 0x0C, 0, 1, 0, 1, 0, 0, 0, 5, 0, 4, 10, 96, 12, 34]

    @Test func plainQueryDecodes() throws {
        let query = try DNSMessage(decoding: plainQuery)
        #expect(query == DNSMessage.query(id: 0x1234, name: name("tcp-echo.tcp-demo.svc.cluster.local"), type: .a))
        #expect(try query.encode() == plainQuery)
    }

    @Test func plainQueryGetsByteExactAnswer() throws {
        let reply = try #require(ClusterDNS().respond(to: plainQuery, records: fixtureRecords))
        let expected: [UInt8] = [0x12, 0x34, 0x85, 0x00, 0, 1, 0, 1, 0, 0, 0, 0] + questionName + [0, 1, 0, 1] + answerRecord
        #expect(reply == expected)
        let decoded = try DNSMessage(decoding: reply)
        #expect(decoded.isResponse && decoded.authoritative && decoded.recursionDesired)
        #expect(!decoded.recursionAvailable && !decoded.truncated)
        #expect(decoded.rcode == .noError)
        #expect(decoded.answers == [echoRecord])
        #expect(decoded.edns == nil)
    }

    @Test func ednsQueryDecodesWithItsOptions() throws {
        let query = try DNSMessage(decoding: ednsQuery)
        #expect(query.authenticData)
        #expect(query.edns == EDNS(udpPayloadSize: 1232, options: [EDNSOption(code: 10, data: [1, 2, 3, 4, 5, 6, 7, 8])]))
        #expect(query.additional.isEmpty)
        #expect(try query.encode() == ednsQuery)
    }

    @Test func ednsQueryGetsAnswerWithOPT() throws {
        let reply = try #require(ClusterDNS().respond(to: ednsQuery, records: fixtureRecords))
        let expected: [UInt8] = [0xAB, 0xCD, 0x85, 0x00, 0, 1, 0, 1, 0, 0, 0, 1] + questionName + [0, 1, 0, 1]
            + answerRecord + [0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, 0]
        #expect(reply == expected)
        let decoded = try DNSMessage(decoding: reply)
        #expect(decoded.edns?.udpPayloadSize == 1232)
        #expect(decoded.answers.map(\.data) == [.a(ip("10.96.12.34"))])
    }

    @Test func searchListMissIsByteExactNXDOMAIN() throws {
        // ndots:5 tries tcp-echo.tcp-demo.tcp-demo.svc.cluster.local first.
        let missName = wireName("tcp-echo.tcp-demo.tcp-demo.svc.cluster.local")
        let query: [UInt8] = [0x00, 0x07, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0] + missName + [0, 1, 0, 1]
        let reply = try #require(ClusterDNS().respond(to: query, records: fixtureRecords))
        let decoded = try DNSMessage(decoding: reply)
        #expect(decoded.rcode == .nameError)
        #expect(decoded.answers.isEmpty)
        #expect(decoded.authority.first?.name == name("cluster.local"))
        #expect(decoded.authority.first?.type == .soa)
        // Header: QR AA RD, NXDOMAIN; one question, one authority record.
        #expect(Array(reply[0..<12]) == [0x00, 0x07, 0x85, 0x03, 0, 1, 0, 0, 0, 1, 0, 0])
        // The SOA owner is a pointer into the question name ("cluster.local" at 12 + 37 - 15).
        let ownerOffset = 12 + missName.count + 4
        #expect(Array(reply[ownerOffset..<ownerOffset + 2]) == [0xC0, UInt8(12 + missName.count - 15)])
    }
}
