// An accumulator of field errors with constructors mirroring upstream's field.Required/Invalid/NotSupported/….

struct AdmissionErrors {
    var list: [FieldError] = []

    var isEmpty: Bool { list.isEmpty }

    mutating func required(_ field: String, _ detail: String = "") {
        list.append(FieldError(.required, field: field, detail: detail))
    }

    /// An invalid value; `value` is already rendered (use ``AdmissionGoFormat``).
    mutating func invalid(_ field: String, _ value: String, _ detail: String) {
        list.append(FieldError(.invalid, field: field, value: value, detail: detail))
    }

    /// An invalid string value.
    mutating func invalid(_ field: String, string value: String, _ detail: String) {
        invalid(field, AdmissionGoFormat.quote(value), detail)
    }

    /// An invalid integer value.
    mutating func invalid(_ field: String, int value: Int64, _ detail: String) {
        invalid(field, String(value), detail)
    }

    /// One invalid-value error per message, all about the same string.
    mutating func invalid(_ field: String, string value: String, messages: [String]) {
        for m in messages { invalid(field, string: value, m) }
    }

    mutating func notSupported(_ field: String, _ value: String, _ supported: [String]) {
        let detail = supported.isEmpty ? "" : "supported values: " + supported.map(AdmissionGoFormat.quote).joined(separator: ", ")
        list.append(FieldError(.notSupported, field: field, value: AdmissionGoFormat.quote(value), detail: detail))
    }

    mutating func duplicate(_ field: String, _ value: String) {
        list.append(FieldError(.duplicate, field: field, value: value))
    }

    mutating func forbidden(_ field: String, _ detail: String) {
        list.append(FieldError(.forbidden, field: field, detail: detail))
    }

    mutating func tooLong(_ field: String, max: Int) {
        list.append(FieldError(.tooLong, field: field, detail: "may not be more than \(max) bytes"))
    }

    /// A reference to something that does not exist (upstream's field.NotFound).
    mutating func notFound(_ field: String, _ value: String) {
        list.append(FieldError(.invalid, field: field, value: AdmissionGoFormat.quote(value), detail: "not found"))
    }

    /// `field is immutable` unless the two values are equal.
    mutating func immutable(_ field: String, new: JSON, old: JSON, render: (JSON) -> String = AdmissionGoFormat.scalar) {
        if new != old { invalid(field, render(new), "field is immutable") }
    }

    /// A non-negative integer check (upstream's ValidateNonnegativeField).
    mutating func nonNegative(_ field: String, _ value: Int64?) {
        if let value, value < 0 { invalid(field, int: value, "must be greater than or equal to 0") }
    }

    static func += (lhs: inout AdmissionErrors, rhs: AdmissionErrors) { lhs.list += rhs.list }
}
