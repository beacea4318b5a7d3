// IPv4/IPv6 address and CIDR parsing for the validation of cluster IPs, external IPs and endpoints.

struct AdmissionIP: Equatable {
    /// 4 bytes for IPv4, 16 for IPv6.
    var bytes: [UInt8]

    var isIPv4: Bool { bytes.count == 4 }

    /// Parses dotted-quad IPv4 (leading zeros tolerated, as upstream's sloppy parser does) or IPv6 text.
    init?(_ text: String) {
        if text.contains(":") {
            guard let b = Self.parseV6(text) else { return nil }
            bytes = b
        } else {
            guard let b = Self.parseV4(text) else { return nil }
            bytes = b
        }
    }

    /// Parses `address/prefix`.
    static func parseCIDR(_ text: String) -> (AdmissionIP, Int)? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let ip = AdmissionIP(String(parts[0])), let n = Int(parts[1]),
              n >= 0, n <= ip.bytes.count * 8, parts[1].allSatisfy(\.isASCII) else { return nil }
        return (ip, n)
    }

    /// The address with IPv4-mapped IPv6 folded to IPv4, as Go's To4 does.
    private var v4: [UInt8]? {
        if isIPv4 { return bytes }
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF { return Array(bytes[12...]) }
        return nil
    }

    var isUnspecified: Bool { bytes.allSatisfy { $0 == 0 } }
    var isLoopback: Bool {
        if let v4 { return v4[0] == 127 }
        return bytes == [UInt8](repeating: 0, count: 15) + [1]
    }
    var isLinkLocalUnicast: Bool {
        if let v4 { return v4[0] == 169 && v4[1] == 254 }
        return bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80
    }
    var isLinkLocalMulticast: Bool {
        if let v4 { return v4[0] == 224 && v4[1] == 0 && v4[2] == 0 }
        return bytes[0] == 0xFF && bytes[1] & 0x0F == 0x02
    }

    /// Splits at each `::` (an IPv6 zero run); more than one yields more than two parts.
    private static func splitDoubleColon(_ text: String) -> [Substring] {
        var parts: [Substring] = []
        var rest = text[...]
        while let r = rest.firstRange(of: "::") {
            parts.append(rest[..<r.lowerBound])
            rest = rest[r.upperBound...]
        }
        parts.append(rest)
        return parts
    }

    private static func parseV4(_ text: String) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var out: [UInt8] = []
        for p in parts {
            guard !p.isEmpty, p.count <= 3, p.allSatisfy({ $0.isASCII && $0.isNumber }), let v = Int(p), v <= 255 else { return nil }
            out.append(UInt8(v))
        }
        return out
    }

    private static func parseV6(_ text: String) -> [UInt8]? {
        let halves = splitDoubleColon(text)
        guard halves.count <= 2 else { return nil }
        func groups(_ s: Substring, allowV4Tail: Bool) -> [UInt8]? {
            if s.isEmpty { return [] }
            var out: [UInt8] = []
            let items = s.split(separator: ":", omittingEmptySubsequences: false)
            for (i, item) in items.enumerated() {
                if allowV4Tail && i == items.count - 1 && item.contains(".") {
                    guard let v4 = parseV4(String(item)) else { return nil }
                    out += v4
                    continue
                }
                guard !item.isEmpty, item.count <= 4, let v = UInt16(item, radix: 16) else { return nil }
                out += [UInt8(v >> 8), UInt8(v & 0xFF)]
            }
            return out
        }
        if halves.count == 1 {
            guard let all = groups(halves[0], allowV4Tail: true), all.count == 16 else { return nil }
            return all
        }
        guard let head = groups(halves[0], allowV4Tail: false), let tail = groups(halves[1], allowV4Tail: true),
              head.count + tail.count <= 14 else { return nil }
        return head + [UInt8](repeating: 0, count: 16 - head.count - tail.count) + tail
    }
}
