// Tests of the message codec: header flags, every record type, EDNS, compression and its limits.
import Testing
import DNSWire

@Suite struct DNSMessageCodecTests {
    /// A response that uses every record type the codec knows, plus an unknown one and EDNS.
    func everyType() -> DNSMessage {
        let owner = name("db.tcp-demo.svc.cluster.local")
        let soa = DNSStartOfAuthority(
            primaryServer: name("ns.dns.cluster.local"), responsibleMailbox: name("hostmaster.cluster.local"),
            serial: 7, refresh: 7200, retry: 1800, expire: 86400, minimumTTL: 5)
        return DNSMessage(
            id: 0xBEEF, isResponse: true, opcode: .query, authoritative: true, truncated: false,
            recursionDesired: true, recursionAvailable: false, authenticData: true, checkingDisabled: true,
            rcode: .nameError,
            questions: [DNSQuestion(name: owner, type: .any)],
            answers: [
                DNSResourceRecord(name: owner, ttl: 5, data: .a(ip("10.244.0.21"))),
                DNSResourceRecord(name: owner, ttl: 5, data: .aaaa(IPv6Address("fd00::15")!)),
                DNSResourceRecord(name: owner, ttl: 5, data: .cname(name("db-0.db.tcp-demo.svc.cluster.local"))),
                DNSResourceRecord(
                    name: owner, ttl: 5,
                    data: .srv(
                        DNSServiceLocation(
                            priority: 1, weight: 2, port: 5432, target: name("db-0.db.tcp-demo.svc.cluster.local")))),
                DNSResourceRecord(name: owner, ttl: 5, data: .txt([Array("1.1.0".utf8), [], Array(repeating: 0x41, count: 255)])),
                DNSResourceRecord(
                    name: owner, recordClass: .chaos, ttl: 0,
                    data: .unknown(type: DNSRecordType(rawValue: 65280), bytes: [1, 2, 3])),
                DNSResourceRecord(name: owner, ttl: 5, data: .unknown(type: .mx, bytes: [0, 10, 0])),
            ],
            authority: [
                DNSResourceRecord(name: name("cluster.local"), ttl: 5, data: .soa(soa)),
                DNSResourceRecord(name: name("cluster.local"), ttl: 5, data: .ns(name("ns.dns.cluster.local"))),
            ],
            additional: [
                DNSResourceRecord(name: name("21.0.244.10.in-addr.arpa"), ttl: 5, data: .ptr(owner)),
            ],
            edns: EDNS(
                udpPayloadSize: 1232, version: 0, dnssecOK: true,
                options: [EDNSOption(code: 10, data: [1, 2, 3, 4, 5, 6, 7, 8])]))
    }

    @Test func everyRecordTypeRoundTrips() throws {
        let message = everyType()
        let bytes = try message.encode()
        let decoded = try DNSMessage(decoding: bytes)
        #expect(decoded == message)
        #expect(try decoded.encode() == bytes)
        #expect(decoded.answers.map(\.type) == [.a, .aaaa, .cname, .srv, .txt, DNSRecordType(rawValue: 65280), .mx])
        #expect(decoded.edns?.udpPayloadSize == 1232)
        #expect(decoded.edns?.dnssecOK == true)
    }

    @Test func headerFlagsHaveTheirBits() throws {
        let bytes = try DNSMessage(
            id: 0x0102, isResponse: true, opcode: .status, authoritative: true, truncated: true,
            recursionDesired: true, recursionAvailable: true, rcode: .refused
        ).encode()
        #expect(bytes == [0x01, 0x02, 0x97, 0x85, 0, 0, 0, 0, 0, 0, 0, 0])
        let notify = try DNSMessage(decoding: [0, 1, 0x20, 0x00, 0, 0, 0, 0, 0, 0, 0, 0])
        #expect(notify.opcode == .notify)
        #expect(!notify.isResponse)
    }

    @Test func extendedRcodeTravelsInOPT() throws {
        let message = DNSMessage(id: 9, isResponse: true, rcode: .badVersion, edns: EDNS(udpPayloadSize: 1232))
        let bytes = try message.encode()
        // Header rcode holds the low 4 bits (0); the OPT TTL's top byte holds the rest (1).
        #expect(bytes[3] & 0x0F == 0)
        #expect(bytes[bytes.count - 6] == 1)
        #expect(try DNSMessage(decoding: bytes).rcode == .badVersion)
        #expect(throws: DNSWireError.self) { try DNSMessage(id: 9, rcode: .badVersion).encode() }
    }

