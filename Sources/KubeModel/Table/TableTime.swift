// RFC 3339 timestamps read from API objects, for ages and "N (5m ago)" cells.

/// Reads the RFC 3339 timestamps Kubernetes writes (`2026-11-29T10:22:58Z`, optional fraction and offset).
enum TableTime {
    /// Seconds since the Unix epoch for a timestamp string; nil for absent, empty or malformed values.
    static func seconds(_ value: JSON) -> Double? {
        guard let s = value.stringValue else { return nil }
        return parse(s)
    }

    /// Parses an RFC 3339 timestamp (see `Timestamp.parse`).
    static func parse(_ s: String) -> Double? { Timestamp.parse(s) }

    /// Formats whole seconds since the epoch as `YYYY-MM-DDTHH:MM:SSZ` (UTC), like Go's time.RFC3339.
    static func format(_ unixSeconds: Double) -> String { Timestamp.format(unixSeconds) }

    /// The Go zero time (`0001-01-01T00:00:00Z`) as seconds since the epoch.
    static let zero: Double = Double(Timestamp.days(fromCivil: 1, 1, 1) * 86_400)
}
