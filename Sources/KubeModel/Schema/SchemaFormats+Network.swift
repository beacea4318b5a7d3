// Network-flavoured string formats: IP addresses, CIDRs, MAC addresses, host names, URIs and e-mail addresses.

extension SchemaFormats {
    /// Parses an IPv4 (leading zeros allowed, as Kubernetes' sloppy parser does) or IPv6 address; nil if invalid.
    static func parseIP(_ s: String) -> [UInt8]? {
        if !s.contains(":") { return parseIPv4(Substring(s)) }
        return parseIPv6(s)
    }

    static func parseIPv4(_ s: Substring) -> [UInt8]? {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var out: [UInt8] = []
        for p in parts {
            guard !p.isEmpty, p.utf8.count <= 3, p.utf8.allSatisfy(isDigit), let n = Int(p), n <= 255 else {
                return nil
            }
            out.append(UInt8(n))
        }
        return out
    }

    static func parseIPv6(_ s: String) -> [UInt8]? {
        var text = Substring(s)
        var tail: [UInt8] = []
        if let lastColon = text.lastIndex(of: ":"), text[lastColon...].contains(".") {
            guard let v4 = parseIPv4(text[text.index(after: lastColon)...]) else { return nil }
            tail = v4
            text = text[...lastColon]
            if text.hasSuffix(":") && !text.hasSuffix("::") { text = text.dropLast() }
        }
        var halves = [text]
        if let r = text.firstRange(of: "::") {
            halves = [text[..<r.lowerBound], text[r.upperBound...]]
            guard !halves[1].contains("::") else { return nil }
        }
        func groups(_ h: Substring) -> [UInt8]? {
            if h.isEmpty { return [] }
            var out: [UInt8] = []
            for g in h.split(separator: ":", omittingEmptySubsequences: false) {
                guard !g.isEmpty, g.utf8.count <= 4, g.utf8.allSatisfy(isHex), let v = UInt16(g, radix: 16) else {
                    return nil
                }
                out += [UInt8(v >> 8), UInt8(v & 0xFF)]
            }
            return out
        }
        guard let head = groups(halves[0]) else { return nil }
        if halves.count == 1 {
            let all = head + tail
            return all.count == 16 ? all : nil
        }
        guard let back = groups(halves[1]) else { return nil }
        let used = head.count + back.count + tail.count
        guard used <= 14 else { return nil }
        return head + [UInt8](repeating: 0, count: 16 - used) + back + tail
    }

    static func isCIDR(_ s: String) -> Bool {
        guard let slash = s.lastIndex(of: "/") else { return false }
        let prefix = s[s.index(after: slash)...]
        guard let ip = parseIP(String(s[..<slash])), !prefix.isEmpty, prefix.utf8.allSatisfy(isDigit),
            let bits = Int(prefix)
        else { return false }
        return bits <= ip.count * 8
    }

    /// Go's `net.ParseMAC`: 6, 8 or 20 octets as `aa:bb:..`, `aa-bb-..` or `aabb.ccdd...`.
    static func isMAC(_ s: String) -> Bool {
        let c = Array(s.utf8)
        guard c.count >= 14 else { return false }
        if c[2] == UInt8(ascii: ":") || c[2] == UInt8(ascii: "-") {
            guard (c.count + 1) % 3 == 0 else { return false }
            let n = (c.count + 1) / 3
            guard [6, 8, 20].contains(n) else { return false }
            for i in 0..<n {
                let o = i * 3
                guard isHex(c[o]), isHex(c[o + 1]) else { return false }
                if i < n - 1 && c[o + 2] != c[2] { return false }
            }
            return true
        }
        if c[4] == UInt8(ascii: ".") {
            guard (c.count + 1) % 5 == 0 else { return false }
            let n = 2 * (c.count + 1) / 5
            guard [6, 8, 20].contains(n) else { return false }
            for i in 0..<(n / 2) {
                let o = i * 5
                guard c[o..<o + 4].allSatisfy(isHex) else { return false }
                if i < n / 2 - 1 && c[o + 4] != UInt8(ascii: ".") { return false }
            }
            return true
        }
        return false
    }

    static func isHostnameChar(_ u: Unicode.Scalar, allowDash: Bool = false) -> Bool {
        if u.isASCII {
            let c = UInt8(u.value)
            return isDigit(c) || (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) || (allowDash && c == 0x2D)
                || isSymbol(u)
        }
        return isLetter(u) || isSymbol(u)
    }

    static func isLetter(_ u: Unicode.Scalar) -> Bool {
        switch u.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    static func isSymbol(_ u: Unicode.Scalar) -> Bool {
        switch u.properties.generalCategory {
        case .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol: return true
        default: return false
        }
    }

    /// RFC 1034 host names as go-openapi accepts them: one bare label, or dotted labels ending in a 2–63 letter TLD.
    static func isHostname(_ s: String) -> Bool {
        guard s.utf8.count <= 255, !s.isEmpty else { return false }
        let labels = s.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.allSatisfy({ $0.utf8.count <= 63 }) else { return false }
        if labels.count == 1 {
            let u = Array(s.unicodeScalars)
            guard isHostnameChar(u[0]) else { return false }
            var rest = u.dropFirst()
            if rest.first == "-" { rest = rest.dropFirst() }
            return rest.count <= 62 && rest.allSatisfy { isHostnameChar($0) }
        }
        let tld = Array(labels.last!.unicodeScalars)
        guard (2...63).contains(tld.count),
            tld.allSatisfy(isLetter)
        else { return false }
        for label in labels.dropLast() {
            let u = Array(label.unicodeScalars)
            guard let first = u.first, isHostnameChar(first) else { return false }
            if u.count == 1 { continue }
            guard u.count <= 63, isHostnameChar(u.last!),
                u.dropFirst().dropLast().allSatisfy({ isHostnameChar($0, allowDash: true) })
            else { return false }
        }
        return true
    }

    /// Go's `url.ParseRequestURI`, approximately: an absolute path or an absolute URI with a scheme.
    static func isRequestURI(_ s: String) -> Bool {
        guard !s.isEmpty, !s.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            return false
        }
        if s.hasPrefix("/") { return true }
        if let r = s.firstRange(of: "://") {
            let authority = s[r.upperBound...].prefix(while: { $0 != "/" && $0 != "?" && $0 != "#" })
            if authority.contains(" ") { return false }
        }
        guard let colon = s.firstIndex(of: ":"), colon != s.startIndex else { return false }
        let scheme = s[..<colon]
        guard let f = scheme.unicodeScalars.first, f.isASCII, isLetter(f) else { return false }
        return scheme.unicodeScalars.allSatisfy {
            $0.isASCII && (isLetter($0) || isDigit(UInt8($0.value)) || "+-.".unicodeScalars.contains($0))
        }
    }

    /// `net/mail.ParseAddress`, approximately: `local@domain`, optionally as `Name <local@domain>`.
    static func isEmail(_ s: String) -> Bool {
        var addr = Substring(s)
        if addr.hasSuffix(">"), let open = addr.lastIndex(of: "<") {
            addr = addr[addr.index(after: open)..<addr.index(before: addr.endIndex)]
        }
        let parts = addr.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return false }
        let bad: (Unicode.Scalar) -> Bool = { $0.value <= 0x20 || "()<>[]:;,\\\"".unicodeScalars.contains($0) }
        return !parts[0].unicodeScalars.contains(where: bad) && !parts[1].unicodeScalars.contains(where: bad)
            && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".") && !parts[0].hasPrefix(".")
            && !parts[0].hasSuffix(".")
    }
}
