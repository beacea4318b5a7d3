// Parses the RE2 syntax of Go's regexp (what Kubernetes checks CRD `pattern`s with) into a
// small tree. What RE2 does not have — backreferences, lookaround, possessive quantifiers — is
// an error worded like Go's, so a pattern the real API server refuses is refused here too.

/// A parsed pattern.
indirect enum RE2Node: Sendable, Equatable {
    case empty
    case oneOf(RE2Class)
    case concat([RE2Node])
    case alternate([RE2Node])
    /// `node` at least `min` and at most `max` (nil: unbounded) times.
    case repeated(RE2Node, min: Int, max: Int?)
    case assert(RE2Assertion)
}

/// The zero-width assertions.
enum RE2Assertion: Sendable, Equatable {
    case beginText, endText, beginLine, endLine, wordBoundary, notWordBoundary
}

/// A pattern RE2 does not accept.
public struct RE2Error: Error, Sendable, Equatable, CustomStringConvertible {
    /// Go's wording, e.g. "missing closing ): `(a`".
    public let message: String
    /// "error parsing regexp: …", as Go prints it.
    public var description: String { "error parsing regexp: \(message)" }
}

struct RE2Parser {
    let s: [Unicode.Scalar]
    var i = 0
    var fold = false, multiLine = false, dotNewline = false
    private var depth = 0

    /// The most a counted repetition may ask for (RE2's limit).
    static let maxRepeat = 1000

    init(_ pattern: String) { s = Array(pattern.unicodeScalars) }

    mutating func parse() throws(RE2Error) -> RE2Node {
        let node = try alternation()
        if i < s.count { throw fail("unexpected ): `\(text(0..<s.count))`") }
        return node
    }

    func fail(_ message: String) -> RE2Error { RE2Error(message: message) }
    func text(_ r: Range<Int>) -> String {
        var out = ""
        out.unicodeScalars.append(contentsOf: s[max(0, r.lowerBound)..<min(s.count, r.upperBound)])
        return out
    }
    var peek: Unicode.Scalar? { i < s.count ? s[i] : nil }

    private mutating func alternation() throws(RE2Error) -> RE2Node {
        var branches = [try concatenation()]
        while peek == "|" {
            i += 1
            branches.append(try concatenation())
        }
        return branches.count == 1 ? branches[0] : .alternate(branches)
    }

    private mutating func concatenation() throws(RE2Error) -> RE2Node {
        var parts: [RE2Node] = []
        while let c = peek, c != "|", c != ")" {
            guard let atom = try self.atom() else { continue }  // a flag group: nothing to match
            parts.append(try repetitions(of: atom))
        }
        return parts.isEmpty ? .empty : parts.count == 1 ? parts[0] : .concat(parts)
    }

    private mutating func repetitions(of atom: RE2Node) throws(RE2Error) -> RE2Node {
        var node = atom
        var repeated = false
        while let c = peek {
            let opStart = i
            var bounds: (Int, Int?)
            switch c {
            case "*": bounds = (0, nil); i += 1
            case "+": bounds = (1, nil); i += 1
            case "?": bounds = (0, 1); i += 1
            case "{":
                guard let counted = try countedRepeat() else { return node }
                bounds = counted
            default: return node
            }
            if peek == "?" { i += 1 }  // lazy: the same set of matches
            if repeated { throw fail("invalid nested repetition operator: `\(text(opStart - 1..<i))`") }
            repeated = true
            node = .repeated(node, min: bounds.0, max: bounds.1)
        }
        return node
    }

