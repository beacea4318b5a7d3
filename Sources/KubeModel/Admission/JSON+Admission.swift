// Small typed readers over JSON used by the defaulting and validation code.

extension JSON {
    /// The string member, or nil when absent or not a string.
    func admString(_ key: String) -> String? { self[key].stringValue }

    /// The string member, or "" when absent.
    func admText(_ key: String) -> String { self[key].stringValue ?? "" }

    /// The integer member, or nil.
    func admInt(_ key: String) -> Int64? { self[key].intValue }

    /// The boolean member, or nil.
    func admBool(_ key: String) -> Bool? { self[key].boolValue }

    /// The array member's elements, or [] when absent.
    func admArray(_ key: String) -> [JSON] { self[key].arrayValue ?? [] }

    /// True when the member is present and not null.
    func admHas(_ key: String) -> Bool { !self[key].isNull }

    /// The object member as a string map, or nil when absent.
    func admStringMap(_ key: String) -> [String: String]? {
        self[key].objectValue?.compactMapValues(\.stringValue)
    }

    /// The array member as strings.
    func admStrings(_ key: String) -> [String] { admArray(key).compactMap(\.stringValue) }

    /// Sets the member only when it is absent.
    mutating func admDefault(_ key: String, _ value: JSON) {
        if self[key].isNull { self[key] = value }
    }

    /// Applies `body` to each element of an array member, if present.
    mutating func admEach(_ key: String, _ body: (inout JSON) -> Void) {
        guard var items = self[key].arrayValue else { return }
        for i in items.indices { body(&items[i]) }
        self[key] = .array(items)
    }

    /// Applies `body` to an object member, if present.
    mutating func admWith(_ key: String, _ body: (inout JSON) -> Void) {
        guard self[key].objectValue != nil else { return }
        var child = self[key]
        body(&child)
        self[key] = child
    }
}
