// The string formats kube-apiserver checks in custom resources (all others are ignored), and their checkers.

enum SchemaFormats {
    /// Format names (dashes removed) that custom resource validation enforces.
    static let supported: Set<String> = [
        "bsonobjectid", "uri", "email", "hostname", "ipv4", "ipv6", "cidr", "mac", "uuid", "uuid3", "uuid4", "uuid5",
        "isbn", "isbn10", "isbn13", "creditcard", "ssn", "hexcolor", "rgbcolor", "byte", "password", "date",
        "duration", "datetime",
    ]

    /// The format as written if it is enforced, else "" (kube-apiserver strips the others before validating).
    static func supportedName(_ format: String) -> String {
        supported.contains(normalized(format)) ? format : ""
    }

    static func normalized(_ format: String) -> String {
        String(format.filter { $0 != "-" })
    }

    /// Whether `value` is valid for the (supported) format.
    static func check(_ format: String, _ value: String) -> Bool {
        switch normalized(format) {
        case "bsonobjectid": return value.utf8.count == 24 && value.utf8.allSatisfy(isHex)
        case "uri": return isRequestURI(value)
        case "email": return isEmail(value)
        case "hostname": return isHostname(value)
        case "ipv4": return value.contains(".") && parseIP(value) != nil
        case "ipv6": return value.contains(":") && parseIP(value) != nil
        case "cidr": return isCIDR(value)
        case "mac": return isMAC(value)
        case "uuid": return isUUID(value, version: nil)
        case "uuid3": return isUUID(value, version: "3")
        case "uuid4": return isUUID(value, version: "4")
        case "uuid5": return isUUID(value, version: "5")
        case "isbn": return isISBN10(value) || isISBN13(value)
        case "isbn10": return isISBN10(value)
        case "isbn13": return isISBN13(value)
        case "creditcard": return isCreditCard(value)
        case "ssn": return isSSN(value)
        case "hexcolor": return isHexColor(value)
        case "rgbcolor": return isRGBColor(value)
        case "byte": return isBase64(value)
        case "date": return isDate(value)
        case "duration": return isDuration(value)
        case "datetime": return isDateTime(value)
        default: return true
        }
    }

    static func isHex(_ c: UInt8) -> Bool {
        (0x30...0x39).contains(c) || (0x41...0x46).contains(c) || (0x61...0x66).contains(c)
    }

    static func isDigit(_ c: UInt8) -> Bool { (0x30...0x39).contains(c) }

    /// UUIDs with optional dashes, any case; `version` pins the version digit (and the variant for 4 and 5).
    static func isUUID(_ s: String, version: Character?) -> Bool {
        let groups = [8, 4, 4, 4, 12]
        var chars = Array(s.utf8)
        if chars.count == 36 {
            for i in [8, 13, 18, 23] where chars[i] != UInt8(ascii: "-") { return false }
        }
        var stripped: [UInt8] = []
        var idx = 0
        for (g, len) in groups.enumerated() {
            guard idx + len <= chars.count else { return false }
            stripped += chars[idx..<idx + len]
            idx += len
            if g < 4, idx < chars.count, chars[idx] == UInt8(ascii: "-") { idx += 1 }
        }
        guard idx == chars.count, stripped.count == 32, stripped.allSatisfy(isHex) else { return false }
        chars = stripped
        if let version {
            guard chars[12] == version.asciiValue! else { return false }
            if version != "3" {
                let v = chars[16] | 0x20
                guard
                    v == UInt8(ascii: "8") || v == UInt8(ascii: "9") || v == UInt8(ascii: "a") || v == UInt8(ascii: "b")
                else { return false }
            }
        }
        return true
    }

    /// The bytes of `s` without ASCII whitespace and dashes, as govalidator sanitizes ISBNs.
    static func sanitizedISBN(_ s: String) -> [UInt8] {
        s.utf8.filter { ![0x09, 0x0A, 0x0C, 0x0D, 0x20, 0x2D].contains($0) }
    }

