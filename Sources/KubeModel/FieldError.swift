/// One problem with one field of an object, as kube-apiserver reports it in `Status.details.causes`.
public struct FieldError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem, named as Kubernetes names them.
    public enum Kind: String, Sendable, Hashable {
        case required = "FieldValueRequired"
        case invalid = "FieldValueInvalid"
        case notSupported = "FieldValueNotSupported"
        case duplicate = "FieldValueDuplicate"
        case forbidden = "FieldValueForbidden"
        case tooLong = "FieldValueTooLong"
        case tooMany = "FieldValueTooMany"
        case typeInvalid = "FieldValueTypeInvalid"
    }

    /// What went wrong.
    public var kind: Kind
    /// The field path, e.g. `spec.ports[0].port`.
    public var field: String
    /// The offending value, rendered as Kubernetes renders it (nil when not shown).
    public var value: String?
    /// Extra detail after the value.
    public var detail: String

    /// Creates a field error.
    public init(_ kind: Kind, field: String, value: String? = nil, detail: String = "") {
        self.kind = kind
        self.field = field
        self.value = value
        self.detail = detail
    }

    /// The message as kube-apiserver words it, e.g. `spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive`.
    public var description: String { "\(field): \(summary)" }

    /// The message without the field path, as the `message` of a Status cause.
    public var summary: String {
        var s = ""
        switch kind {
        case .required: s += "Required value"
        case .invalid: s += "Invalid value"
        case .notSupported: s += "Unsupported value"
        case .duplicate: s += "Duplicate value"
        case .forbidden: s += "Forbidden"
        case .tooLong: s += "Too long"
        case .tooMany: s += "Too many"
        case .typeInvalid: s += "Invalid value"
        }
        if let value { s += ": \(value)" }
        if !detail.isEmpty { s += ": \(detail)" }
        return s
    }

    /// The cause object of a `Status` (`reason`, `message`, `field`).
    public var cause: JSON {
        ["reason": .string(kind.rawValue), "message": .string(summary), "field": .string(field)]
    }
}
