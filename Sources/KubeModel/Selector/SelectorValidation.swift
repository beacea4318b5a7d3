// Field-error formatting with apimachinery's wording, for selector requirements.

/// Formats selector field errors the way apimachinery does; label keys and values are checked by `NameValidation`.
enum SelectorValidation {
    /// A `field.Invalid` error rendered as text: `path: Invalid value: "v": detail`.
    static func invalid(_ path: String, _ value: String, _ detail: String) -> String {
        "\(path): Invalid value: \(goQuote(value)): \(detail)"
    }

    /// Go's `%#v` of a string slice: `[]string{"a", "b"}`, or `[]string(nil)` when empty.
    static func goSlice(_ values: [String]) -> String {
        values.isEmpty ? "[]string(nil)" : "[]string{" + values.map(goQuote).joined(separator: ", ") + "}"
    }

    /// Go's `%q`: a double-quoted string with escapes for quotes, backslashes and control characters.
    static func goQuote(_ s: String) -> String {
        SchemaText.quote(s)
    }

    /// `utilerrors.NewAggregate(...).Error()`: one message alone, several as `[a, b]` (duplicates dropped).
    static func aggregate(_ messages: [String]) -> String {
        var seen: [String] = []
        for m in messages where !seen.contains(m) { seen.append(m) }
        return seen.count == 1 ? seen[0] : "[" + seen.joined(separator: ", ") + "]"
    }
}
