// Text renderings Go's encoding/json uses for protobuf values: base64 bytes and RFC 3339 timestamps.

/// Formatting helpers for values whose JSON form is a string.
enum ProtobufFormat {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Standard base64 with `=` padding, as Go encodes `[]byte`.
    static func base64(_ data: some Collection<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((data.count + 2) / 3 * 4)
        var iterator = data.makeIterator()
        while let b0 = iterator.next() {
            let b1 = iterator.next()
            let b2 = iterator.next()
            let group = UInt32(b0) << 16 | UInt32(b1 ?? 0) << 8 | UInt32(b2 ?? 0)
            out.append(alphabet[Int(group >> 18 & 63)])
            out.append(alphabet[Int(group >> 12 & 63)])
            out.append(b1 == nil ? UInt8(ascii: "=") : alphabet[Int(group >> 6 & 63)])
            out.append(b2 == nil ? UInt8(ascii: "=") : alphabet[Int(group & 63)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` for a Unix time in seconds, or nil outside years 0000–9999 (which Go rejects).
    static func rfc3339(secondsSinceEpoch seconds: Int64) -> String? {
        Timestamp.format(wholeSeconds: seconds, civilYears: 0...9_999)
    }
}
