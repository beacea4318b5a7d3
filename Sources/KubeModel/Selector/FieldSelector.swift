// Field selectors (`--field-selector`, `?fieldSelector=`): equality terms over an object's selectable fields.

/// A conjunction of `field=value`, `field==value` and `field!=value` terms.
public struct FieldSelector: Sendable, Equatable, CustomStringConvertible {
    /// The comparison of one term.
    public enum Operator: String, Sendable, Equatable {
        /// `field=value`
        case equals = "="
        /// `field==value`
        case doubleEquals = "=="
        /// `field!=value`
        case notEquals = "!="
    }

    /// One term of a field selector.
    public struct Requirement: Sendable, Equatable {
        /// The field label, e.g. `status.phase`.
        public var field: String
        /// The comparison.
        public var op: Operator
        /// The value, unescaped.
        public var value: String

        /// Creates a term.
        public init(field: String, op: Operator, value: String) {
            self.field = field
            self.op = op
            self.value = value
        }
    }

    /// The terms, in the order kube-apiserver evaluates them (sorted by their text).
    public private(set) var requirements: [Requirement]

    /// A selector from terms (no validation).
    public init(requirements: [Requirement] = []) { self.requirements = requirements }

    /// Parses `a=b,c!=d`; `\,`, `\=` and `\\` escape characters in values (`fields.ParseSelector`).
    public init(parsing text: String) throws(SelectorError) {
        var terms: [String] = []
        var current = String.UnicodeScalarView()
        var escaped = false
        for u in text.unicodeScalars {
            if escaped {
                escaped = false
            } else if u == "\\" {
                escaped = true
            } else if u == "," {
                terms.append(String(current))
                current = String.UnicodeScalarView()
                continue
            }
            current.append(u)
        }
        if !text.isEmpty { terms.append(String(current)) }
        var requirements: [Requirement] = []
        for term in terms.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) where !term.isEmpty {
            guard let (field, op, raw) = Self.split(term) else {
                throw SelectorError("invalid selector: '\(text)'; can't understand '\(term)'")
            }
            requirements.append(Requirement(field: field, op: op, value: try Self.unescape(raw)))
        }
        self.requirements = requirements
    }

    /// Whether every term holds for a field set (a missing field reads as "").
    public func matches(_ fields: [String: String]) -> Bool {
        requirements.allSatisfy { r in
            let have = fields[r.field] ?? ""
            return r.op == .notEquals ? have != r.value : have == r.value
        }
    }

    /// True when the selector has no terms.
    public var isEmpty: Bool { requirements.isEmpty }

    /// The selector text with values escaped (`a=b,c!=d`).
    public var description: String {
        requirements.map { r in
            let value = r.value.replacing("\\", with: "\\\\").replacing(",", with: "\\,").replacing("=", with: "\\=")
            return r.field + (r.op == .notEquals ? "!=" : "=") + value
        }.joined(separator: ",")
    }

    /// Splits a term at the first operator (`!=`, then `==`, then `=` at each position).
    static func split(_ term: String) -> (String, Operator, String)? {
        var index = term.startIndex
        while index < term.endIndex {
            let rest = term[index...]
            for op in [Operator.notEquals, .doubleEquals, .equals] where rest.hasPrefix(op.rawValue) {
                return (String(term[..<index]), op, String(rest.dropFirst(op.rawValue.count)))
            }
            index = term.index(after: index)
        }
        return nil
    }

    /// Removes value escapes; unescaped `,` or `=` and unknown escapes are errors.
    static func unescape(_ raw: String) throws(SelectorError) -> String {
        var out = ""
        var escaped = false
        for u in raw.unicodeScalars {
            if escaped {
                guard u == "\\" || u == "," || u == "=" else {
                    throw SelectorError("invalid field selector: invalid escape sequence: \\\(u)")
                }
                out.unicodeScalars.append(u)
                escaped = false
            } else if u == "\\" {
                escaped = true
            } else if u == "," || u == "=" {
                throw SelectorError("invalid field selector: unescaped character in value: \(u.value)")
            } else {
                out.unicodeScalars.append(u)
            }
        }
        if escaped { throw SelectorError("invalid field selector: invalid escape sequence: \\") }
        return out
    }
}
