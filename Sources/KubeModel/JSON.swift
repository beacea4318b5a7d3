// KubeModel: Kubernetes API objects as values — JSON documents, metadata, selectors, patches,
// tables and codecs. No I/O; everything here is pure and unit-tested.

/// A JSON document: the representation of every API object the server stores and serves.
public enum JSON: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSON])
    case object([String: JSON])
}

extension JSON {
    /// The members of an object, or nil.
    public var objectValue: [String: JSON]? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// The elements of an array, or nil.
    public var arrayValue: [JSON]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The string, or nil.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The value as an integer (integral doubles included), or nil.
    public var intValue: Int64? {
        switch self {
        case .int(let i): return i
        case .double(let d) where d.rounded() == d && abs(d) < 9.0e15: return Int64(d)
        default: return nil
        }
    }

    /// The boolean, or nil.
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// True for `.null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The JSON type name as OpenAPI spells it ("object", "array", "string", "integer", "number", "boolean", "null").
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .int: return "integer"
        case .double: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    /// Member lookup on objects; `.null` for anything else or a missing key.
    public subscript(key: String) -> JSON {
        get { objectValue?[key] ?? .null }
        set {
            var o = objectValue ?? [:]
            if newValue.isNull { o.removeValue(forKey: key) } else { o[key] = newValue }
            self = .object(o)
        }
    }

    /// Walks a path of object keys; `.null` when any step is missing.
    public subscript(path: [String]) -> JSON {
        get {
            var cur = self
            for k in path { cur = cur[k] }
            return cur
        }
        set {
            guard let first = path.first else { self = newValue; return }
            if path.count == 1 { self[first] = newValue; return }
            var child = self[first]
            if newValue.isNull && child.objectValue == nil { return }
            child[Array(path.dropFirst())] = newValue
            self[first] = child
        }
    }
}

extension JSON: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral, ExpressibleByFloatLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSON...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSON)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, b in b }))
    }
    public init(nilLiteral: ()) { self = .null }
    public init(floatLiteral value: Double) { self = .double(value) }
}
