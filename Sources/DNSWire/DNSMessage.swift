// DNSWire: the cluster DNS as pure logic — the RFC 1035 message codec and the kube-dns answering
// rules for the embedded cluster's 10.96.0.10. No I/O, no Foundation; the node runtime owns sockets.

/// One DNS message (query or response) as values; `decode(_:)` and `encode()` convert to and from wire bytes.
public struct DNSMessage: Sendable, Hashable {
    /// Transaction id, copied from query to response.
    public var id: UInt16
    /// QR: false for a query, true for a response.
    public var isResponse: Bool
    /// Kind of query.
    public var opcode: DNSOpcode
    /// AA: the answer comes from the zone's authority.
    public var authoritative: Bool
    /// TC: the message was cut to fit the transport; retry over TCP.
    public var truncated: Bool
    /// RD: the client asks for recursion.
    public var recursionDesired: Bool
    /// RA: the server offers recursion.
    public var recursionAvailable: Bool
    /// AD: the data was authenticated (DNSSEC).
    public var authenticData: Bool
    /// CD: the client disabled DNSSEC checking.
    public var checkingDisabled: Bool
    /// Full response code; values above 15 need `edns` to travel (the high bits live in the OPT record).
    public var rcode: DNSResponseCode
    /// Question section.
    public var questions: [DNSQuestion]
    /// Answer section.
    public var answers: [DNSResourceRecord]
    /// Authority section.
    public var authority: [DNSResourceRecord]
    /// Additional section, without the OPT pseudo-record (that is `edns`).
    public var additional: [DNSResourceRecord]
    /// EDNS(0) parameters from the OPT pseudo-record, if the message carries one.
    public var edns: EDNS?

    /// Creates a message; every flag defaults to off and every section to empty.
    public init(
        id: UInt16 = 0,
        isResponse: Bool = false,
        opcode: DNSOpcode = .query,
        authoritative: Bool = false,
        truncated: Bool = false,
        recursionDesired: Bool = false,
        recursionAvailable: Bool = false,
        authenticData: Bool = false,
        checkingDisabled: Bool = false,
        rcode: DNSResponseCode = .noError,
        questions: [DNSQuestion] = [],
        answers: [DNSResourceRecord] = [],
        authority: [DNSResourceRecord] = [],
        additional: [DNSResourceRecord] = [],
        edns: EDNS? = nil
    ) {
        self.id = id
        self.isResponse = isResponse
        self.opcode = opcode
        self.authoritative = authoritative
        self.truncated = truncated
        self.recursionDesired = recursionDesired
        self.recursionAvailable = recursionAvailable
        self.authenticData = authenticData
        self.checkingDisabled = checkingDisabled
        self.rcode = rcode
        self.questions = questions
        self.answers = answers
        self.authority = authority
        self.additional = additional
        self.edns = edns
    }

    /// A standard query for one name and type, as a stub resolver sends it (RD set).
    public static func query(
        id: UInt16, name: DNSName, type: DNSRecordType, recursionDesired: Bool = true, edns: EDNS? = nil
    ) -> DNSMessage {
        DNSMessage(
            id: id, recursionDesired: recursionDesired,
            questions: [DNSQuestion(name: name, type: type)], edns: edns)
    }
}

/// One entry of the question section: what is asked about which name.
public struct DNSQuestion: Sendable, Hashable, CustomStringConvertible {
    /// The name asked about.
    public var name: DNSName
    /// The record type asked for.
    public var type: DNSRecordType
    /// The class asked in (almost always IN).
    public var recordClass: DNSRecordClass

    /// Creates a question (class IN unless given).
    public init(name: DNSName, type: DNSRecordType, recordClass: DNSRecordClass = .internet) {
        self.name = name
        self.type = type
        self.recordClass = recordClass
    }

    /// `name class type`, as dig prints a question.
    public var description: String { "\(name) \(recordClass) \(type)" }
}
