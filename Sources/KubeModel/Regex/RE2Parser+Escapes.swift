// Escapes and bracket classes of the RE2 syntax.

extension RE2Parser {
    /// A `\` escape outside a class: an assertion, a class, quoted text or one scalar.
    mutating func escape() throws(RE2Error) -> RE2Node {
        let start = i
        i += 1
        guard let c = peek else { throw fail("trailing backslash at end of expression: ``") }
        switch c {
        case "A": i += 1; return .assert(.beginText)
        case "z": i += 1; return .assert(.endText)
        case "b": i += 1; return .assert(.wordBoundary)
        case "B": i += 1; return .assert(.notWordBoundary)
        case "Q":
            i += 1
            var parts: [RE2Node] = []
            while i < s.count {
                if s[i] == "\\", i + 1 < s.count, s[i + 1] == "E" {
                    i += 2
                    break
                }
                parts.append(.oneOf(.literal(s[i].value, foldCase: fold)))
                i += 1
            }
            return parts.isEmpty ? .empty : .concat(parts)
        default:
            i = start
            let item = try classEscape()
            return .oneOf(RE2Class(items: [item], foldCase: fold))
        }
    }

    /// A `\` escape that stands for scalars (inside or outside a class).
    mutating func classEscape() throws(RE2Error) -> RE2ClassItem {
        let start = i
        i += 1
        guard let c = peek else { throw fail("trailing backslash at end of expression: ``") }
        i += 1
        let one = { (v: UInt32) in RE2ClassItem.ranges([v...v], negated: false) }
        switch c {
        case "d", "D", "s", "S", "w", "W":
            return RE2Class.perl(Character(c))!
        case "p", "P":
            var name = ""
            if peek == "{" {
                let close = s[i...].firstIndex(of: "}")
                guard let close else { throw fail("invalid character class range: `\(text(start..<s.count))`") }
                name = text(i + 1..<close)
                i = close + 1
            } else if let n = peek {
                name = String(n)
                i += 1
            }
            var negated = c == "P"
            if name.hasPrefix("^") {
                negated.toggle()
                name.removeFirst()
            }
            guard let categories = RE2Class.unicode(name) else {
                throw fail("invalid character class range: `\(text(start..<i))`")
            }
            return .categories(categories, negated: negated)
        case "a": return one(7)
        case "f": return one(12)
        case "t": return one(9)
        case "n": return one(10)
        case "r": return one(13)
        case "v": return one(11)
        case "x":
            var digits = ""
            if peek == "{" {
                guard let close = s[i...].firstIndex(of: "}") else {
                    throw fail("invalid escape sequence: `\(text(start..<s.count))`")
                }
                digits = text(i + 1..<close)
                i = close + 1
            } else {
                digits = text(i..<i + 2)
                i = min(i + 2, s.count)
                guard digits.count == 2 else { throw fail("invalid escape sequence: `\(text(start..<i))`") }
            }
            guard digits.count >= 1, let v = UInt32(digits, radix: 16), v <= 0x10FFFF else {
                throw fail("invalid escape sequence: `\(text(start..<min(i, s.count)))`")
            }
            return one(v)
        case "0"..."7":
            // Octal: `\0` and up to two more digits, or two or three digits from 1; a lone `\1`
            // would be a backreference, which RE2 does not have.
            var digits = String(c)
            while digits.count < 3, let d = peek, ("0"..."7").contains(d) {
                digits.append(Character(d))
                i += 1
            }
            guard c == "0" || digits.count > 1, let v = UInt32(digits, radix: 8) else {
                throw fail("invalid escape sequence: `\(text(start..<i))`")
            }
            return one(v)
        default:
            // Punctuation stands for itself; letters and digits without a meaning are errors.
            guard c.isASCII, !c.properties.isAlphabetic, !("0"..."9").contains(c) else {
                throw fail("invalid escape sequence: `\(text(start..<i))`")
            }
            return one(c.value)
        }
    }

    /// `[...]` with negation, ranges, escapes and `[:name:]` classes.
    mutating func bracketClass() throws(RE2Error) -> RE2Class {
        let start = i
        i += 1
        var negated = false
        if peek == "^" {
            negated = true
            i += 1
        }
        var items: [RE2ClassItem] = []
        var first = true
        while true {
            guard let c = peek else { throw fail("missing closing ]: `\(text(start..<s.count))`") }
            if c == "]", !first { i += 1; break }
            first = false
            if c == "[", i + 1 < s.count, s[i + 1] == ":" {
                if let close = posixEnd(), let item = try posixClass(close) {
                    items.append(item)
                    continue
                }
            }
            let lowStart = i
            let low = try classAtom()
            guard case .ranges(let r, false) = low, r.count == 1, r[0].lowerBound == r[0].upperBound,
                  peek == "-", i + 1 < s.count, s[i + 1] != "]"
            else {
                items.append(low)
                continue
            }
            i += 1
            let high = try classAtom()
            guard case .ranges(let h, false) = high, h.count == 1, h[0].lowerBound == h[0].upperBound,
                  r[0].lowerBound <= h[0].lowerBound
            else { throw fail("invalid character class range: `\(text(lowStart..<i))`") }
            items.append(.ranges([r[0].lowerBound...h[0].lowerBound], negated: false))
        }
        return RE2Class(items: items, negated: negated, foldCase: fold)
    }

    private mutating func classAtom() throws(RE2Error) -> RE2ClassItem {
        if peek == "\\" { return try classEscape() }
        let c = s[i]
        i += 1
        return .ranges([c.value...c.value], negated: false)
    }

    /// The index of the `:]` closing a `[:` at `i`, if any.
    private func posixEnd() -> Int? {
        var j = i + 2
        while j + 1 < s.count {
            if s[j] == ":", s[j + 1] == "]" { return j }
            if s[j] == "]" { return nil }
            j += 1
        }
        return nil
    }

    private mutating func posixClass(_ close: Int) throws(RE2Error) -> RE2ClassItem? {
        var name = text(i + 2..<close)
        var negated = false
        if name.hasPrefix("^") {
            negated = true
            name.removeFirst()
        }
        guard let ranges = RE2Class.posix(name) else {
            throw fail("invalid character class range: `\(text(i..<close + 2))`")
        }
        i = close + 2
        return .ranges(ranges, negated: negated)
    }
}
