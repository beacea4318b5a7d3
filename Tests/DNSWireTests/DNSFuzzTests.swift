// Fuzz-style tests: random, mutated and truncated packets never trap the codec or the server logic.
import Testing
import DNSWire

@Suite struct DNSFuzzTests {
    /// A valid response with compression, EDNS and several record types, to mutate.
    func seedPacket() throws -> [UInt8] {
        let query = DNSMessage.query(
            id: 77, name: name("_pg._tcp.db.tcp-demo.svc.cluster.local"), type: .srv, edns: EDNS(udpPayloadSize: 4096))
        return try #require(ClusterDNS().respond(to: try query.encode(), records: fixtureRecords, transport: .tcp))
    }

    /// Decoding either throws or yields a message whose encoding decodes to the same message.
    func checkNoTrapAndStable(_ bytes: [UInt8]) {
        guard let message = try? DNSMessage(decoding: bytes) else { return }
        guard let again = try? message.encode() else { return }
        #expect((try? DNSMessage(decoding: again)) == message, "unstable round trip for \(bytes)")
    }

    @Test func randomBytesNeverTrap() {
        var random = SeededGenerator(state: 0x5EED)
        for _ in 0..<20_000 {
            let count = Int.random(in: 0...300, using: &random)
            var bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
            // Small counts make it past the header more often.
            if bytes.count >= 12 {
                for index in 4..<12 { bytes[index] = index % 2 == 0 ? 0 : bytes[index] & 0x03 }
            }
            checkNoTrapAndStable(bytes)
            if let reply = ClusterDNS().respond(to: bytes, records: fixtureRecords) {
                #expect(reply.count <= 1232)
                #expect((try? DNSMessage(decoding: reply)) != nil, "undecodable reply to \(bytes)")
            }
        }
    }

    @Test func everyTruncationOfAValidPacketThrows() throws {
        let packet = try seedPacket()
        #expect(try DNSMessage(decoding: packet).answers.count == 3)
        for length in 0..<packet.count {
            #expect(throws: DNSWireError.self) { try DNSMessage(decoding: Array(packet.prefix(length))) }
        }
    }

    @Test func mutatedPacketsNeverTrap() throws {
        let packet = try seedPacket()
        var random = SeededGenerator(state: 0xD15EA5E)
        for _ in 0..<20_000 {
            var bytes = packet
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let index = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes[index] = UInt8.random(in: 0...255, using: &random)
                case 1: bytes[index] ^= 0xC0
                default: bytes.insert(UInt8.random(in: 0...255, using: &random), at: index)
                }
            }
            checkNoTrapAndStable(bytes)
            bytes[2] &= 0x7F  // make it a query so the server logic runs
            _ = ClusterDNS().respond(to: bytes, records: fixtureRecords)
        }
    }

    @Test func randomNamesAnswerWithoutTrapping() throws {
        var random = SeededGenerator(state: 42)
        let words = ["svc", "pod", "cluster", "local", "tcp-demo", "tcp-echo", "db", "db-0", "_pg", "_tcp", "in-addr",
                     "arpa", "10", "96", "0", "244", "12", "10-244-0-12", "dns", "ns", "ext", "alias", "loop-a", "X"]
        let dns = ClusterDNS()
        for _ in 0..<5_000 {
            let labels = (0..<Int.random(in: 0...7, using: &random)).map { _ in words.randomElement(using: &random)! }
            let type = [DNSRecordType.a, .aaaa, .srv, .ptr, .txt, .soa, .ns, .any, .cname].randomElement(using: &random)!
            let query = DNSMessage.query(id: 1, name: name(labels.joined(separator: ".")), type: type)
            let reply = dns.answer(query, records: fixtureRecords)
            #expect(reply.isResponse && reply.id == 1)
            #expect([.noError, .nameError, .refused].contains(reply.rcode))
            #expect((try? reply.encode())?.count ?? 0 <= 512)
        }
    }
}
