// IPv4 and IPv6 addresses and IPv4 networks as plain values, for A/AAAA data and reverse names.

/// An IPv4 address, stored as its 32-bit value in host order.
public struct IPv4Address: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The address as a number (`10.96.0.10` is 0x0A60000A).
    public var value: UInt32

    /// Creates an address from its number.
    public init(value: UInt32) { self.value = value }

    /// Creates an address from its four octets, most significant first.
    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        value = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    }

    /// Parses dotted-quad text (`10.96.0.10`); nil unless it is exactly four decimal octets.
    public init?(_ text: String) {
        guard let octets = Self.octets(text.split(separator: ".", omittingEmptySubsequences: false)) else {
            return nil
        }
        self.init(octets[0], octets[1], octets[2], octets[3])
    }

    /// Parses the four octets of a split address; nil unless each is a plain decimal 0...255.
    static func octets(_ parts: [Substring]) -> [UInt8]? {
        guard parts.count == 4 else { return nil }
        var out: [UInt8] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0.isASCII && $0.isNumber }),
                let number = UInt8(part), part.count == 1 || part.first != "0"
            else { return nil }
            out.append(number)
        }
        return out
    }

    /// The four octets, most significant first (network order).
    public var octets: [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    /// Dotted-quad text.
    public var description: String { octets.map(String.init).joined(separator: ".") }

    /// Orders addresses numerically.
    public static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool { lhs.value < rhs.value }
}

/// An IPv4 network in CIDR form, such as the service network 10.96.0.0/12.
public struct IPv4Network: Sendable, Hashable, CustomStringConvertible {
    /// The first address (host bits cleared).
    public var base: IPv4Address
    /// Number of leading network bits, 0...32.
    public var prefixLength: Int

    /// Creates a network; host bits of `address` are cleared and the prefix is clamped to 0...32.
    public init(_ address: IPv4Address, prefixLength: Int) {
        self.prefixLength = max(0, min(32, prefixLength))
        self.base = IPv4Address(value: address.value & Self.mask(self.prefixLength))
    }

    /// Parses `a.b.c.d/n`; nil if malformed.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = IPv4Address(String(parts[0])), let length = Int(parts[1]),
            (0...32).contains(length)
        else { return nil }
        self.init(address, prefixLength: length)
    }

    /// Whether `address` lies in this network.
    public func contains(_ address: IPv4Address) -> Bool {
        address.value & Self.mask(prefixLength) == base.value
    }

    /// Whether the two networks share at least one address.
    public func overlaps(_ other: IPv4Network) -> Bool {
        let shorter = min(prefixLength, other.prefixLength)
        return base.value & Self.mask(shorter) == other.base.value & Self.mask(shorter)
    }

    /// `a.b.c.d/n`.
    public var description: String { "\(base)/\(prefixLength)" }

    private static func mask(_ length: Int) -> UInt32 { length == 0 ? 0 : UInt32.max << (32 - length) }
}

/// An IPv6 address as 16 bytes.
public struct IPv6Address: Sendable, Hashable, CustomStringConvertible {
    /// The high 64 bits.
    public var high: UInt64
    /// The low 64 bits.
    public var low: UInt64

    /// Creates an address from its two halves.
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Creates an address from exactly 16 bytes in network order; nil for any other count.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 16 else { return nil }
        high = bytes[0..<8].reduce(0) { $0 << 8 | UInt64($1) }
        low = bytes[8..<16].reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// Parses colon-hex text with at most one `::` (`fd00::a`); no embedded IPv4 or zone suffix.
    public init?(_ text: String) {
        let halves = text.split(separator: "::", maxSplits: 1, omittingEmptySubsequences: false)
        guard halves.count <= 2, !text.contains(":::") else { return nil }
        func groups(_ part: Substring) -> [UInt16]? {
            if part.isEmpty { return [] }
            var out: [UInt16] = []
            for group in part.split(separator: ":", omittingEmptySubsequences: false) {
                guard (1...4).contains(group.count), let value = UInt16(group, radix: 16) else { return nil }
                out.append(value)
            }
            return out
        }
        guard let head = groups(halves[0]) else { return nil }
        var all = head
        if halves.count == 2 {
            guard let tail = groups(halves[1]), head.count + tail.count <= 7 else { return nil }
            all += Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        guard all.count == 8 else { return nil }
        self.init(bytes: all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })
    }

    /// The 16 bytes in network order.
    public var bytes: [UInt8] {
        (0..<8).map { UInt8(high >> (56 - 8 * $0) & 0xFF) } + (0..<8).map { UInt8(low >> (56 - 8 * $0) & 0xFF) }
    }

    /// RFC 5952 text: lower-case hex, the longest run of two or more zero groups as `::`.
    public var description: String {
        let b = bytes
        let groups = (0..<8).map { UInt16(b[2 * $0]) << 8 | UInt16(b[2 * $0 + 1]) }
        var bestStart = -1
        var bestLength = 1
        var index = 0
        while index < 8 {
            var end = index
            while end < 8, groups[end] == 0 { end += 1 }
            if end - index > bestLength {
                bestStart = index
                bestLength = end - index
            }
            index = max(end, index + 1)
        }
        let hex = groups.map { String($0, radix: 16) }
        if bestStart < 0 { return hex.joined(separator: ":") }
        let left = hex[0..<bestStart].joined(separator: ":")
        let right = hex[(bestStart + bestLength)...].joined(separator: ":")
        return left + "::" + right
    }
}
