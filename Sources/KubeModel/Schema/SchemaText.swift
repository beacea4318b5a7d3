// Renders values the way Go's fmt and strconv do, so validation messages read exactly like kube-apiserver's.

enum SchemaText {
    /// `strconv.Quote`: a double-quoted string with Go escapes.
    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{07}": out += "\\a"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\u{0B}": out += "\\v"
            default:
                let v = scalar.value
                if v < 0x20 || v == 0x7F {
                    out += "\\x" + hex(v, width: 2)
                } else if (0x80..<0xA0).contains(v) || v == 0xFEFF || (0xE000..<0xF900).contains(v) {
                    out += v > 0xFFFF ? "\\U" + hex(v, width: 8) : "\\u" + hex(v, width: 4)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    static func hex(_ v: UInt32, width: Int) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }

    /// `%v` of a float64: shortest digits, exponent form below 1e-4 or from 1e6 on.
    static func float(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Inf" : "+Inf" }
        if d == 0 { return d.sign == .minus ? "-0" : "0" }
        let (negative, digits, pointPos) = decimalDigits(d)
        let exp = pointPos - 1
        var body: String
        if exp < -4 || exp >= 6 {
            body = String(digits.first!)
            if digits.count > 1 { body += "." + digits.dropFirst() }
            let e = abs(exp)
            body += (exp < 0 ? "e-" : "e+") + (e < 10 ? "0\(e)" : "\(e)")
        } else if pointPos <= 0 {
            body = "0." + String(repeating: "0", count: -pointPos) + digits
        } else if pointPos >= digits.count {
            body = digits + String(repeating: "0", count: pointPos - digits.count)
        } else {
            let i = digits.index(digits.startIndex, offsetBy: pointPos)
            body = digits[..<i] + "." + digits[i...]
        }
        return negative ? "-" + body : body
    }

    /// The shortest round-trip decimal digits of `d` (no leading or trailing zeros) and the position of the
    /// decimal point relative to the first digit.
    static func decimalDigits(_ d: Double) -> (negative: Bool, digits: String, pointPos: Int) {
        var text = "\(d.magnitude)"
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = String(text[..<e])
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let intPart = String(parts[0])
        let fracPart = parts.count > 1 ? String(parts[1]) : ""
        var all = intPart + fracPart
        var point = intPart.count + exponent
        while all.first == "0" {
            all.removeFirst()
            point -= 1
        }
        while all.last == "0" { all.removeLast() }
        if all.isEmpty {
            all = "0"
            point = 1
        }
        return (d.sign == .minus, all, point)
    }

    /// How `field.Error` renders a bad value: strings quoted, numbers and booleans plain, compounds as `%#v`.
    static func fieldValue(_ value: JSON) -> String {
        switch value {
        case .null: return "null"
        case .string(let s): return quote(s)
        case .int(let i): return String(i)
        case .double(let d): return float(d)
        case .bool(let b): return b ? "true" : "false"
        case .array, .object: return goSyntax(value)
        }
    }

    /// `%#v` of a decoded JSON value (`map[string]interface {}`, `[]interface {}`, ...).
    static func goSyntax(_ value: JSON) -> String {
        switch value {
        case .null: return "interface {}(nil)"
        case .string(let s): return quote(s)
        case .int(let i): return String(i)
        case .double(let d): return float(d)
        case .bool(let b): return b ? "true" : "false"
        case .array(let a): return "[]interface {}{" + a.map(goSyntax).joined(separator: ", ") + "}"
        case .object(let o):
            let entries = o.keys.sorted().map { quote($0) + ":" + goSyntax(o[$0]!) }
            return "map[string]interface {}{" + entries.joined(separator: ", ") + "}"
        }
    }

    /// `value`, or nil when it is JSON null (spelled out: JSON itself is expressible by `nil`).
    static func present(_ value: JSON) -> JSON? {
        if value.isNull { return Optional<JSON>.none }
        return value
    }

    /// Go's `int64(f)` conversion: truncation toward zero, saturating outside the range.
    static func truncate(_ d: Double) -> Int64 {
        if d.isNaN { return 0 }
        if d >= 9.2233720368547758e18 { return .max }
        if d <= -9.2233720368547758e18 { return .min }
        return Int64(d)
    }

    /// swag's `IsFloat64AJSONInteger`: integral and within ±(2^53 - 1).
    static func isJSONInteger(_ d: Double) -> Bool {
        d.isFinite && d.rounded(.towardZero) == d && abs(d) <= 9_007_199_254_740_991
    }
}
