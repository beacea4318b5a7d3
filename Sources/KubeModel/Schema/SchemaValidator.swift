// Validates a JSON value against a schema level as kube-openapi's SchemaValidator does: same checks, order, wording.

struct SchemaValidator {
    private var patterns: [String: RE2Pattern?] = [:]

    /// Validates `data` at `path` (the validator's dotted name, "" at the root).
    mutating func validate(_ s: SchemaNode, _ data: JSON, _ path: String) -> SchemaResult {
        var result = SchemaResult()
        if data.isNull {
            result.merge(checkType(s, data, path))
            result.merge(checkEnum(s, data, path))
            return result
        }
        if !s.types.isEmpty || !s.format.isEmpty {
            result.merge(checkType(s, data, path))
            result.matchCount += 1
        }
        result.merge(checkCombinators(s, data, path))
        result.matchCount += 1
        if case .string(let text) = data {
            result.merge(checkString(s, text, path))
            result.matchCount += 1
            if !s.format.isEmpty {
                if !SchemaFormats.check(s.format, text) {
                    result.add(.invalidType(path, expected: s.format, found: text))
                }
                result.matchCount += 1
            }
        }
        switch data {
        case .int, .double:
            result.merge(checkNumber(s, data, path))
            result.matchCount += 1
        case .array(let items):
            result.merge(checkArray(s, items, path))
            result.matchCount += 1
        default: break
        }
        result.merge(checkEnum(s, data, path))
        result.matchCount += 1
        if case .object(let members) = data {
            result.merge(checkObject(s, members, path))
            result.matchCount += 1
        }
        result.matchCount += 1
        return result
    }

    /// The JSON type name and Go format go-openapi infers for a decoded value.
    static func typeInfo(_ data: JSON) -> (type: String, format: String) {
        switch data {
        case .null: return ("null", "")
        case .bool: return ("boolean", "")
        case .string: return ("string", "")
        case .int: return ("integer", "int64")
        case .double: return ("number", "float64")
        case .array: return ("array", "")
        case .object: return ("object", "")
        }
    }

    func checkType(_ s: SchemaNode, _ data: JSON, _ path: String) -> SchemaResult {
        let ok = SchemaResult(errors: [], matchCount: 1)
        let expected = s.types.joined(separator: ",")
        if data.isNull {
            if !s.types.isEmpty && !s.types.contains("null") && !s.nullable {
                return .failure(.invalidType(path, expected: expected, found: "null"))
            }
            return ok
        }
        let (found, goFormat) = Self.typeInfo(data)
        var floatInt = false
        if case .double(let d) = data { floatInt = SchemaText.isJSONInteger(d) && s.types.contains("integer") }
        let intFloat = found == "integer" && s.types.contains("number")
        let stringOrArray = found == "string" || found == "array"
        if !stringOrArray && !s.format.isEmpty
            && !(s.types.contains(found) || goFormat == s.format || floatInt || intFloat)
        {
            return .failure(.invalidType(path, expected: s.format, found: goFormat))
        }
        if !(s.types.contains("number") || s.types.contains("integer")) && !s.format.isEmpty && stringOrArray {
            return ok
        }
        if !(s.types.contains(found) || floatInt || intFloat) {
            return .failure(.invalidType(path, expected: expected, found: found))
        }
        return ok
    }

    /// Go's reflect-based enum comparison: equal after converting the value to the enum member's Go type.
    static func enumMatches(_ data: JSON, _ member: JSON) -> Bool {
        switch (data, member) {
        case (.int(let a), .double(let b)): return Double(a) == b
        case (.double(let a), .int(let b)): return SchemaText.truncate(a) == b
        case (.int(let a), .string(let b)):
            let scalar = (0...0x10FFFF).contains(a) ? Unicode.Scalar(UInt32(a)) : nil
            return String(scalar ?? "\u{FFFD}") == b
        default: return data == member
        }
    }

    func checkEnum(_ s: SchemaNode, _ data: JSON, _ path: String) -> SchemaResult {
        guard let values = s.enumValues, !values.isEmpty else { return SchemaResult() }
        if !data.isNull && values.contains(where: { Self.enumMatches(data, $0) }) { return SchemaResult() }
        let shown = values.map { $0.stringValue ?? SchemaText.goSyntax($0) }
        var e = SchemaViolation.other(path, data, "\(path) in body should be one of [\(shown.joined(separator: " "))]")
        e.code = .enumFail
        e.enumValues = values
        return .failure(e)
    }

    mutating func checkString(_ s: SchemaNode, _ text: String, _ path: String) -> SchemaResult {
        let length = Int64(text.unicodeScalars.count)
        if let max = s.maxLength, length > max {
            var e = SchemaViolation.other(path, .string(text), "\(path) in body should be at most \(max) chars long")
            e.code = .tooLong
            e.limit = max
            return .failure(e)
        }
        if let min = s.minLength, length < min {
            return .failure(.other(path, .string(text), "\(path) in body should be at least \(min) chars long"))
        }
        if let pattern = s.pattern {
            guard let regex = compiled(pattern) else {
                return .failure(
                    .other(path, .string(text), "\(path) in body should match '\(pattern), but pattern is invalid'"))
            }
            if !regex.matches(text) {
                return .failure(.other(path, .string(text), "\(path) in body should match '\(pattern)'"))
            }
        }
        return SchemaResult()
    }

    /// The pattern compiled with Go's RE2 syntax and semantics (linear-time matching), or nil if invalid.
    mutating func compiled(_ pattern: String) -> RE2Pattern? {
        if let cached = patterns[pattern] { return cached }
        let regex = try? RE2Pattern(pattern)
        patterns[pattern] = regex
        return regex
    }
}
