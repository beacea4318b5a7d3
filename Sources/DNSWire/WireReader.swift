// A bounds-checked cursor over message bytes, including name decompression.

/// Reads big-endian fields and names from a whole message; every read is checked and throws.
struct WireReader {
    let bytes: [UInt8]
    var position: Int

    init(_ bytes: [UInt8], at position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    var remaining: Int { bytes.count - position }

    mutating func readUInt8(_ what: String) throws(DNSWireError) -> UInt8 {
        guard position < bytes.count else { throw .truncated(offset: position, reading: what) }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func readUInt16(_ what: String) throws(DNSWireError) -> UInt16 {
        guard remaining >= 2 else { throw .truncated(offset: position, reading: what) }
        defer { position += 2 }
        return UInt16(bytes[position]) << 8 | UInt16(bytes[position + 1])
    }

    mutating func readUInt32(_ what: String) throws(DNSWireError) -> UInt32 {
        guard remaining >= 4 else { throw .truncated(offset: position, reading: what) }
        defer { position += 4 }
        return bytes[position..<position + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func readBytes(_ count: Int, _ what: String) throws(DNSWireError) -> [UInt8] {
        guard count >= 0, remaining >= count else { throw .truncated(offset: position, reading: what) }
        defer { position += count }
        return Array(bytes[position..<position + count])
    }

    /// Reads a possibly compressed name and leaves the cursor after its in-place part.
    ///
    /// Loop protection: each pointer must point strictly before the place where the current run of
    /// labels began, so the sequence of jump targets strictly decreases and reading always ends.
    /// The 255-byte name limit is checked on the expanded name.
    mutating func readName() throws(DNSWireError) -> DNSName {
        let start = position
        var labels: [[UInt8]] = []
        var wireLength = 1
        var cursor = position
        var runStart = position
        var jumped = false
        while true {
            guard cursor < bytes.count else { throw .truncated(offset: cursor, reading: "name") }
            let length = bytes[cursor]
            switch length & 0xC0 {
            case 0x00:
                if length == 0 {
                    if !jumped { position = cursor + 1 }
                    return DNSName(unchecked: labels)
                }
                let count = Int(length)
                guard cursor + 1 + count <= bytes.count else {
                    throw .truncated(offset: cursor, reading: "name label")
                }
                wireLength += count + 1
                guard wireLength <= DNSName.maxWireLength else { throw .nameTooLong(offset: start) }
                labels.append(Array(bytes[cursor + 1..<cursor + 1 + count]))
                cursor += 1 + count
            case 0xC0:
                guard cursor + 1 < bytes.count else { throw .truncated(offset: cursor, reading: "name pointer") }
                let target = Int(length & 0x3F) << 8 | Int(bytes[cursor + 1])
                guard target < runStart else { throw .badCompressionPointer(offset: cursor, target: target) }
                if !jumped {
                    position = cursor + 2
                    jumped = true
                }
                runStart = target
                cursor = target
            default:
                throw .unsupportedLabelType(offset: cursor, byte: length)
            }
        }
    }
}
