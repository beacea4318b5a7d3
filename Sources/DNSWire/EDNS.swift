// EDNS(0) (RFC 6891): the OPT pseudo-record's fields as a value on the message.

/// The parameters an OPT pseudo-record carries; the extended rcode bits live in `DNSMessage.rcode`.
public struct EDNS: Sendable, Hashable {
    /// The largest UDP payload the sender can receive.
    public var udpPayloadSize: UInt16
    /// The EDNS version (only 0 is defined).
    public var version: UInt8
    /// DO: the sender wants DNSSEC records.
    public var dnssecOK: Bool
    /// The options, in wire order, with their data uninterpreted.
    public var options: [EDNSOption]

    /// Creates EDNS parameters (version 0, no options unless given).
    public init(udpPayloadSize: UInt16, version: UInt8 = 0, dnssecOK: Bool = false, options: [EDNSOption] = []) {
        self.udpPayloadSize = udpPayloadSize
        self.version = version
        self.dnssecOK = dnssecOK
        self.options = options
    }

    /// The UDP answer limit this implies: the advertised size, but never below 512 (RFC 6891 §6.2.5).
    public var effectivePayloadSize: Int { max(512, Int(udpPayloadSize)) }
}

/// One EDNS option (code and opaque data), such as a cookie or client subnet.
public struct EDNSOption: Sendable, Hashable {
    /// The option code.
    public var code: UInt16
    /// The option data.
    public var data: [UInt8]

    /// Creates an option.
    public init(code: UInt16, data: [UInt8]) {
        self.code = code
        self.data = data
    }
}
