// Parsing label selector text (`kubectl get -l ...`, `?labelSelector=`) with apimachinery's grammar and errors.

extension LabelSelector {
    /// Parses selector syntax: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`, `a>1`, comma-joined.
    public init(parsing text: String) throws(SelectorError) {
        var parser = LabelSelectorParser(text)
        self.init(requirements: try parser.parse())
    }

    /// Builds one validated requirement (`labels.NewRequirement`), reporting every problem at once.
    static func requirement(key: String, op: Operator, values: [String]) throws(SelectorError) -> Requirement {
        var errors: [String] = []
        let keyErrors = NameValidation.qualifiedName(key)
        if !keyErrors.isEmpty { errors.append(SelectorValidation.invalid("key", key, keyErrors.joined(separator: "; "))) }
        let badValues = "values: Invalid value: \(SelectorValidation.goSlice(values)): "
        switch op {
        case .in, .notIn:
            if values.isEmpty { errors.append(badValues + "for 'in', 'notin' operators, values set can't be empty") }
        case .equals, .doubleEquals, .notEquals:
            if values.count != 1 { errors.append(badValues + "exact-match compatibility requires one single value") }
        case .exists, .doesNotExist:
            if !values.isEmpty { errors.append(badValues + "values set must be empty for exists and does not exist") }
        case .greaterThan, .lessThan:
            if values.count != 1 { errors.append(badValues + "for 'Gt', 'Lt' operators, exactly one value is required") }
            for (i, v) in values.enumerated() where Int64(v) == nil {
                errors.append(SelectorValidation.invalid("values[\(i)]", v, "for 'Gt', 'Lt' operators, the value must be an integer"))
            }
        }
        for (i, v) in values.enumerated() {
            let valueErrors = NameValidation.labelValue(v)
            if !valueErrors.isEmpty {
                errors.append(SelectorValidation.invalid("values[\(i)][\(key)]", v, valueErrors.joined(separator: "; ")))
            }
        }
        if !errors.isEmpty { throw SelectorError(SelectorValidation.aggregate(errors)) }
        return Requirement(key: key, op: op, values: values)
    }
}

/// A recursive-descent parser over the selector's tokens, mirroring `labels.Parser`.
struct LabelSelectorParser {
    enum Token: Equatable {
        case end, closePar, comma, not, doubleEquals, equals, greaterThan, identifier, `in`, lessThan, notEquals, notIn, openPar
    }

    /// In value position the keywords `in` and `notin` are plain identifiers.
    enum Context { case keyAndOperator, values }

    var items: [(token: Token, literal: String)] = []
    var position = 0