    @Test func compressesRepeatedSuffixes() throws {
        let owner = name("tcp-echo.tcp-demo.svc.cluster.local")
        let message = DNSMessage(
            id: 1, isResponse: true, questions: [DNSQuestion(name: owner, type: .a)],
            answers: [
                DNSResourceRecord(name: owner, ttl: 5, data: .cname(name("db.tcp-demo.svc.cluster.local"))),
                DNSResourceRecord(name: name("db.tcp-demo.svc.cluster.local"), ttl: 5, data: .a(ip("10.96.0.3"))),
            ])
        let bytes = try message.encode()
        // Question name at 12; the first owner is a pointer to it.
        #expect(Array(bytes[12..<12 + 37]) == wireName("tcp-echo.tcp-demo.svc.cluster.local"))
        let firstOwner = 12 + 37 + 4
        #expect(Array(bytes[firstOwner..<firstOwner + 2]) == [0xC0, 0x0C])
        // CNAME data: "db" then a pointer to "tcp-demo..." at offset 12 + 9.
        let cnameData = firstOwner + 2 + 10
        #expect(Array(bytes[cnameData..<cnameData + 5]) == [2, 0x64, 0x62, 0xC0, 21])
        // Second owner is the CNAME target: a pointer to it.
        #expect(Array(bytes[cnameData + 5..<cnameData + 7]) == [0xC0, UInt8(cnameData)])
        #expect(bytes.count == cnameData + 7 + 10 + 4)
        #expect(try DNSMessage(decoding: bytes) == message)
    }

    @Test func srvTargetsAreNotCompressed() throws {
        let target = name("tcp-echo.tcp-demo.svc.cluster.local")
        let message = DNSMessage(
            id: 1, isResponse: true, questions: [DNSQuestion(name: target, type: .srv)],
            answers: [
                DNSResourceRecord(
                    name: target, ttl: 5,
                    data: .srv(DNSServiceLocation(priority: 0, weight: 100, port: 9000, target: target)))
            ])
        let bytes = try message.encode()
        #expect(bytes.suffix(37) == ArraySlice(wireName("tcp-echo.tcp-demo.svc.cluster.local")))
    }

    @Test func compressionKeepsCase() throws {
        let message = DNSMessage(
            id: 1, questions: [DNSQuestion(name: name("A.Example"), type: .a), DNSQuestion(name: name("a.example"), type: .a)])
        let decoded = try DNSMessage(decoding: try message.encode())
        #expect(decoded.questions.map(\.name.description) == ["A.Example", "a.example"])
    }

    @Test func decodesPointerChains() throws {
        // Question "svc.cluster.local" at 12, answer owner "tcp-demo" + pointer to 12, data CNAME
        // "x" + pointer to the owner (a chain of two jumps, each strictly backwards).
        var bytes: [UInt8] = [0, 7, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0]
        bytes += wireName("svc.cluster.local") + [0, 5, 0, 1]
        let ownerOffset = bytes.count
        bytes += [8] + Array("tcp-demo".utf8) + [0xC0, 12]
        bytes += [0, 5, 0, 1, 0, 0, 0, 5, 0, 4, 1, 0x78, 0xC0, UInt8(ownerOffset)]
        let message = try DNSMessage(decoding: bytes)
        #expect(message.answers.first?.name == name("tcp-demo.svc.cluster.local"))
        #expect(message.answers.first?.data == .cname(name("x.tcp-demo.svc.cluster.local")))
    }

    @Test func rejectsPointerLoopsAndForwardPointers() {
        let header: [UInt8] = [0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]
        let selfLoop = header + [0xC0, 12, 0, 1, 0, 1]
        #expect(throws: DNSWireError.badCompressionPointer(offset: 12, target: 12)) { try DNSMessage(decoding: selfLoop) }
        let forward = header + [0xC0, 14, 1, 0x61, 0, 0, 1, 0, 1]
        #expect(throws: DNSWireError.badCompressionPointer(offset: 12, target: 14)) { try DNSMessage(decoding: forward) }
        // "a" then a pointer back to the start of the same name: backwards, but a loop.
        let backLoop = header + [1, 0x61, 0xC0, 12, 0, 1, 0, 1]
        #expect(throws: DNSWireError.badCompressionPointer(offset: 14, target: 12)) { try DNSMessage(decoding: backLoop) }
        let reserved = header + [0x40, 0, 0, 1, 0, 1]
        #expect(throws: DNSWireError.unsupportedLabelType(offset: 12, byte: 0x40)) { try DNSMessage(decoding: reserved) }
    }

