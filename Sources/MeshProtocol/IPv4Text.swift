// IPv4 dotted-quad text to and from a host-order UInt32, for addresses in the config.

/// IPv4 text helpers; addresses travel as strings in JSON and are compared as numbers.
public enum IPv4Text {
    /// The host-order value of "a.b.c.d" (no leading zeros, each part 0-255); nil otherwise.
    public static func parse(_ text: String) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard (1...3).contains(part.utf8.count), part.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                  part.utf8.count == 1 || part.utf8.first != 0x30,
                  let octet = UInt32(part), octet <= 255
            else { return nil }
            value = value << 8 | octet
        }
        return value
    }

    /// "a.b.c.d" for a host-order value.
    public static func format(_ value: UInt32) -> String {
        "\(value >> 24).\(value >> 16 & 0xFF).\(value >> 8 & 0xFF).\(value & 0xFF)"
    }
}
