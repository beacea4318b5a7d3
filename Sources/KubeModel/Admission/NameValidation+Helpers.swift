// Character classes, message builders and string trimming shared by the name and value rules.

extension NameValidation {
    static let emptyError = "must be non-empty"

    static func maxLength(_ n: Int) -> String { "must be no more than \(n) characters" }

    static func inclusiveRange(_ lo: Int64, _ hi: Int64) -> String { "must be between \(lo) and \(hi), inclusive" }

    /// The message for a failed pattern, with examples, worded as upstream words it.
    static func regexError(_ message: String, _ format: String, _ examples: [String]) -> String {
        if examples.isEmpty { return message + " (regex used for validation is '" + format + "')" }
        var s = message + " (e.g. "
        for (i, e) in examples.enumerated() {
            if i > 0 { s += " or " }
            s += "'" + e + "', "
        }
        return s + "regex used for validation is '" + format + "')"
    }

    static func chdirPrefix(_ s: String) -> [String] {
        if s == "." { return ["must not be '.'"] }
        if s == ".." { return ["must not be '..'"] }
        if s.hasPrefix("..") { return ["must not start with '..'"] }
        return []
    }

    static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    static func isLowerLetter(_ c: UInt8) -> Bool { c >= 0x61 && c <= 0x7A }
    static func isLetter(_ c: UInt8) -> Bool { isLowerLetter(c) || (c >= 0x41 && c <= 0x5A) }
    static func isAlnum(_ c: UInt8) -> Bool { isLetter(c) || isDigit(c) }

    /// `[a-z0-9]([-a-z0-9]*[a-z0-9])?` without a length limit.
    static func isDNS1123Label(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard let f = u.first, let l = u.last else { return false }
        let lowerAlnum: (UInt8) -> Bool = { isLowerLetter($0) || isDigit($0) }
        return lowerAlnum(f) && lowerAlnum(l) && u.allSatisfy { lowerAlnum($0) || $0 == UInt8(ascii: "-") }
    }

    /// Dot-separated RFC 1123 labels without a length limit.
    static func isDNS1123Subdomain(_ s: String) -> Bool {
        s.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { isDNS1123Label(String($0)) }
    }

    /// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`.
    static func isQualifiedNamePart(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard let f = u.first, let l = u.last, isAlnum(f), isAlnum(l) else { return false }
        return u.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }
    }

    /// The name rule for a `generateName` prefix: a trailing dash is masked the way upstream masks it.
    static func maskTrailingDash(_ s: String) -> String {
        let u = Array(s.utf8)
        guard u.count > 1, u.last == UInt8(ascii: "-") else { return s }
        return String(decoding: u.dropLast(2), as: UTF8.self) + "a"
    }
}

extension String {
    /// The string without leading and trailing ASCII spaces, tabs and newlines.
    var admTrimmedSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