    static func isISBN10(_ s: String) -> Bool {
        let d = sanitizedISBN(s)
        guard d.count == 10, d[0..<9].allSatisfy(isDigit), isDigit(d[9]) || d[9] == UInt8(ascii: "X") else {
            return false
        }
        var sum = 0
        for i in 0..<9 { sum += (i + 1) * Int(d[i] - 0x30) }
        sum += d[9] == UInt8(ascii: "X") ? 100 : 10 * Int(d[9] - 0x30)
        return sum % 11 == 0
    }

    static func isISBN13(_ s: String) -> Bool {
        let d = sanitizedISBN(s)
        guard d.count == 13, d.allSatisfy(isDigit) else { return false }
        var sum = 0
        for i in 0..<12 { sum += (i % 2 == 0 ? 1 : 3) * Int(d[i] - 0x30) }
        return Int(d[12] - 0x30) == (10 - sum % 10) % 10
    }

    static func isCreditCard(_ s: String) -> Bool {
        let d = s.utf8.filter(isDigit).map { Int($0 - 0x30) }
        let text = String(d.map { Character(String($0)) })
        let prefixOK: Bool
        switch d.first {
        case 4: prefixOK = d.count == 13 || d.count == 16
        case 5: prefixOK = d.count == 16 && (1...5).contains(d[1])
        case 6: prefixOK = d.count == 16 && (text.hasPrefix("6011") || text.hasPrefix("65"))
        case 3:
            let amex = d.count == 15 && (d[1] == 4 || d[1] == 7)
            let diners = d.count == 14 && ((d[1] == 0 && d[2] <= 5) || d[1] == 6 || d[1] == 8)
            let jcb = d.count == 16 && d[1] == 5
            prefixOK = amex || diners || jcb
        case 2, 1: prefixOK = d.count == 15 && (text.hasPrefix("2131") || text.hasPrefix("1800"))
        default: prefixOK = false
        }
        guard prefixOK else { return false }
        var sum = 0
        for (i, digit) in d.reversed().enumerated() {
            let v = i % 2 == 1 ? digit * 2 : digit
            sum += v >= 10 ? v % 10 + 1 : v
        }
        return sum % 10 == 0
    }

    static func isSSN(_ s: String) -> Bool {
        let c = Array(s.utf8)
        guard c.count == 11 else { return false }
        let sep: (UInt8) -> Bool = { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: " ") }
        return c[0..<3].allSatisfy(isDigit) && sep(c[3]) && c[4..<6].allSatisfy(isDigit) && sep(c[6])
            && c[7..<11].allSatisfy(isDigit)
    }

    static func isHexColor(_ s: String) -> Bool {
        var c = Array(s.utf8)
        if c.first == UInt8(ascii: "#") { c.removeFirst() }
        return (c.count == 3 || c.count == 6) && c.allSatisfy(isHex)
    }

    static func isRGBColor(_ s: String) -> Bool {
        guard s.hasPrefix("rgb("), s.hasSuffix(")") else { return false }
        let inner = s.dropFirst(4).dropLast()
        let parts = inner.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return false }
        for p in parts {
            let t = trimmed(p)
            guard !t.isEmpty, t.utf8.count <= 3, t.utf8.allSatisfy(isDigit), let n = Int(t), n <= 255 else {
                return false
            }
            if t.count > 1 && t.first == "0" { return false }
        }
        return true
    }

    /// `s` without leading and trailing ASCII whitespace.
    static func trimmed(_ s: Substring) -> Substring {
        let ws: Set<Character> = [" ", "\t", "\n", "\r", "\u{0B}", "\u{0C}"]
        var t = s
        while let f = t.first, ws.contains(f) { t.removeFirst() }
        while let l = t.last, ws.contains(l) { t.removeLast() }
        return t
    }

    static func isBase64(_ s: String) -> Bool {
        let c = Array(s.utf8)
        guard c.count >= 4, c.count % 4 == 0 else { return false }
        let isB64: (UInt8) -> Bool = {
            (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || isDigit($0) || $0 == UInt8(ascii: "+")
                || $0 == UInt8(ascii: "/")
        }
        let pad = c.reversed().prefix(while: { $0 == UInt8(ascii: "=") }).count
        guard pad <= 2 else { return false }
        return c[0..<(c.count - pad)].allSatisfy(isB64)
    }
}
