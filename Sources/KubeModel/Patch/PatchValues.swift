// Value helpers shared by the patch implementations: semantic equality and message rendering.

/// Comparisons and renderings of JSON values used while patching.
enum PatchValues {
    /// JSON equality in which numbers compare by value (so `1` equals `1.0`) and objects ignore key order.
    static func equal(_ a: JSON, _ b: JSON) -> Bool {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x == y
        case (.int(let x), .double(let y)), (.double(let y), .int(let x)): return Double(x) == y
        case (.double(let x), .double(let y)): return x == y
        case (.array(let x), .array(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        case (.object(let x), .object(let y)):
            guard x.count == y.count else { return false }
            for (k, v) in x {
                guard let w = y[k], equal(v, w) else { return false }
            }
            return true
        default: return a == b
        }
    }

    /// The value as compact JSON text, for error messages.
    static func render(_ value: JSON) -> String { value.text }

    /// An object as compact JSON text, for error messages.
    static func render(_ object: [String: JSON]) -> String { JSON.object(object).text }

    /// A coarse type used to check that list elements agree: numbers of either representation are one kind.
    static func kind(_ value: JSON) -> String {
        switch value {
        case .int, .double: return "number"
        default: return value.typeName
        }
    }
}
