// Raw OpenAPI validation errors and results, and their conversion into kube-apiserver field errors.

/// One error as the OpenAPI validator words it, before it becomes a `FieldError`.
struct SchemaViolation {
    enum Code {
        /// A value of the wrong type or format (`FieldValueTypeInvalid`).
        case invalidType
        case required
        case tooLong
        case enumFail
        case maxItems
        case tooManyProperties
        /// Any other value check (`FieldValueInvalid`).
        case other
        /// An error about a whole sub-schema (anyOf, oneOf, ...) that carries no field name.
        case composite
    }

    var code: Code
    /// The dotted path the validator was at (`spec.ports[0]`, `.spec` for required members of the root).
    var name: String
    /// The offending value; nil for none.
    var value: JSON?
    /// The limit that was exceeded, for maxLength, maxItems and maxProperties.
    var limit: Int64 = -1
    var enumValues: [JSON] = []
    var message: String

    static let inBody = "body"

    /// `<name> in body must be of type <type>: "<found>"`.
    static func invalidType(_ name: String, expected: String, found: String) -> SchemaViolation {
        SchemaViolation(
            code: .invalidType, name: name, value: .string(found),
            message: "\(name) in \(inBody) must be of type \(expected): \(SchemaText.quote(found))")
    }

    static func other(_ name: String, _ value: JSON?, _ message: String) -> SchemaViolation {
        SchemaViolation(code: .other, name: name, value: value, message: message)
    }

    static func composite(_ message: String) -> SchemaViolation {
        SchemaViolation(code: .composite, name: "", value: nil, message: message)
    }

    /// The error as kube-apiserver reports it; `prefix` is the field path the validated value sits at
    /// (nil for a whole custom resource, which upstream renders as `<nil>` when no member is named).
    func fieldError(prefix: String?) -> FieldError {
        var field = prefix ?? "<nil>"
        if code != .composite, !name.isEmpty, name != "." {
            let member = name.hasPrefix(".") ? String(name.dropFirst()) : name
            field = prefix.map { $0 + "." + member } ?? member
        }
        let shown = SchemaText.fieldValue(value ?? .string(""))
        switch code {
        case .required:
            return FieldError(.required, field: field)
        case .enumFail:
            let allowed = enumValues.map { v in SchemaText.quote(v.stringValue ?? v.text) }
            let detail = allowed.isEmpty ? "" : "supported values: " + allowed.joined(separator: ", ")
            return FieldError(.notSupported, field: field, value: SchemaText.fieldValue(value ?? .null), detail: detail)
        case .tooLong:
            let detail = limit >= 0 ? "may not be more than \(limit) bytes" : "value is too long"
            return FieldError(.tooLong, field: field, detail: detail)
        case .maxItems, .tooManyProperties:
            let detail = limit >= 0 ? "must have at most \(limit) items" : "has too many items"
            return FieldError(.tooMany, field: field, value: value.map(SchemaText.fieldValue), detail: detail)
        case .invalidType:
            return FieldError(.typeInvalid, field: field, value: shown, detail: message)
        case .other:
            return FieldError(.invalid, field: field, value: shown, detail: message)
        case .composite:
            return FieldError(.invalid, field: field, value: SchemaText.quote(""), detail: message)
        }
    }
}

/// The errors of validating one value against one schema, with go-openapi's match count (used to pick the
/// most relevant failing branch of anyOf and oneOf).
struct SchemaResult {
    var errors: [SchemaViolation] = []
    var matchCount = 0

    var isValid: Bool { errors.isEmpty }

    /// Adds an error unless one with the same message is already there.
    mutating func add(_ error: SchemaViolation) {
        if !errors.contains(where: { $0.message == error.message }) { errors.append(error) }
    }

    mutating func merge(_ other: SchemaResult) {
        for e in other.errors { add(e) }
        matchCount += other.matchCount
    }

    static func failure(_ error: SchemaViolation) -> SchemaResult {
        SchemaResult(errors: [error], matchCount: 0)
    }
}
