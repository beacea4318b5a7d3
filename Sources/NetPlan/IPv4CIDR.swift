// IPv4 addresses and CIDR ranges: strict parsing and the canonical text iptables prints.

/// An IPv4 address held as a host-order 32-bit number.
public struct IPv4Address: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The address, most significant octet first (10.0.0.1 is 0x0A00_0001).
    public var value: UInt32

    /// Wraps a host-order number.
    public init(_ value: UInt32) { self.value = value }

    /// Parses dotted-quad text ("10.244.0.5"); nil for anything else, including leading
    /// zeros ("010.0.0.1"), which some tools read as octal.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var result: UInt32 = 0
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0.isASCII && $0.isNumber }),
                  part.count == 1 || part.first != "0",
                  let octet = UInt32(part), octet <= 255
            else { return nil }
            result = result << 8 | octet
        }
        value = result
    }

    /// Dotted-quad text.
    public var description: String {
        "\(value >> 24).\(value >> 16 & 0xFF).\(value >> 8 & 0xFF).\(value & 0xFF)"
    }

    /// Orders by numeric value.
    public static func < (a: Self, b: Self) -> Bool { a.value < b.value }

    /// 127.0.0.1, the address OSM's program never redirects.
    public static let loopback = IPv4Address(0x7F00_0001)
}

/// An IPv4 range in CIDR form, normalised to its network address ("10.1.2.3/8" is 10.0.0.0/8).
public struct IPv4CIDR: Sendable, Hashable, CustomStringConvertible {
    /// The network address (host bits cleared).
    public let network: IPv4Address
    /// The prefix length, 0...32.
    public let prefixLength: Int

    /// A range from an address and prefix length; host bits are cleared, nil if the length is out of range.
    public init?(address: IPv4Address, prefixLength: Int) {
        guard (0...32).contains(prefixLength) else { return nil }
        self.prefixLength = prefixLength
        network = IPv4Address(address.value & Self.mask(prefixLength))
    }

    /// Parses "a.b.c.d/n"; nil for anything else (a bare address has no prefix and is rejected).
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = IPv4Address(parts[0]),
              !parts[1].isEmpty, parts[1].count <= 2, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }),
              let length = Int(parts[1])
        else { return nil }
        self.init(address: address, prefixLength: length)
    }

    /// The netmask of a prefix length, host order.
    static func mask(_ prefixLength: Int) -> UInt32 {
        prefixLength == 0 ? 0 : UInt32.max << UInt32(32 - prefixLength)
    }

    /// Whether the range holds an address.
    public func contains(_ address: IPv4Address) -> Bool {
        address.value & Self.mask(prefixLength) == network.value
    }

    /// "network/length", exactly as `iptables-save` prints a `-d` match.
    public var description: String { "\(network)/\(prefixLength)" }

    /// 127.0.0.1/32.
    public static let loopbackHost = IPv4CIDR(address: .loopback, prefixLength: 32)!
}
