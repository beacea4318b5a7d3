// Standard base64 encoding and decoded-size arithmetic for Secret and ConfigMap binary data.

enum AdmissionBase64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Standard, padded base64 of `bytes`.
    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i < bytes.count {
            let b0 = bytes[i], b1 = i + 1 < bytes.count ? bytes[i + 1] : 0, b2 = i + 2 < bytes.count ? bytes[i + 2] : 0
            out.append(alphabet[Int(b0 >> 2)])
            out.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            out.append(i + 1 < bytes.count ? alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            out.append(i + 2 < bytes.count ? alphabet[Int(b2 & 0x3F)] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// How many bytes `text` decodes to (padding and whitespace ignored).
    static func decodedLength(_ text: String) -> Int {
        let n = text.utf8.filter { $0 != UInt8(ascii: "=") && $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }.count
        return n / 4 * 3 + max(0, n % 4 - 1)
    }
}
