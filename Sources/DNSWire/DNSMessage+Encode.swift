// Writing a message to wire bytes, with name compression (RFC 1035 §4.1.4).

extension DNSMessage {
    /// Largest message a 16-bit TCP length prefix can frame.
    public static let maxLength = 65535

    /// Encodes the message; owner names and the names inside NS, CNAME, PTR and SOA data are
    /// compressed, SRV targets and unknown data are not (RFC 2782, RFC 3597).
    ///
    /// Throws if a section has more than 65535 entries, a field does not fit its width (a TXT
    /// string over 255 bytes, an rcode above 15 without EDNS), or the result exceeds 65535 bytes.
    public func encode() throws(DNSWireError) -> [UInt8] {
        var writer = WireWriter()
        writer.writeUInt16(id)
        writer.writeUInt16(try headerFlags())
        try writeCount(questions.count, "questions", &writer)
        try writeCount(answers.count, "answers", &writer)
        try writeCount(authority.count, "authority records", &writer)
        try writeCount(additional.count + (edns == nil ? 0 : 1), "additional records", &writer)
        for question in questions {
            writer.writeName(question.name, compress: true)
            writer.writeUInt16(question.type.rawValue)
            writer.writeUInt16(question.recordClass.rawValue)
        }
        for record in answers + authority + additional {
            try Self.writeRecord(record, &writer)
        }
        if let edns {
            writer.writeUInt8(0)
            writer.writeUInt16(DNSRecordType.opt.rawValue)
            writer.writeUInt16(edns.udpPayloadSize)
            let ttl = UInt32(rcode.rawValue >> 4) << 24 | UInt32(edns.version) << 16 | (edns.dnssecOK ? 0x8000 : 0)
            writer.writeUInt32(ttl)
            let lengthOffset = writer.count
            writer.writeUInt16(0)
            for option in edns.options {
                guard option.data.count <= 0xFFFF else {
                    throw .unencodable(reason: "EDNS option \(option.code) has \(option.data.count) bytes")
                }
                writer.writeUInt16(option.code)
                writer.writeUInt16(UInt16(option.data.count))
                writer.writeBytes(option.data)
            }
            try Self.patchLength(from: lengthOffset, "OPT", &writer)
        }
        guard writer.count <= Self.maxLength else {
            throw .unencodable(reason: "\(writer.count) bytes; a DNS message holds at most 65535")
        }
        return writer.bytes
    }

    private func headerFlags() throws(DNSWireError) -> UInt16 {
        guard rcode.rawValue <= 0x0F || edns != nil else {
            throw .unencodable(reason: "response code \(rcode) needs an OPT record")
        }
        var flags = UInt16(opcode.rawValue & 0x0F) << 11 | rcode.rawValue & 0x0F
        if isResponse { flags |= 0x8000 }
        if authoritative { flags |= 0x0400 }
        if truncated { flags |= 0x0200 }
        if recursionDesired { flags |= 0x0100 }
        if recursionAvailable { flags |= 0x0080 }
        if authenticData { flags |= 0x0020 }
        if checkingDisabled { flags |= 0x0010 }
        return flags
    }

    private func writeCount(_ count: Int, _ what: String, _ writer: inout WireWriter) throws(DNSWireError) {
        guard count <= 0xFFFF else { throw .unencodable(reason: "\(count) \(what); a section holds at most 65535") }
        writer.writeUInt16(UInt16(count))
    }

    private static func writeRecord(_ record: DNSResourceRecord, _ writer: inout WireWriter) throws(DNSWireError) {
        if record.type == .opt {
            throw .unencodable(reason: "OPT must be given as `edns`, not as a record")
        }
        writer.writeName(record.name, compress: true)
        writer.writeUInt16(record.type.rawValue)
        writer.writeUInt16(record.recordClass.rawValue)
        writer.writeUInt32(record.ttl)
        let lengthOffset = writer.count
        writer.writeUInt16(0)
        switch record.data {
        case .a(let address):
            writer.writeUInt32(address.value)
        case .aaaa(let address):
            writer.writeBytes(address.bytes)
        case .cname(let name), .ns(let name), .ptr(let name):
            writer.writeName(name, compress: true)
        case .srv(let srv):
            writer.writeUInt16(srv.priority)
            writer.writeUInt16(srv.weight)
            writer.writeUInt16(srv.port)
            writer.writeName(srv.target, compress: false)
        case .txt(let strings):
            if strings.isEmpty { writer.writeUInt8(0) }
            for string in strings {
                guard string.count <= 255 else {
                    throw .unencodable(reason: "TXT string of \(string.count) bytes for \(record.name)")
                }
                writer.writeUInt8(UInt8(string.count))
                writer.writeBytes(string)
            }
        case .soa(let soa):
            writer.writeName(soa.primaryServer, compress: true)
            writer.writeName(soa.responsibleMailbox, compress: true)
            for value in [soa.serial, soa.refresh, soa.retry, soa.expire, soa.minimumTTL] {
                writer.writeUInt32(value)
            }
        case .unknown(_, let bytes):
            writer.writeBytes(bytes)
        }
        try patchLength(from: lengthOffset, "\(record.type) record for \(record.name)", &writer)
    }

    private static func patchLength(from offset: Int, _ what: String, _ writer: inout WireWriter) throws(DNSWireError) {
        let length = writer.count - offset - 2
        guard length <= 0xFFFF else { throw .unencodable(reason: "\(what) has \(length) bytes of data") }
        writer.patchUInt16(UInt16(length), at: offset)
    }
}
