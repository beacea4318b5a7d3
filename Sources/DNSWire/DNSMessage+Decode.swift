// Reading a message from wire bytes (RFC 1035 §4.1), including EDNS(0) and typed record data.

extension DNSMessage {
    /// Size of the fixed header.
    public static let headerLength = 12

    /// Parses a whole message; throws `DNSWireError` on anything malformed and never traps.
    ///
    /// ```
    ///  0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15
    /// |                      ID                       |
    /// |QR|  OPCODE   |AA|TC|RD|RA| Z|AD|CD|   RCODE   |
    /// |        QDCOUNT        |        ANCOUNT        |   (one 16-bit count each)
    /// |        NSCOUNT        |        ARCOUNT        |
    /// ```
    /// Bytes after the last counted record are ignored, as common servers do.
    public init(decoding bytes: [UInt8]) throws(DNSWireError) {
        var reader = WireReader(bytes)
        let id = try reader.readUInt16("header id")
        let flags = try reader.readUInt16("header flags")
        let questionCount = try reader.readUInt16("question count")
        let answerCount = try reader.readUInt16("answer count")
        let authorityCount = try reader.readUInt16("authority count")
        let additionalCount = try reader.readUInt16("additional count")

        var questions: [DNSQuestion] = []
        for _ in 0..<questionCount {
            let name = try reader.readName()
            let type = DNSRecordType(rawValue: try reader.readUInt16("question type"))
            let recordClass = DNSRecordClass(rawValue: try reader.readUInt16("question class"))
            questions.append(DNSQuestion(name: name, type: type, recordClass: recordClass))
        }
        let answers = try Self.readRecords(answerCount, &reader)
        let authority = try Self.readRecords(authorityCount, &reader)
        var additional: [DNSResourceRecord] = []
        var edns: (EDNS, UInt8)?
        for _ in 0..<additionalCount {
            let offset = reader.position
            switch try Self.readRecord(&reader) {
            case .record(let record):
                additional.append(record)
            case .opt(let value, let extendedRcode):
                guard edns == nil else { throw .badOPT(offset: offset, reason: "more than one OPT record") }
                edns = (value, extendedRcode)
            }
        }

        let extendedRcode = UInt16(edns?.1 ?? 0) << 4
        self.init(
            id: id,
            isResponse: flags & 0x8000 != 0,
            opcode: DNSOpcode(rawValue: UInt8(flags >> 11 & 0x0F)),
            authoritative: flags & 0x0400 != 0,
            truncated: flags & 0x0200 != 0,
            recursionDesired: flags & 0x0100 != 0,
            recursionAvailable: flags & 0x0080 != 0,
            authenticData: flags & 0x0020 != 0,
            checkingDisabled: flags & 0x0010 != 0,
            rcode: DNSResponseCode(rawValue: extendedRcode | flags & 0x000F),
            questions: questions,
            answers: answers,
            authority: authority,
            additional: additional,
            edns: edns?.0)
    }

    /// A record as read: an ordinary one, or the OPT pseudo-record with the extended rcode bits.
    private enum ReadRecord {
        case record(DNSResourceRecord)
        case opt(EDNS, extendedRcode: UInt8)
    }

    /// Reads the records of the answer or authority section, where OPT is not allowed.
    private static func readRecords(_ count: UInt16, _ reader: inout WireReader) throws(DNSWireError) -> [DNSResourceRecord] {
        var records: [DNSResourceRecord] = []
        for _ in 0..<count {
            let offset = reader.position
            guard case .record(let record) = try readRecord(&reader) else {
                throw .badOPT(offset: offset, reason: "OPT outside the additional section")
            }
            records.append(record)
        }
        return records
    }

