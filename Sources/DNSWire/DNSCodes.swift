// The numeric registries of the DNS header and records: opcodes, response codes, types, classes.

/// The OPCODE header field (4 bits): what kind of request a message is.
public struct DNSOpcode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The 4-bit value.
    public var rawValue: UInt8
    /// Creates an opcode from its value (only the low 4 bits travel).
    public init(rawValue: UInt8) { self.rawValue = rawValue & 0x0F }

    /// A standard query (0).
    public static let query = DNSOpcode(rawValue: 0)
    /// An inverse query, obsolete (1).
    public static let inverseQuery = DNSOpcode(rawValue: 1)
    /// A server status request (2).
    public static let status = DNSOpcode(rawValue: 2)
    /// A zone change notification (4).
    public static let notify = DNSOpcode(rawValue: 4)
    /// A dynamic update (5).
    public static let update = DNSOpcode(rawValue: 5)

    /// The mnemonic, or the number for unassigned values.
    public var description: String {
        switch rawValue {
        case 0: "QUERY"
        case 1: "IQUERY"
        case 2: "STATUS"
        case 4: "NOTIFY"
        case 5: "UPDATE"
        default: "OPCODE\(rawValue)"
        }
    }
}

/// The response code: 4 bits in the header, extended to 12 bits by EDNS.
public struct DNSResponseCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The 12-bit value.
    public var rawValue: UInt16
    /// Creates a response code from its value (only the low 12 bits are representable).
    public init(rawValue: UInt16) { self.rawValue = rawValue & 0x0FFF }

    /// No error (0).
    public static let noError = DNSResponseCode(rawValue: 0)
    /// The server could not understand the query (1).
    public static let formatError = DNSResponseCode(rawValue: 1)
    /// The server failed internally (2).
    public static let serverFailure = DNSResponseCode(rawValue: 2)
    /// The name does not exist (3).
    public static let nameError = DNSResponseCode(rawValue: 3)
    /// The server does not implement this kind of query (4).
    public static let notImplemented = DNSResponseCode(rawValue: 4)
    /// The server refuses to answer (5).
    public static let refused = DNSResponseCode(rawValue: 5)
    /// The EDNS version is not supported (16; needs an OPT record).
    public static let badVersion = DNSResponseCode(rawValue: 16)

    /// The mnemonic dig prints, or the number for other values.
    public var description: String {
        switch rawValue {
        case 0: "NOERROR"
        case 1: "FORMERR"
        case 2: "SERVFAIL"
        case 3: "NXDOMAIN"
        case 4: "NOTIMP"
        case 5: "REFUSED"
        case 16: "BADVERS"
        default: "RCODE\(rawValue)"
        }
    }
}

/// A resource record type (or query type) number.
public struct DNSRecordType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The 16-bit value.
    public var rawValue: UInt16
    /// Creates a type from its number.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// IPv4 address (1).
    public static let a = DNSRecordType(rawValue: 1)
    /// Authoritative name server (2).
    public static let ns = DNSRecordType(rawValue: 2)
    /// Canonical name, an alias (5).
    public static let cname = DNSRecordType(rawValue: 5)
    /// Start of authority (6).
    public static let soa = DNSRecordType(rawValue: 6)
    /// Domain name pointer, used for reverse lookups (12).
    public static let ptr = DNSRecordType(rawValue: 12)
    /// Mail exchange (15).
    public static let mx = DNSRecordType(rawValue: 15)
    /// Text strings (16).
    public static let txt = DNSRecordType(rawValue: 16)
    /// IPv6 address (28).
    public static let aaaa = DNSRecordType(rawValue: 28)
    /// Service location (33).
    public static let srv = DNSRecordType(rawValue: 33)
    /// EDNS(0) pseudo-record (41).
    public static let opt = DNSRecordType(rawValue: 41)
    /// Incremental zone transfer, query only (251).
    public static let ixfr = DNSRecordType(rawValue: 251)
    /// Full zone transfer, query only (252).
    public static let axfr = DNSRecordType(rawValue: 252)
    /// Any type, query only (255).
    public static let any = DNSRecordType(rawValue: 255)

    /// The mnemonic, or `TYPEn` as RFC 3597 writes unknown types.
    public var description: String {
        switch rawValue {
        case 1: "A"
        case 2: "NS"
        case 5: "CNAME"
        case 6: "SOA"
        case 12: "PTR"
        case 15: "MX"
        case 16: "TXT"
        case 28: "AAAA"
        case 33: "SRV"
        case 41: "OPT"
        case 251: "IXFR"
        case 252: "AXFR"
        case 255: "ANY"
        default: "TYPE\(rawValue)"
        }
    }
}

/// A resource record class number.
public struct DNSRecordClass: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The 16-bit value.
    public var rawValue: UInt16
    /// Creates a class from its number.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// The Internet (1).
    public static let internet = DNSRecordClass(rawValue: 1)
    /// Chaosnet, used for server introspection such as `version.bind` (3).
    public static let chaos = DNSRecordClass(rawValue: 3)
    /// Hesiod (4).
    public static let hesiod = DNSRecordClass(rawValue: 4)
    /// Any class, query only (255).
    public static let any = DNSRecordClass(rawValue: 255)

    /// The mnemonic, or `CLASSn` for other values.
    public var description: String {
        switch rawValue {
        case 1: "IN"
        case 3: "CH"
        case 4: "HS"
        case 255: "ANY"
        default: "CLASS\(rawValue)"
        }
    }
}