    /// `{n}`, `{n,}` or `{n,m}` at `i`; nil (nothing consumed) when the brace is a literal.
    private mutating func countedRepeat() throws(RE2Error) -> (Int, Int?)? {
        let start = i
        var j = i + 1
        func number(_ j: inout Int) -> Int? {
            var n = 0, digits = 0
            while j < s.count, (0x30...0x39).contains(s[j].value) {
                n = min(n * 10 + Int(s[j].value - 0x30), 100_000)
                digits += 1
                j += 1
            }
            return digits > 0 ? n : nil
        }
        guard let low = number(&j) else { return nil }
        var high: Int? = low
        if j < s.count, s[j] == "," {
            j += 1
            if j < s.count, s[j] == "}" {
                high = nil
            } else {
                guard let n = number(&j) else { return nil }
                high = n
            }
        }
        guard j < s.count, s[j] == "}" else { return nil }
        i = j + 1
        if low > Self.maxRepeat || (high ?? 0) > Self.maxRepeat || (high.map { $0 < low } ?? false) {
            throw fail("invalid repeat count: `\(text(start..<i))`")
        }
        return (low, high)
    }

    /// One atom, or nil for a flag group such as `(?i)`.
    private mutating func atom() throws(RE2Error) -> RE2Node? {
        let c = s[i]
        switch c {
        case "(": return try group()
        case "[":
            return .oneOf(try bracketClass())
        case ".":
            i += 1
            return .oneOf(.any(newline: dotNewline))
        case "^":
            i += 1
            return .assert(multiLine ? .beginLine : .beginText)
        case "$":
            i += 1
            return .assert(multiLine ? .endLine : .endText)
        case "\\":
            return try escape()
        case "*", "+", "?":
            throw fail("missing argument to repetition operator: `\(c)`")
        case "{":
            if (try? countedRepeatProbe()) ?? false { throw fail("missing argument to repetition operator: `\(c)`") }
            i += 1
            return .oneOf(.literal(c.value, foldCase: fold))
        default:
            i += 1
            return .oneOf(.literal(c.value, foldCase: fold))
        }
    }

    private mutating func countedRepeatProbe() throws(RE2Error) -> Bool {
        let saved = i
        defer { i = saved }
        return try countedRepeat() != nil
    }

    private mutating func group() throws(RE2Error) -> RE2Node? {
        let start = i
        i += 1
        depth += 1
        defer { depth -= 1 }
        if depth > 1000 { throw fail("expression nests too deeply") }
        if peek == "?" {
            i += 1
            if peek == "P" || peek == "<" {
                if peek == "P" { i += 1 }
                guard peek == "<" else { throw fail("invalid or unsupported Perl syntax: `\(text(start..<i + 1))`") }
                i += 1
                let nameStart = i
                while let c = peek, c != ">" {
                    guard c.properties.isAlphabetic || c.properties.numericType != nil || c == "_" else {
                        throw fail("invalid named capture: `\(text(start..<i + 1))`")
                    }
                    i += 1
                }
                guard peek == ">", i > nameStart else { throw fail("invalid named capture: `\(text(start..<i + 1))`") }
                i += 1
                return try groupBody()
            }
            let outer = (fold, multiLine, dotNewline)
            var on = true, sawFlag = false
            while let c = peek {
                i += 1
                switch c {
                case "i": fold = on; sawFlag = true
                case "m": multiLine = on; sawFlag = true
                case "s": dotNewline = on; sawFlag = true
                case "U": sawFlag = true
                case "-" where on: on = false; sawFlag = false
                case ")" where sawFlag: return nil  // flags for the rest of the enclosing group
                case ":" where sawFlag || on:
                    defer { (fold, multiLine, dotNewline) = outer }
                    return try groupBody()
                default: throw fail("invalid or unsupported Perl syntax: `\(text(start..<i))`")
                }
            }
            throw fail("missing closing ): `\(text(0..<s.count))`")
        }
        return try groupBody()
    }

    private mutating func groupBody() throws(RE2Error) -> RE2Node {
        let saved = (fold, multiLine, dotNewline)
        defer { (fold, multiLine, dotNewline) = saved }
        let inner = try alternation()
        guard peek == ")" else { throw fail("missing closing ): `\(text(0..<s.count))`") }
        i += 1
        return inner
    }
}