    /// Reads one record of any section.
    private static func readRecord(_ reader: inout WireReader) throws(DNSWireError) -> ReadRecord {
        let start = reader.position
        let name = try reader.readName()
        let type = DNSRecordType(rawValue: try reader.readUInt16("record type"))
        let classField = try reader.readUInt16("record class")
        let ttl = try reader.readUInt32("record TTL")
        let length = Int(try reader.readUInt16("record data length"))
        let dataStart = reader.position
        guard reader.remaining >= length else { throw .truncated(offset: dataStart, reading: "\(type) record data") }

        if type == .opt {
            guard name.isRoot else { throw .badOPT(offset: start, reason: "owner is \(name), not the root") }
            let options = try readOptions(&reader, end: dataStart + length)
            let edns = EDNS(
                udpPayloadSize: classField, version: UInt8(ttl >> 16 & 0xFF), dnssecOK: ttl & 0x8000 != 0,
                options: options)
            return .opt(edns, extendedRcode: UInt8(ttl >> 24))
        }
        let data = try readData(type: type, &reader, end: dataStart + length)
        let record = DNSResourceRecord(
            name: name, recordClass: DNSRecordClass(rawValue: classField), ttl: ttl, data: data)
        return .record(record)
    }

    private static func readOptions(_ reader: inout WireReader, end: Int) throws(DNSWireError) -> [EDNSOption] {
        var options: [EDNSOption] = []
        while reader.position < end {
            let offset = reader.position
            guard end - offset >= 4 else { throw .badOPT(offset: offset, reason: "option header cut short") }
            let code = try reader.readUInt16("option code")
            let length = Int(try reader.readUInt16("option length"))
            guard end - reader.position >= length else {
                throw .badOPT(offset: offset, reason: "option \(code) longer than the record data")
            }
            options.append(EDNSOption(code: code, data: try reader.readBytes(length, "option data")))
        }
        return options
    }

    /// Reads RDATA of `type` that must occupy exactly the bytes up to `end`.
    private static func readData(
        type: DNSRecordType, _ reader: inout WireReader, end: Int
    ) throws(DNSWireError) -> DNSRecordData {
        let start = reader.position
        let length = end - start
        func bad(_ reason: String) -> DNSWireError { .badRecordData(offset: start, type: type, reason: reason) }
        func name(_ reader: inout WireReader) throws(DNSWireError) -> DNSName {
            let value = try reader.readName()
            guard reader.position <= end else { throw bad("a name runs past the record data") }
            return value
        }
        func fixed(_ count: Int, _ what: String) throws(DNSWireError) {
            guard end - reader.position >= count else { throw bad("\(what) cut short") }
        }

        let data: DNSRecordData
        switch type {
        case .a:
            guard length == 4 else { throw bad("\(length) bytes; an IPv4 address is 4") }
            data = .a(IPv4Address(value: try reader.readUInt32("A address")))
        case .aaaa:
            guard length == 16 else { throw bad("\(length) bytes; an IPv6 address is 16") }
            guard let address = IPv6Address(bytes: try reader.readBytes(16, "AAAA address")) else {
                throw bad("not 16 bytes")
            }
            data = .aaaa(address)
        case .cname:
            data = .cname(try name(&reader))
        case .ns:
            data = .ns(try name(&reader))
        case .ptr:
            data = .ptr(try name(&reader))
        case .srv:
            try fixed(6, "priority, weight and port")
            let priority = try reader.readUInt16("SRV priority")
            let weight = try reader.readUInt16("SRV weight")
            let port = try reader.readUInt16("SRV port")
            let target = try name(&reader)
            data = .srv(DNSServiceLocation(priority: priority, weight: weight, port: port, target: target))
        case .txt:
            guard length > 0 else { throw bad("no character-string") }
            var strings: [[UInt8]] = []
            while reader.position < end {
                let count = Int(try reader.readUInt8("TXT length"))
                guard end - reader.position >= count else { throw bad("a string runs past the record data") }
                strings.append(try reader.readBytes(count, "TXT string"))
            }
            data = .txt(strings)
        case .soa:
            let primary = try name(&reader)
            let mailbox = try name(&reader)
            try fixed(20, "serial and timers")
            data = .soa(
                DNSStartOfAuthority(
                    primaryServer: primary, responsibleMailbox: mailbox,
                    serial: try reader.readUInt32("SOA serial"), refresh: try reader.readUInt32("SOA refresh"),
                    retry: try reader.readUInt32("SOA retry"), expire: try reader.readUInt32("SOA expire"),
                    minimumTTL: try reader.readUInt32("SOA minimum")))
        default:
            data = .unknown(type: type, bytes: try reader.readBytes(length, "\(type) record data"))
        }
        guard reader.position == end else { throw bad("\(end - reader.position) bytes left over") }
        return data
    }
}
