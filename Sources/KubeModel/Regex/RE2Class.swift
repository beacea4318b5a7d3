// The character classes of the RE2 syntax Kubernetes validates CRD patterns with (Go's regexp):
// ranges, Perl classes (\d \s \w, ASCII only), POSIX classes ([:alpha:]), Unicode general
// categories (\pL, \p{Lu}), and case folding under (?i).

/// One part of a character class.
enum RE2ClassItem: Sendable, Equatable {
    /// Scalars in any of the ranges (or, negated, in none of them).
    case ranges([ClosedRange<UInt32>], negated: Bool)
    /// Scalars of any of the general categories (or, negated, of none of them).
    case categories([Unicode.GeneralCategory], negated: Bool)

    func contains(_ c: UInt32) -> Bool {
        switch self {
        case .ranges(let ranges, let negated):
            return ranges.contains { $0.contains(c) } != negated
        case .categories(let categories, let negated):
            guard let scalar = Unicode.Scalar(c) else { return negated }
            return categories.contains(scalar.properties.generalCategory) != negated
        }
    }
}

/// A set of scalars one step of a pattern matches.
struct RE2Class: Sendable, Equatable {
    var items: [RE2ClassItem]
    var negated = false
    var foldCase = false

    /// Whether `c` is in the class (any of its case variants, under case folding).
    func contains(_ c: UInt32) -> Bool {
        var found = items.contains { $0.contains(c) }
        if !found, foldCase {
            found = Self.caseVariants(c).contains { v in items.contains { $0.contains(v) } }
        }
        return found != negated
    }

    /// One scalar.
    static func literal(_ c: UInt32, foldCase: Bool) -> RE2Class {
        RE2Class(items: [.ranges([c...c], negated: false)], foldCase: foldCase)
    }

    /// `.`: any scalar, or any but newline.
    static func any(newline: Bool) -> RE2Class {
        RE2Class(items: [.ranges(newline ? [0...0x10FFFF] : [0...9, 11...0x10FFFF], negated: false)])
    }

    /// The simple lower- and upper-case forms of `c` that are single scalars.
    static func caseVariants(_ c: UInt32) -> [UInt32] {
        guard let scalar = Unicode.Scalar(c) else { return [] }
        let p = scalar.properties
        return [p.lowercaseMapping, p.uppercaseMapping, p.titlecaseMapping].compactMap { mapped in
            let scalars = mapped.unicodeScalars
            guard scalars.count == 1, let s = scalars.first, s.value != c else { return nil }
            return s.value
        }
    }

    /// `\d`, `\s`, `\w` (ASCII, as in RE2) by their letter; upper case negates.
    static func perl(_ letter: Character) -> RE2ClassItem? {
        let ranges: [ClosedRange<UInt32>]
        switch letter.lowercased() {
        case "d": ranges = [0x30...0x39]
        case "s": ranges = [0x09...0x0A, 0x0C...0x0D, 0x20...0x20]
        case "w": ranges = [0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A]
        default: return nil
        }
        return .ranges(ranges, negated: letter.isUppercase)
    }

    /// `[:name:]` classes (ASCII, as in RE2).
    static func posix(_ name: String) -> [ClosedRange<UInt32>]? {
        switch name {
        case "alnum": [0x30...0x39, 0x41...0x5A, 0x61...0x7A]
        case "alpha": [0x41...0x5A, 0x61...0x7A]
        case "ascii": [0...0x7F]
        case "blank": [0x09...0x09, 0x20...0x20]
        case "cntrl": [0...0x1F, 0x7F...0x7F]
        case "digit": [0x30...0x39]
        case "graph": [0x21...0x7E]
        case "lower": [0x61...0x7A]
        case "print": [0x20...0x7E]
        case "punct": [0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E]
        case "space": [0x09...0x0D, 0x20...0x20]
        case "upper": [0x41...0x5A]
        case "word": [0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A]
        case "xdigit": [0x30...0x39, 0x41...0x46, 0x61...0x66]
        default: nil
        }
    }

    /// A Unicode general category or category group by its short name (`L`, `Lu`, `Nd`, …), or `Any`.
    static func unicode(_ name: String) -> [Unicode.GeneralCategory]? {
        typealias G = Unicode.GeneralCategory
        let groups: [String: [G]] = [
            "L": [.uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter],
            "M": [.nonspacingMark, .spacingMark, .enclosingMark],
            "N": [.decimalNumber, .letterNumber, .otherNumber],
            "P": [.connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
                  .initialPunctuation, .finalPunctuation, .otherPunctuation],
            "S": [.mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol],
            "Z": [.spaceSeparator, .lineSeparator, .paragraphSeparator],
            "C": [.control, .format, .surrogate, .privateUse],
        ]
        let single: [String: G] = [
            "Lu": .uppercaseLetter, "Ll": .lowercaseLetter, "Lt": .titlecaseLetter, "Lm": .modifierLetter,
            "Lo": .otherLetter, "Mn": .nonspacingMark, "Mc": .spacingMark, "Me": .enclosingMark,
            "Nd": .decimalNumber, "Nl": .letterNumber, "No": .otherNumber, "Pc": .connectorPunctuation,
            "Pd": .dashPunctuation, "Ps": .openPunctuation, "Pe": .closePunctuation, "Pi": .initialPunctuation,
            "Pf": .finalPunctuation, "Po": .otherPunctuation, "Sm": .mathSymbol, "Sc": .currencySymbol,
            "Sk": .modifierSymbol, "So": .otherSymbol, "Zs": .spaceSeparator, "Zl": .lineSeparator,
            "Zp": .paragraphSeparator, "Cc": .control, "Cf": .format, "Cs": .surrogate, "Co": .privateUse,
        ]
        if name == "Any" { return groups.values.flatMap { $0 } }
        return groups[name] ?? single[name].map { [$0] }
    }
}
