// The simple JSONPath subset CRD printer columns use (`.spec.replicas`, `.a['b.c']`, `[0]`, `[*]`, `[?(@.k=="v")]`).

/// A parsed printer-column JSONPath that evaluates against a JSON object.
struct TableJSONPath: Sendable, Equatable {
    enum Step: Sendable, Equatable {
        case field(String)
        case index(Int)
        case wildcard
        case filter(path: [String], equals: Bool, literal: JSON)
    }

    let steps: [Step]

    /// Parses a path such as `.status.conditions[0].type`, `{.spec.x}` or `$.metadata.labels['app']`; nil if malformed.
    init?(_ text: String) {
        var s = Substring(text)
        if s.hasPrefix("{") && s.hasSuffix("}") { s = s.dropFirst().dropLast() }
        if s.hasPrefix("$") { s = s.dropFirst() }
        var steps: [Step] = []
        var p = s.startIndex
        while p < s.endIndex {
            let c = s[p]
            if c == "." {
                p = s.index(after: p)
                let start = p
                while p < s.endIndex, s[p] != ".", s[p] != "[" { p = s.index(after: p) }
                let name = String(s[start..<p])
                if name.isEmpty { return nil }
                steps.append(name == "*" ? .wildcard : .field(name))
            } else if c == "[" {
                guard let close = Self.closingBracket(s, from: p) else { return nil }
                guard let step = Self.bracket(String(s[s.index(after: p)..<close])) else { return nil }
                steps.append(step)
                p = s.index(after: close)
            } else {
                return nil
            }
        }
        self.steps = steps
    }

    /// Every value the path selects, in document order (missing keys select nothing).
    func evaluate(_ root: JSON) -> [JSON] {
        var current = [root]
        for step in steps {
            var next: [JSON] = []
            for value in current {
                switch step {
                case .field(let name):
                    if let v = value.objectValue?[name] { next.append(v) }
                case .index(let i):
                    guard let a = value.arrayValue else { continue }
                    let at = i < 0 ? a.count + i : i
                    if at >= 0 && at < a.count { next.append(a[at]) }
                case .wildcard:
                    if let a = value.arrayValue {
                        next.append(contentsOf: a)
                    } else if let o = value.objectValue {
                        next.append(contentsOf: o.keys.sorted().compactMap { o[$0] })
                    }
                case .filter(let path, let equals, let literal):
                    for element in value.arrayValue ?? [] {
                        var probe = element
                        var present = true
                        for key in path {
                            guard let v = probe.objectValue?[key] else { present = false; break }
                            probe = v
                        }
                        guard present else { continue }
                        if Self.same(probe, literal) == equals { next.append(element) }
                    }
                }
            }
            current = next
        }
        return current
    }

    static func closingBracket(_ s: Substring, from open: Substring.Index) -> Substring.Index? {
        var quote: Character? = nil
        var depth = 0
        var p = open
        while p < s.endIndex {
            let c = s[p]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" {
                quote = c
            } else if c == "[" {
                depth += 1
            } else if c == "]" {
                depth -= 1
                if depth == 0 { return p }
            }
            p = s.index(after: p)
        }
        return nil
    }

    static func bracket(_ inner: String) -> Step? {
        let body = inner.trimmingSpaces
        if body == "*" { return .wildcard }
        if let key = unquote(body) { return .field(key) }
        if let i = Int(body) { return .index(i) }
        guard body.hasPrefix("?("), body.hasSuffix(")") else { return nil }
        let expr = String(body.dropFirst(2).dropLast()).trimmingSpaces
        let equals: Bool
        let parts: [Substring]
        if let r = expr.firstRange(of: "!=") {
            equals = false
            parts = [expr[..<r.lowerBound], expr[r.upperBound...]]
        } else if let r = expr.firstRange(of: "==") {
            equals = true
            parts = [expr[..<r.lowerBound], expr[r.upperBound...]]
        } else {
            return nil
        }
        let lhs = String(parts[0]).trimmingSpaces
        guard lhs.hasPrefix("@.") else { return nil }
        let path = lhs.dropFirst(2).split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !path.contains(where: \.isEmpty), let literal = literal(String(parts[1]).trimmingSpaces) else { return nil }
        return .filter(path: path, equals: equals, literal: literal)
    }

    static func unquote(_ s: String) -> String? {
        guard s.count >= 2, let first = s.first, first == "'" || first == "\"", s.last == first else { return nil }
        return String(s.dropFirst().dropLast())
    }

    static func literal(_ s: String) -> JSON? {
        if let q = unquote(s) { return .string(q) }
        if s == "true" { return .bool(true) }
        if s == "false" { return .bool(false) }
        if let i = Int64(s) { return .int(i) }
        if let d = Double(s) { return .double(d) }
        return nil
    }

    static func same(_ a: JSON, _ b: JSON) -> Bool {
        if let x = a.intValue, let y = b.intValue { return x == y }
        if case .double(let x) = a, case .double(let y) = b { return x == y }
        return a == b
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    fileprivate var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
