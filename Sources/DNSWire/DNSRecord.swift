// Resource records: owner, class, TTL and typed data; unknown types keep their bytes.

/// One resource record of the answer, authority or additional section.
public struct DNSResourceRecord: Sendable, Hashable, CustomStringConvertible {
    /// The owner name.
    public var name: DNSName
    /// The record class (IN for everything the cluster serves).
    public var recordClass: DNSRecordClass
    /// Seconds a cache may keep the record.
    public var ttl: UInt32
    /// The typed record data; its case determines `type`.
    public var data: DNSRecordData

    /// Creates a record (class IN unless given).
    public init(name: DNSName, recordClass: DNSRecordClass = .internet, ttl: UInt32, data: DNSRecordData) {
        self.name = name
        self.recordClass = recordClass
        self.ttl = ttl
        self.data = data
    }

    /// The record type, taken from the data.
    public var type: DNSRecordType { data.type }

    /// `name ttl class type data`, as dig prints a record.
    public var description: String { "\(name) \(ttl) \(recordClass) \(type) \(data)" }
}

/// Record data for the types the cluster DNS reads or writes; anything else is `.unknown`.
public enum DNSRecordData: Sendable, Hashable, CustomStringConvertible {
    /// An IPv4 address.
    case a(IPv4Address)
    /// An IPv6 address.
    case aaaa(IPv6Address)
    /// An alias: the owner is another name for the target.
    case cname(DNSName)
    /// A name server for the owner's zone.
    case ns(DNSName)
    /// A pointer, as used by reverse lookups.
    case ptr(DNSName)
    /// A service location.
    case srv(DNSServiceLocation)
    /// One or more character strings of at most 255 bytes each.
    case txt([[UInt8]])
    /// The start of a zone of authority.
    case soa(DNSStartOfAuthority)
    /// Any other type, with its data exactly as it was on the wire.
    case unknown(type: DNSRecordType, bytes: [UInt8])

    /// The record type this data belongs to.
    public var type: DNSRecordType {
        switch self {
        case .a: .a
        case .aaaa: .aaaa
        case .cname: .cname
        case .ns: .ns
        case .ptr: .ptr
        case .srv: .srv
        case .txt: .txt
        case .soa: .soa
        case .unknown(let type, _): type
        }
    }

    /// The data in presentation form (RFC 3597 `\# n hex` for unknown types).
    public var description: String {
        switch self {
        case .a(let address): address.description
        case .aaaa(let address): address.description
        case .cname(let name), .ns(let name), .ptr(let name): "\(name)."
        case .srv(let srv): "\(srv.priority) \(srv.weight) \(srv.port) \(srv.target)."
        case .txt(let strings):
            strings.map { "\"" + String(decoding: $0, as: UTF8.self) + "\"" }.joined(separator: " ")
        case .soa(let soa):
            "\(soa.primaryServer). \(soa.responsibleMailbox). \(soa.serial) \(soa.refresh) \(soa.retry) "
                + "\(soa.expire) \(soa.minimumTTL)"
        case .unknown(_, let bytes):
            "\\# \(bytes.count) " + bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        }
    }
}

/// SRV data (RFC 2782): where a named service listens.
public struct DNSServiceLocation: Sendable, Hashable {
    /// Lower is tried first.
    public var priority: UInt16
    /// Relative share among records of equal priority.
    public var weight: UInt16
    /// The port the service listens on.
    public var port: UInt16
    /// The host providing the service (never compressed on the wire).
    public var target: DNSName

    /// Creates SRV data.
    public init(priority: UInt16, weight: UInt16, port: UInt16, target: DNSName) {
        self.priority = priority
        self.weight = weight
        self.port = port
        self.target = target
    }
}

/// SOA data (RFC 1035 §3.3.13); its minimum field is the negative-caching TTL (RFC 2308).
public struct DNSStartOfAuthority: Sendable, Hashable {
    /// The primary name server of the zone (MNAME).
    public var primaryServer: DNSName
    /// The mailbox of the person responsible, as a name (RNAME).
    public var responsibleMailbox: DNSName
    /// The zone's version number.
    public var serial: UInt32
    /// Seconds between secondary refreshes.
    public var refresh: UInt32
    /// Seconds between failed refresh retries.
    public var retry: UInt32
    /// Seconds after which a secondary stops answering.
    public var expire: UInt32
    /// Seconds a negative answer may be cached.
    public var minimumTTL: UInt32

    /// Creates SOA data.
    public init(
        primaryServer: DNSName, responsibleMailbox: DNSName, serial: UInt32, refresh: UInt32, retry: UInt32,
        expire: UInt32, minimumTTL: UInt32
    ) {
        self.primaryServer = primaryServer
        self.responsibleMailbox = responsibleMailbox
        self.serial = serial
        self.refresh = refresh
        self.retry = retry
        self.expire = expire
        self.minimumTTL = minimumTTL
    }
}
