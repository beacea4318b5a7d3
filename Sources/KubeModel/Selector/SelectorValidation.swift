// Label key and value validation with apimachinery's wording, for selector requirements.

/// Checks label keys (qualified names) and values, and formats field errors the way apimachinery does.
enum SelectorValidation {
    static let qualifiedNameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
    static let qualifiedNameMessage =
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
    static let labelValueMessage =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
    static let subdomainFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*"
    static let subdomainMessage =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"

    /// `validation.RegexError`: the message, examples and the pattern.
    static func regexError(_ message: String, _ format: String, _ examples: [String]) -> String {
        if examples.isEmpty { return "\(message) (regex used for validation is '\(format)')" }
        let shown = examples.map { "'\($0)', " }.joined(separator: " or ")
        return "\(message) (e.g. \(shown)regex used for validation is '\(format)')"
    }

    /// Problems with a label key (`validation.IsQualifiedName`); empty when valid.
    static func qualifiedNameErrors(_ value: String) -> [String] {
        var errors: [String] = []
        let parts = value.split(separator: "/", omittingEmptySubsequences: false)
        let name: Substring
        switch parts.count {
        case 1:
            name = parts[0]
        case 2:
            name = parts[1]
            if parts[0].isEmpty {
                errors.append("prefix part must be non-empty")
            } else {
                errors.append(contentsOf: subdomainErrors(parts[0]).map { "prefix part " + $0 })
            }
        default:
            return [
                "a qualified name "
                    + regexError(qualifiedNameMessage, qualifiedNameFormat, ["MyName", "my.name", "123-abc"])
                    + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
            ]
        }
        if name.isEmpty {
            errors.append("name part must be non-empty")
        } else if name.utf8.count > 63 {
            errors.append("name part must be no more than 63 characters")
        }
        if !isQualifiedNamePart(name) {
            errors.append("name part " + regexError(qualifiedNameMessage, qualifiedNameFormat, ["MyName", "my.name", "123-abc"]))
        }
        return errors
    }

    /// Problems with a label value (`validation.IsValidLabelValue`); empty when valid.
    static func labelValueErrors(_ value: String) -> [String] {
        var errors: [String] = []
        if value.utf8.count > 63 { errors.append("must be no more than 63 characters") }
        if !value.isEmpty && !isQualifiedNamePart(Substring(value)) {
            errors.append(regexError(labelValueMessage, "(" + qualifiedNameFormat + ")?", ["MyValue", "my_value", "12345"]))
        }
        return errors
    }

    /// Problems with a DNS subdomain (`validation.IsDNS1123Subdomain`).
    static func subdomainErrors(_ value: Substring) -> [String] {
        var errors: [String] = []
        if value.utf8.count > 253 { errors.append("must be no more than 253 characters") }
        let labels = value.split(separator: ".", omittingEmptySubsequences: false)
        let valid = labels.allSatisfy { label in
            let b = Array(label.utf8)
            func ok(_ c: UInt8, edge: Bool) -> Bool {
                (0x61...0x7A).contains(c) || (0x30...0x39).contains(c) || (!edge && c == 0x2D)
            }
            guard let first = b.first, let last = b.last else { return false }
            return ok(first, edge: true) && ok(last, edge: true) && b.allSatisfy { ok($0, edge: false) }
        }
        if !valid { errors.append(regexError(subdomainMessage, subdomainFormat, ["example.com"])) }
        return errors
    }

    /// Matches `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]` against the whole string.
    static func isQualifiedNamePart(_ s: Substring) -> Bool {
        let b = Array(s.utf8)
        func alnum(_ c: UInt8) -> Bool { (0x30...0x39).contains(c) || (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) }
        guard let first = b.first, let last = b.last, alnum(first), alnum(last) else { return false }
        return b.allSatisfy { alnum($0) || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E }
    }

    /// A `field.Invalid` error rendered as text: `path: Invalid value: "v": detail`.
    static func invalid(_ path: String, _ value: String, _ detail: String) -> String {
        "\(path): Invalid value: \(goQuote(value)): \(detail)"
    }

    /// Go's `%#v` of a string slice: `[]string{"a", "b"}`, or `[]string(nil)` when empty.
    static func goSlice(_ values: [String]) -> String {
        values.isEmpty ? "[]string(nil)" : "[]string{" + values.map(goQuote).joined(separator: ", ") + "}"
    }

    /// Go's `%q`: a double-quoted string with escapes for quotes, backslashes and control characters.
    static func goQuote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\u{07}": out += "\\a"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\u{0B}": out += "\\v"
            default:
                if u.value < 0x20 || u.value == 0x7F {
                    let hex = String(u.value, radix: 16)
                    out += "\\x" + (hex.count < 2 ? "0" + hex : hex)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    /// `utilerrors.NewAggregate(...).Error()`: one message alone, several as `[a, b]` (duplicates dropped).
    static func aggregate(_ messages: [String]) -> String {
        var seen: [String] = []
        for m in messages where !seen.contains(m) { seen.append(m) }
        return seen.count == 1 ? seen[0] : "[" + seen.joined(separator: ", ") + "]"
    }
}
