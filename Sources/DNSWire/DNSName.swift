// Domain names: a validated list of labels, compared without regard to ASCII case.

/// An absolute domain name: at most 255 bytes in wire form, each label 1...63 bytes.
///
/// Equality and hashing ignore ASCII case, as DNS does; `labels` and `description` keep the case
/// as written, so an answer can echo a query's mixed-case name exactly.
public struct DNSName: Sendable, Hashable, CustomStringConvertible {
    /// The labels from the leftmost to the one just below the root; empty for the root.
    public private(set) var labels: [[UInt8]]

    /// The root name `.`.
    public static let root = DNSName(unchecked: [])

    /// Largest label length in bytes.
    public static let maxLabelLength = 63
    /// Largest wire length of a name, length bytes and terminating zero included.
    public static let maxWireLength = 255

    /// Trusted construction for labels already checked against the limits.
    init(unchecked labels: [[UInt8]]) { self.labels = labels }

    /// A name from raw labels; throws if a label is empty or too long, or the name is too long.
    public init(labels: [[UInt8]]) throws(DNSWireError) {
        func invalid(_ reason: String) -> DNSWireError {
            .invalidName(DNSName(unchecked: labels).description, reason: reason)
        }
        var length = 1
        for label in labels {
            if label.isEmpty { throw invalid("empty label") }
            if label.count > Self.maxLabelLength { throw invalid("label of \(label.count) bytes; the limit is 63") }
            length += label.count + 1
        }
        if length > Self.maxWireLength { throw invalid("\(length) bytes in wire form; the limit is 255") }
        self.labels = labels
    }

    /// Parses presentation form (`tcp-echo.tcp-demo.svc.cluster.local`, trailing dot optional,
    /// `\.` and `\DDD` escapes allowed); `""` and `"."` are the root.
    public init(_ text: String) throws(DNSWireError) {
        if text == "." || text.isEmpty {
            self.init(unchecked: [])
            return
        }
        var labels: [[UInt8]] = []
        var current: [UInt8] = []
        var bytes = Array(text.utf8)[...]
        var endedWithDot = false
        while let byte = bytes.popFirst() {
            endedWithDot = false
            switch byte {
            case UInt8(ascii: "."):
                if current.isEmpty { throw .invalidName(text, reason: "empty label") }
                labels.append(current)
                current = []
                endedWithDot = true
            case UInt8(ascii: "\\"):
                guard let next = bytes.popFirst() else { throw .invalidName(text, reason: "dangling escape") }
                if Self.isDigit(next) {
                    guard bytes.count >= 2, Self.isDigit(bytes[bytes.startIndex]),
                        Self.isDigit(bytes[bytes.startIndex + 1])
                    else { throw .invalidName(text, reason: "\\DDD escape needs three digits") }
                    let value = Int(next - 48) * 100 + Int(bytes.removeFirst() - 48) * 10
                        + Int(bytes.removeFirst() - 48)
                    guard value <= 255 else { throw .invalidName(text, reason: "\\DDD escape above 255") }
                    current.append(UInt8(value))
                } else {
                    current.append(next)
                }
            default:
                current.append(byte)
            }
        }
        if !endedWithDot { labels.append(current) }
        try self.init(labels: labels)
    }

    /// The number of labels (0 for the root).
    public var labelCount: Int { labels.count }

    /// Whether this is the root name.
    public var isRoot: Bool { labels.isEmpty }

    /// Bytes the name takes on the wire without compression.
    public var wireLength: Int { labels.reduce(1) { $0 + $1.count + 1 } }

    /// The same name with ASCII letters in lower case.
    public func lowercased() -> DNSName { DNSName(unchecked: labels.map(Self.lowercase)) }

    /// Whether this name equals `other` or lies below it (ignoring case).
    public func isSubdomain(of other: DNSName) -> Bool {
        guard labels.count >= other.labels.count else { return false }
        return zip(labels.suffix(other.labels.count), other.labels).allSatisfy { Self.sameLabel($0, $1) }
    }

    /// The labels to the left of `suffix` as lower-case text, or nil if the name is not at or below it.
    public func lowercasedLabels(below suffix: DNSName) -> [String]? {
        guard isSubdomain(of: suffix) else { return nil }
        return labels.dropLast(suffix.labels.count).map { String(decoding: Self.lowercase($0), as: UTF8.self) }
    }

    /// This name with `label` added on the left; throws if the result breaks a limit.
    public func prepending(_ label: String) throws(DNSWireError) -> DNSName {
        try DNSName(labels: [Array(label.utf8)] + labels)
    }

    /// Presentation form without the trailing dot (`.` for the root); special bytes are escaped.
    public var description: String {
        if labels.isEmpty { return "." }
        var out = ""
        for (index, label) in labels.enumerated() {
            if index > 0 { out += "." }
            for byte in label {
                switch byte {
                case UInt8(ascii: "."), UInt8(ascii: "\\"):
                    out += "\\" + String(UnicodeScalar(byte))
                case 0x21...0x7E:
                    out += String(UnicodeScalar(byte))
                default:
                    let digits = String(byte)
                    out += "\\" + String(repeating: "0", count: 3 - digits.count) + digits
                }
            }
        }
        return out
    }

    /// Names are equal when their labels match ignoring ASCII case.
    public static func == (lhs: DNSName, rhs: DNSName) -> Bool {
        lhs.labels.count == rhs.labels.count && zip(lhs.labels, rhs.labels).allSatisfy { sameLabel($0, $1) }
    }

    /// Hashes the lower-case form, consistent with `==`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(labels.count)
        for label in labels { hasher.combine(Self.lowercase(label)) }
    }

    static func lowercase(_ label: [UInt8]) -> [UInt8] {
        label.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
    }

    static func sameLabel(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        for (x, y) in zip(a, b) where x != y {
            let lx = x >= 0x41 && x <= 0x5A ? x | 0x20 : x
            let ly = y >= 0x41 && y <= 0x5A ? y | 0x20 : y
            if lx != ly { return false }
        }
        return true
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
}
