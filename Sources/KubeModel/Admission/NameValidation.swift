// Name and value syntax rules of Kubernetes (DNS labels, qualified names, keys, ports) with upstream's messages.

/// Syntax checks for names and values; each returns the list of problems (empty when valid).
public enum NameValidation {
    /// The most bytes all annotations of one object may hold together (keys plus values).
    public static let totalAnnotationSizeLimit = 256 * 1024

    static let dns1123LabelFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
    static let dns1123SubdomainFormat = dns1123LabelFormat + "(\\." + dns1123LabelFormat + ")*"
    static let dns1035LabelFormat = "[a-z]([-a-z0-9]*[a-z0-9])?"
    static let qualifiedNameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
    static let qualifiedNameMessage =
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"

    /// A lowercase RFC 1123 label: at most 63 characters of `[a-z0-9-]`, alphanumeric at both ends.
    public static func dns1123Label(_ s: String) -> [String] {
        var errs: [String] = []
        if s.utf8.count > 63 { errs.append(maxLength(63)) }
        if !isDNS1123Label(s) {
            if isDNS1123Subdomain(s) {
                errs.append("must not contain dots")
            } else {
                errs.append(regexError(
                    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
                    dns1123LabelFormat, ["my-name", "123-abc"]))
            }
        }
        return errs
    }

    /// A lowercase RFC 1123 subdomain: dot-separated labels, at most 253 characters.
    public static func dns1123Subdomain(_ s: String) -> [String] {
        var errs: [String] = []
        if s.utf8.count > 253 { errs.append(maxLength(253)) }
        if !isDNS1123Subdomain(s) {
            errs.append(regexError(
                "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
                dns1123SubdomainFormat, ["example.com"]))
        }
        return errs
    }

    /// An RFC 1035 label: like an RFC 1123 label but starting with a letter.
    public static func dns1035Label(_ s: String) -> [String] {
        var errs: [String] = []
        if s.utf8.count > 63 { errs.append(maxLength(63)) }
        if !isDNS1123Label(s) || !(s.utf8.first.map(isLowerLetter) ?? false) {
            errs.append(regexError(
                "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
                dns1035LabelFormat, ["my-name", "abc-123"]))
        }
        return errs
    }

    /// A qualified name (label key, annotation key, finalizer): an optional DNS subdomain prefix and `/`, then a name.
    public static func qualifiedName(_ s: String) -> [String] {
        var errs: [String] = []
        let parts = s.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let name: String
        switch parts.count {
        case 1:
            name = parts[0]
        case 2:
            name = parts[1]
            if parts[0].isEmpty {
                errs.append("prefix part " + emptyError)
            } else {
                errs += dns1123Subdomain(parts[0]).map { "prefix part " + $0 }
            }
        default:
            return ["a qualified name "
                + regexError(qualifiedNameMessage, qualifiedNameFormat, ["MyName", "my.name", "123-abc"])
                + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"]
        }
        if name.isEmpty {
            errs.append("name part " + emptyError)
        } else if name.utf8.count > 63 {
            errs.append("name part " + maxLength(63))
        }
        if !isQualifiedNamePart(name) {
            errs.append("name part " + regexError(qualifiedNameMessage, qualifiedNameFormat, ["MyName", "my.name", "123-abc"]))
        }
        return errs
    }

    /// A label value: empty, or up to 63 characters shaped like a qualified name part.
    public static func labelValue(_ s: String) -> [String] {
        var errs: [String] = []
        if s.utf8.count > 63 { errs.append(maxLength(63)) }
        if !s.isEmpty && !isQualifiedNamePart(s) {
            errs.append(regexError(
                "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
                "(" + qualifiedNameFormat + ")?", ["MyValue", "my_value", "12345"]))
        }
        return errs
    }

    /// A key of a ConfigMap or Secret: `[-._a-zA-Z0-9]+`, at most 253 characters, not `.`/`..`-led.
    public static func configMapKey(_ s: String) -> [String] {
        var errs: [String] = []
        if s.utf8.count > 253 { errs.append(maxLength(253)) }
        if s.isEmpty || !s.utf8.allSatisfy({ isAlnum($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") }) {
            errs.append(regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
                                   "[-._a-zA-Z0-9]+", ["key.name", "KEY_NAME", "key-name"]))
        }
        return errs + chdirPrefix(s)
    }

    /// A C identifier: `[A-Za-z_][A-Za-z0-9_]*`.
    public static func cIdentifier(_ s: String) -> [String] {
        let u = Array(s.utf8)
        let ok = !u.isEmpty && (isLetter(u[0]) || u[0] == UInt8(ascii: "_"))
            && u.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: "_") }
        if ok { return [] }
        return [regexError("a valid C identifier must start with alphabetic character or '_', followed by a string of alphanumeric characters or '_'",
                           "[A-Za-z_][A-Za-z0-9_]*", ["my_name", "MY_NAME", "MyName"])]
    }

    /// An environment variable name as Kubernetes 1.32 accepts it: printable ASCII other than `=`.
    public static func envVarName(_ s: String) -> [String] {
        var errs: [String] = []
        if s.isEmpty { errs.append("environment variable name " + emptyError) }
        if s.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value > 0x7E || $0 == "=" }) {
            errs.append("a valid environment variable name must consist only of printable ASCII characters other than '='")
        }
        return errs
    }

    /// A named port (IANA_SVC_NAME): at most 15 of `[-a-z0-9]`, with a letter, no `--`, no dash at either end.
    public static func portName(_ s: String) -> [String] {
        var errs: [String] = []
        let u = Array(s.utf8)
        if u.count > 15 { errs.append(maxLength(15)) }
        if u.isEmpty || !u.allSatisfy({ isLowerLetter($0) || isDigit($0) || $0 == UInt8(ascii: "-") }) {
            errs.append("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
        }
        if !u.contains(where: isLowerLetter) { errs.append("must contain at least one letter (a-z)") }
        if s.contains("--") { errs.append("must not contain consecutive hyphens") }
        if let f = u.first, let l = u.last, f == UInt8(ascii: "-") || l == UInt8(ascii: "-") {
            errs.append("must not begin or end with a hyphen")
        }
        return errs
    }

    /// A port number: 1 through 65535.
    public static func portNumber(_ n: Int64) -> [String] {
        (1...65535).contains(n) ? [] : [inclusiveRange(1, 65535)]
    }

    /// A percentage such as `25%`.
    public static func percent(_ s: String) -> [String] {
        let u = Array(s.utf8)
        if u.count >= 2, u.last == UInt8(ascii: "%"), u.dropLast().allSatisfy(isDigit) { return [] }
        return [regexError("a valid percent string must be a numeric string followed by an ending '%'", "[0-9]+%", ["1%", "93%"])]
    }

    /// The total size of a set of annotations (bytes of keys and values), compared to ``totalAnnotationSizeLimit``.
    public static func annotationsSize(_ annotations: [String: String]) -> Int {
        annotations.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count }
    }
}