    init(_ text: String) {
        let bytes = Array(text.utf8)
        var i = 0
        func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A }
        func isSpecial(_ c: UInt8) -> Bool { [0x3D, 0x21, 0x28, 0x29, 0x2C, 0x3E, 0x3C].contains(c) }
        while true {
            while i < bytes.count, isSpace(bytes[i]) { i += 1 }
            guard i < bytes.count else { break }
            if isSpecial(bytes[i]) {
                let two = i + 1 < bytes.count ? String(decoding: bytes[i...(i + 1)], as: UTF8.self) : ""
                if two == "!=" || two == "==" {
                    items.append((two == "!=" ? .notEquals : .doubleEquals, two))
                    i += 2
                    continue
                }
                let one: [UInt8: Token] = [0x3D: .equals, 0x21: .not, 0x28: .openPar, 0x29: .closePar, 0x2C: .comma, 0x3E: .greaterThan, 0x3C: .lessThan]
                items.append((one[bytes[i]]!, String(UnicodeScalar(bytes[i]))))
                i += 1
                continue
            }
            let start = i
            while i < bytes.count, !isSpace(bytes[i]), !isSpecial(bytes[i]) { i += 1 }
            let word = String(decoding: bytes[start..<i], as: UTF8.self)
            items.append((word == "in" ? .in : word == "notin" ? .notIn : .identifier, word))
        }
        items.append((.end, ""))
    }

    func lookahead(_ context: Context) -> (Token, String) {
        adjust(items[position], context)
    }

    mutating func consume(_ context: Context) -> (Token, String) {
        let item = items[position]
        if position < items.count - 1 { position += 1 }
        return adjust(item, context)
    }

    func adjust(_ item: (token: Token, literal: String), _ context: Context) -> (Token, String) {
        if context == .values && (item.token == .in || item.token == .notIn) { return (.identifier, item.literal) }
        return (item.token, item.literal)
    }

    mutating func parse() throws(SelectorError) -> [LabelSelector.Requirement] {
        var requirements: [LabelSelector.Requirement] = []
        while true {
            let (token, literal) = lookahead(.values)
            switch token {
            case .identifier, .not:
                do {
                    requirements.append(try parseRequirement())
                } catch {
                    throw SelectorError("unable to parse requirement: \(error.message)")
                }
                let (next, nextLiteral) = consume(.values)
                switch next {
                case .end:
                    return requirements
                case .comma:
                    let (after, afterLiteral) = lookahead(.values)
                    if after != .identifier && after != .not {
                        throw SelectorError("found '\(afterLiteral)', expected: identifier after ','")
                    }
                default:
                    throw SelectorError("found '\(nextLiteral)', expected: ',' or 'end of string'")
                }
            case .end:
                return requirements
            default:
                throw SelectorError("found '\(literal)', expected: !, identifier, or 'end of string'")
            }
        }
    }

    mutating func parseRequirement() throws(SelectorError) -> LabelSelector.Requirement {
        var (token, literal) = consume(.values)
        var op: LabelSelector.Operator? = nil
        if token == .not {
            op = .doesNotExist
            (token, literal) = consume(.values)
        }
        guard token == .identifier else { throw SelectorError("found '\(literal)', expected: identifier") }
        let key = literal
        let keyErrors = NameValidation.qualifiedName(key)
        if !keyErrors.isEmpty {
            throw SelectorError(SelectorValidation.invalid("<nil>", key, keyErrors.joined(separator: "; ")))
        }
        let (next, _) = lookahead(.values)
        if op == nil && (next == .end || next == .comma) { op = .exists }
        if let op { return try LabelSelector.requirement(key: key, op: op, values: []) }

        let (opToken, opLiteral) = consume(.keyAndOperator)
        let binary: LabelSelector.Operator
        switch opToken {
        case .in: binary = .in
        case .equals: binary = .equals
        case .doubleEquals: binary = .doubleEquals
        case .greaterThan: binary = .greaterThan
        case .lessThan: binary = .lessThan
        case .notIn: binary = .notIn
        case .notEquals: binary = .notEquals
        default: throw SelectorError("found '\(opLiteral)', expected: '=', '!=', '==', 'in', notin'")
        }
        let values = binary == .in || binary == .notIn ? try parseValues() : try parseExactValue()
        return try LabelSelector.requirement(key: key, op: binary, values: values.sorted())
    }

    mutating func parseValues() throws(SelectorError) -> Set<String> {
        let (open, openLiteral) = consume(.values)
        guard open == .openPar else { throw SelectorError("found '\(openLiteral)' expected: '('") }
        let (token, literal) = lookahead(.values)
        switch token {
        case .identifier, .comma:
            let values = try parseIdentifiers()
            if consume(.values).0 != .closePar { throw SelectorError("found '\(literal)', expected: ')'") }
            return values
        case .closePar:
            _ = consume(.values)
            return [""]
        default:
            throw SelectorError("found '\(literal)', expected: ',', ')' or identifier")
        }
    }

    mutating func parseIdentifiers() throws(SelectorError) -> Set<String> {
        var values: Set<String> = []
        while true {
            let (token, literal) = consume(.values)
            switch token {
            case .identifier:
                values.insert(literal)
                let (next, nextLiteral) = lookahead(.values)
                switch next {
                case .comma: continue
                case .closePar: return values
                default: throw SelectorError("found '\(nextLiteral)', expected: ',' or ')'")
                }
            case .comma:
                if values.isEmpty { values.insert("") }
                let (next, _) = lookahead(.values)
                if next == .closePar {
                    values.insert("")
                    return values
                }
                if next == .comma {
                    _ = consume(.values)
                    values.insert("")
                }
            default:
                throw SelectorError("found '\(literal)', expected: ',', or identifier")
            }
        }
    }

    mutating func parseExactValue() throws(SelectorError) -> Set<String> {
        let (next, _) = lookahead(.values)
        if next == .end || next == .comma { return [""] }
        let (token, literal) = consume(.values)
        guard token == .identifier else { throw SelectorError("found '\(literal)', expected: identifier") }
        return [literal]
    }
}
