// Parsing the exclusion lists from a pod's annotations and from MeshConfig, with errors that
// name the list and the bad entry.

/// The pod annotations that carry exclusion and inclusion lists (comma-separated values).
public enum ExclusionAnnotation: String, Sendable, CaseIterable {
    /// Outbound ports that bypass the sidecar, e.g. "6379,5432".
    case outboundPortExclusionList = "openservicemesh.io/outbound-port-exclusion-list"
    /// Inbound ports that bypass the sidecar.
    case inboundPortExclusionList = "openservicemesh.io/inbound-port-exclusion-list"
    /// Outbound CIDRs that bypass the sidecar, e.g. "10.0.0.0/8, 1.1.1.1/32".
    case outboundIPRangeExclusionList = "openservicemesh.io/outbound-ip-range-exclusion-list"
    /// Outbound CIDRs that alone are redirected.
    case outboundIPRangeInclusionList = "openservicemesh.io/outbound-ip-range-inclusion-list"
    /// Outbound ports that alone are redirected (not in OSM v1.2; OSM's later sidecar variants read it).
    case outboundPortInclusionList = "openservicemesh.io/outbound-port-inclusion-list"
}

extension TrafficExclusions {
    /// Reads the exclusion annotations of a pod; other annotations are ignored.
    /// Entries are trimmed and empty entries skipped; the first bad entry throws.
    public init(annotations: [String: String]) throws(InterceptionSpecError) {
        func value(_ key: ExclusionAnnotation) -> String { annotations[key.rawValue] ?? "" }
        self.init(
            outboundIPRangeExclusions: try Self.parseIPRanges(
                value(.outboundIPRangeExclusionList), source: ExclusionAnnotation.outboundIPRangeExclusionList.rawValue),
            outboundIPRangeInclusions: try Self.parseIPRanges(
                value(.outboundIPRangeInclusionList), source: ExclusionAnnotation.outboundIPRangeInclusionList.rawValue),
            outboundPortExclusions: try Self.parsePorts(
                value(.outboundPortExclusionList), source: ExclusionAnnotation.outboundPortExclusionList.rawValue),
            outboundPortInclusions: try Self.parsePorts(
                value(.outboundPortInclusionList), source: ExclusionAnnotation.outboundPortInclusionList.rawValue),
            inboundPortExclusions: try Self.parsePorts(
                value(.inboundPortExclusionList), source: ExclusionAnnotation.inboundPortExclusionList.rawValue))
        self = deduplicated
    }

    /// Reads MeshConfig's `spec.traffic` lists (already arrays in the API); the parameter
    /// names are MeshConfig's field names, and errors name the field.
    public static func fromMeshConfig(
        outboundIPRangeExclusionList: [String] = [],
        outboundIPRangeInclusionList: [String] = [],
        outboundPortExclusionList: [Int] = [],
        inboundPortExclusionList: [Int] = [],
        networkInterfaceExclusionList: [String] = []
    ) throws(InterceptionSpecError) -> TrafficExclusions {
        let field = "MeshConfig spec.traffic."
        return TrafficExclusions(
            outboundIPRangeExclusions: try outboundIPRangeExclusionList.map { e throws(InterceptionSpecError) in
                try parseIPRange(e, source: field + "outboundIPRangeExclusionList") },
            outboundIPRangeInclusions: try outboundIPRangeInclusionList.map { e throws(InterceptionSpecError) in
                try parseIPRange(e, source: field + "outboundIPRangeInclusionList") },
            outboundPortExclusions: try outboundPortExclusionList.map { p throws(InterceptionSpecError) in
                try parsePort(String(p), source: field + "outboundPortExclusionList") },
            inboundPortExclusions: try inboundPortExclusionList.map { p throws(InterceptionSpecError) in
                try parsePort(String(p), source: field + "inboundPortExclusionList") },
            networkInterfaceExclusions: try networkInterfaceExclusionList.map { i throws(InterceptionSpecError) in
                try parseInterface(i, source: field + "networkInterfaceExclusionList") }
        ).deduplicated
    }

    /// Parses a comma-separated port list such as "80, 443".
    public static func parsePorts(_ list: String, source: String) throws(InterceptionSpecError) -> [UInt16] {
        try entries(list).map { e throws(InterceptionSpecError) in try parsePort(e, source: source) }
    }

    /// Parses a comma-separated CIDR list such as "10.0.0.0/8,1.1.1.1/32".
    public static func parseIPRanges(_ list: String, source: String) throws(InterceptionSpecError) -> [IPv4CIDR] {
        try entries(list).map { e throws(InterceptionSpecError) in try parseIPRange(e, source: source) }
    }

    /// Parses one port: a whole number from 1 to 65535, no sign, no spaces inside.
    public static func parsePort(_ entry: String, source: String) throws(InterceptionSpecError) -> UInt16 {
        let text = trimmed(entry)
        guard !text.isEmpty, text.count <= 5, text.allSatisfy({ $0.isASCII && $0.isNumber }),
              let value = Int(text), (1...65535).contains(value)
        else {
            throw InterceptionSpecError(
                kind: .invalidPort, entry: text, source: source, reason: "must be a whole number from 1 to 65535")
        }
        return UInt16(value)
    }

    /// Parses one IPv4 CIDR; host bits are cleared ("10.1.2.3/8" becomes 10.0.0.0/8).
    public static func parseIPRange(_ entry: String, source: String) throws(InterceptionSpecError) -> IPv4CIDR {
        let text = trimmed(entry)
        if let range = IPv4CIDR(text) { return range }
        let reason: String
        if text.contains(":") {
            reason = "only IPv4 ranges are supported"
        } else if IPv4Address(text) != nil {
            reason = "expected a CIDR such as \(text)/32"
        } else {
            reason = "expected an IPv4 CIDR such as 10.0.0.0/8"
        }
        throw InterceptionSpecError(kind: .invalidIPRange, entry: text, source: source, reason: reason)
    }

    /// Parses one interface name as Linux accepts it: 1-15 printable ASCII characters, no
    /// '/', ':', '!', quotes or spaces, not "." or ".."; a trailing '+' is iptables' wildcard.
    public static func parseInterface(_ entry: String, source: String) throws(InterceptionSpecError) -> String {
        let text = trimmed(entry)
        let forbidden: Set<Character> = ["/", ":", "!", "\"", "'", " ", "\t", "\\"]
        guard !text.isEmpty, text.utf8.count <= 15, text != ".", text != "..",
              text.allSatisfy({ $0.isASCII && $0 > " " && $0 != "\u{7F}" && !forbidden.contains($0) })
        else {
            throw InterceptionSpecError(
                kind: .invalidInterface, entry: text, source: source,
                reason: "must be 1-15 characters without spaces, '/', ':' or '!'")
        }
        return text
    }

    /// The trimmed, non-empty entries of a comma-separated list.
    static func entries(_ list: String) -> [String] {
        list.split(separator: ",", omittingEmptySubsequences: false).map { trimmed(String($0)) }.filter { !$0.isEmpty }
    }

    /// The text without leading or trailing spaces, tabs and newlines.
    static func trimmed(_ text: String) -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0.isNewline }
        guard let first = text.firstIndex(where: { !isSpace($0) }),
              let last = text.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(text[first...last])
    }
}