    @Test func rejectsNamesLongerThan255BytesAfterExpansion() {
        // Four 63-byte labels reached through pointers: each piece is legal, the whole is too long.
        var bytes: [UInt8] = [0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0]
        let label = [63] + Array(repeating: UInt8(0x61), count: 63)
        bytes += label + label + label + [0] + [0, 1, 0, 1]
        bytes += label + [0xC0, 12] + [0, 1, 0, 1]
        #expect(throws: DNSWireError.nameTooLong(offset: 12 + 3 * 64 + 5)) { try DNSMessage(decoding: bytes) }
    }

    @Test func rejectsBadRecordData() {
        let header: [UInt8] = [0, 1, 0x80, 0, 0, 0, 0, 1, 0, 0, 0, 0]
        let shortA = header + [0, 0, 1, 0, 1, 0, 0, 0, 5, 0, 3, 10, 96, 0]
        #expect(throws: DNSWireError.badRecordData(offset: 23, type: .a, reason: "3 bytes; an IPv4 address is 4")) {
            try DNSMessage(decoding: shortA)
        }
        let overlongCNAME = header + [0, 0, 5, 0, 1, 0, 0, 0, 5, 0, 1, 1, 0x61, 0]
        #expect(throws: DNSWireError.self) { try DNSMessage(decoding: overlongCNAME) }
        let leftover = header + [0, 0, 12, 0, 1, 0, 0, 0, 5, 0, 3, 0, 0xFF, 0xFF]
        #expect(throws: DNSWireError.badRecordData(offset: 23, type: .ptr, reason: "2 bytes left over")) {
            try DNSMessage(decoding: leftover)
        }
        let cutData = header + [0, 0, 1, 0, 1, 0, 0, 0, 5, 0, 4, 10]
        #expect(throws: DNSWireError.truncated(offset: 23, reading: "A record data")) { try DNSMessage(decoding: cutData) }
        let opt: [UInt8] = [0, 0, 41, 4, 0xD0, 0, 0, 0, 0, 0, 0]
        let twoOPT: [UInt8] = [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2] + opt + opt
        #expect(throws: DNSWireError.badOPT(offset: 23, reason: "more than one OPT record")) { try DNSMessage(decoding: twoOPT) }
        let optInAnswer: [UInt8] = [0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0] + opt
        #expect(throws: DNSWireError.self) { try DNSMessage(decoding: optInAnswer) }
        let badOption: [UInt8] = [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 41, 2, 0, 0, 0, 0, 0, 0, 4, 0, 10, 0, 9]
        #expect(throws: DNSWireError.self) { try DNSMessage(decoding: badOption) }
    }

    @Test func errorsExplainThemselves() {
        #expect(DNSWireError.truncated(offset: 3, reading: "header flags").description
            == "DNS message truncated at byte 3 while reading header flags")
        #expect(DNSWireError.badCompressionPointer(offset: 14, target: 12).description.contains("not strictly earlier"))
        #expect(DNSWireError.unencodable(reason: "x").description == "DNS message cannot be encoded: x")
    }

    @Test func refusesUnencodableValues() {
        let longTXT = DNSMessage(answers: [DNSResourceRecord(name: .root, ttl: 0, data: .txt([Array(repeating: 0, count: 256)]))])
        #expect(throws: DNSWireError.self) { try longTXT.encode() }
        let fakeOPT = DNSMessage(additional: [DNSResourceRecord(name: .root, ttl: 0, data: .unknown(type: .opt, bytes: []))])
        #expect(throws: DNSWireError.self) { try fakeOPT.encode() }
        let big = DNSResourceRecord(name: .root, ttl: 0, data: .unknown(type: .mx, bytes: Array(repeating: 0, count: 60000)))
        let huge = DNSMessage(answers: [big, big])
        #expect(throws: DNSWireError.self) { try huge.encode() }
    }

    @Test func ignoresTrailingBytes() throws {
        let bytes = try DNSMessage.query(id: 5, name: name("a.b"), type: .a).encode()
        #expect(try DNSMessage(decoding: bytes + [1, 2, 3]).questions.count == 1)
    }
}
