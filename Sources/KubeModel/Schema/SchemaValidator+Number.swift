// Numeric checks (range sanity, multipleOf, minimum, maximum) with go-openapi's integer/float distinctions.

extension SchemaValidator {
    func checkNumber(_ s: SchemaNode, _ data: JSON, _ path: String) -> SchemaResult {
        var result = SchemaResult(errors: [], matchCount: 1)
        let typeName = s.types.count == 1 && (s.types[0] == "integer" || s.types[0] == "number") ? s.types[0] : ""
        if let e = Self.rangeError(data, typeName, "Checked", path) { result.add(e) }

        if let factor = s.multipleOf {
            if let e = Self.rangeError(.double(factor), typeName, "MultipleOf", path) {
                result.add(e)
                if let e = Self.multipleOf(path, Self.double(data), factor) { result.add(e) }
            } else if case .int(let i) = data {
                if let e = Self.multipleOf(path, i, SchemaText.truncate(factor)) { result.add(e) }
            } else if let e = Self.multipleOf(path, Self.double(data), factor) {
                result.add(e)
            }
        }
        if let min = s.minimum {
            let bad = Self.rangeError(.double(min), typeName, "Minimum boundary", path)
            if let bad { result.add(bad) }
            if let e = Self.bound(path, data, min, exclusive: s.exclusiveMinimum, native: bad == nil, below: true) {
                result.add(e)
            }
        }
        if let max = s.maximum {
            let bad = Self.rangeError(.double(max), typeName, "Maximum boundary", path)
            if let bad { result.add(bad) }
            if let e = Self.bound(path, data, max, exclusive: s.exclusiveMaximum, native: bad == nil, below: false) {
                result.add(e)
            }
        }
        return result
    }

    /// go-openapi's `IsValueValidAgainstRange`: with type integer, the number must be an in-range whole number.
    static func rangeError(_ value: JSON, _ typeName: String, _ prefix: String, _ path: String) -> SchemaViolation? {
        guard typeName == "integer", case .double(let d) = value else { return nil }
        if d.rounded(.towardZero) == d && d >= -9.2233720368547758e18 && d < 9.2233720368547758e18 { return nil }
        return .composite("\(prefix) value must be of type integer (default format) in \(path)")
    }

    /// Minimum (`below`) or maximum check; integers compare against the truncated bound, as Go does.
    static func bound(_ path: String, _ data: JSON, _ limit: Double, exclusive: Bool, native: Bool, below: Bool)
        -> SchemaViolation?
    {
        let word = below ? "greater than" : "less than"
        let suffix = exclusive ? "" : " or equal to"
        if native, case .int(let i) = data {
            let l = SchemaText.truncate(limit)
            let fails = below ? (exclusive ? i <= l : i < l) : (exclusive ? i >= l : i > l)
            return fails ? .other(path, data, "\(path) in body should be \(word)\(suffix) \(l)") : nil
        }
        let d = Self.double(data)
        let fails = below ? (exclusive ? d <= limit : d < limit) : (exclusive ? d >= limit : d > limit)
        return fails ? .other(path, data, "\(path) in body should be \(word)\(suffix) \(SchemaText.float(limit))") : nil
    }

    /// A numeric JSON value as a Double (0 for non-numbers).
    static func double(_ value: JSON) -> Double {
        switch value {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return 0
        }
    }

    static func multipleOf(_ path: String, _ data: Int64, _ factor: Int64) -> SchemaViolation? {
        if factor <= 0 {
            return .other(path, .int(factor), "factor MultipleOf declared for \(path) must be positive: \(factor)")
        }
        if (data / factor) * factor != data {
            return .other(path, .int(data), "\(path) in body should be a multiple of \(factor)")
        }
        return nil
    }

    static func multipleOf(_ path: String, _ data: Double, _ factor: Double) -> SchemaViolation? {
        if factor <= 0 {
            return .other(
                path, .double(factor),
                "factor MultipleOf declared for \(path) must be positive: \(SchemaText.float(factor))")
        }
        let mult = factor < 1 ? 1 / factor * data : data / factor
        if !SchemaText.isJSONInteger(mult) {
            return .other(path, .double(data), "\(path) in body should be a multiple of \(SchemaText.float(factor))")
        }
        return nil
    }
}
