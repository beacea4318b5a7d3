// Fuzz-style tests: random, mutated and truncated packets never trap the codec or the server logic.
import SeededRandom
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
        var random = SplitMix64(seed: 0x5EED)
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

    /// Random packets assembled from DNS-shaped pieces: names with labels and pointers (some bad),
    /// record headers of known types and data lengths that are often, not always, right.
    func structuredPacket(_ random: inout SplitMix64) -> [UInt8] {
        func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &random)] }
        var bytes: [UInt8] = [UInt8.random(in: 0...255, using: &random), 0, pick([0x00, 0x81, 0x29]), 0]
        let counts = (0..<4).map { _ in UInt8.random(in: 0...3, using: &random) }
        for count in counts { bytes += [0, count] }
        var nameStarts: [Int] = []
        func appendName() {
            nameStarts.append(bytes.count)
            for _ in 0..<Int.random(in: 0...3, using: &random) {
                let length = pick([1, 2, 3, 3, 5, 63, 64])
                let written = Int.random(in: 0..<20, using: &random) == 0 ? length / 2 : min(length, 63)
                bytes += [UInt8(length)] + (0..<written).map { _ in pick([0x61, 0x41, 0x2E, 0x00, 0x5F]) }
            }
            if !nameStarts.dropLast().isEmpty, Int.random(in: 0..<3, using: &random) == 0 {
                let target = Int.random(in: 0..<8, using: &random) == 0
                    ? Int.random(in: 0...(bytes.count + 2), using: &random) : pick(Array(nameStarts.dropLast()))
                bytes += [0xC0 | UInt8(target >> 8 & 0x3F), UInt8(target & 0xFF)]
            } else {
                bytes.append(0)
            }
        }
        for _ in 0..<Int(counts[0]) {
            appendName()
            bytes += [0, pick([1, 28, 33, 255]), 0, 1]
        }
        for _ in 0..<Int(counts[1...].reduce(0, +)) {
            appendName()
            let type: UInt8 = pick([1, 2, 5, 6, 12, 16, 28, 33, 41, 99])
            bytes += [0, type, 0x04, 0xD0, 0, 0, 0, 5]
            let data: [UInt8]
            switch type {
            case 1: data = [10, 96, 0, 10]
            case 28: data = Array(repeating: 0xFD, count: 16)
            case 16: data = [3, 0x61, 0x62, 0x63, 0]
            case 33: data = [0, 0, 0, 100, 0x23, 0x28, 1, 0x61, 0]
            case 41: data = [0, 10, 0, 2, 1, 2]
            case 6: data = [0, 0] + Array(repeating: 1, count: 20)
            default: data = [1, 0x62, 0xC0, 12]
            }
            let length = Int.random(in: 0..<5, using: &random) > 0 ? data.count : Int.random(in: 0...24, using: &random)
            bytes += [0, UInt8(length)] + data
        }
        return bytes
    }

    @Test func structuredRandomPacketsNeverTrap() {
        var random = SplitMix64(seed: 0xC0FFEE)
        var decoded = 0
        for _ in 0..<10_000 {
            let bytes = structuredPacket(&random)
            if (try? DNSMessage(decoding: bytes)) != nil { decoded += 1 }
            checkNoTrapAndStable(bytes)
            _ = ClusterDNS().respond(to: bytes, records: fixtureRecords)
        }
        // The generator must reach past the header often enough to exercise record parsing.
        #expect(decoded > 500)
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
        var random = SplitMix64(seed: 0xD15EA5E)
        for _ in 0..<10_000 {
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
        var random = SplitMix64(seed: 42)
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
