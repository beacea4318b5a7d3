// An append-only message buffer that compresses names by pointing at earlier occurrences.

/// Appends big-endian fields and names; remembers where each name suffix was written.
struct WireWriter {
    private(set) var bytes: [UInt8] = []
    /// Wire form of a name suffix (exact case) → offset of its first occurrence.
    private var suffixOffsets: [[UInt8]: Int] = [:]

    /// Offsets at or above this cannot be expressed in a 14-bit pointer.
    private static let pointerLimit = 0x4000

    init() { bytes.reserveCapacity(512) }

    var count: Int { bytes.count }

    mutating func writeUInt8(_ value: UInt8) { bytes.append(value) }

    mutating func writeUInt16(_ value: UInt16) {
        bytes.append(UInt8(value >> 8))
        bytes.append(UInt8(value & 0xFF))
    }

    mutating func writeUInt32(_ value: UInt32) {
        for shift in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8(value >> UInt32(shift) & 0xFF)) }
    }

    mutating func writeBytes(_ data: [UInt8]) { bytes.append(contentsOf: data) }

    /// Overwrites two bytes written earlier (used to fill in RDLENGTH).
    mutating func patchUInt16(_ value: UInt16, at offset: Int) {
        bytes[offset] = UInt8(value >> 8)
        bytes[offset + 1] = UInt8(value & 0xFF)
    }

    /// Writes `name`; with `compress`, the longest suffix seen before becomes a pointer.
    ///
    /// Suffixes are matched byte for byte (case included) so a pointer never changes the case a
    /// reader sees. Every suffix written is remembered, even when this name was not compressed.
    mutating func writeName(_ name: DNSName, compress: Bool) {
        let labels = name.labels
        var keys: [[UInt8]] = []
        var suffix: [UInt8] = [0]
        for label in labels.reversed() {
            suffix = [UInt8(label.count)] + label + suffix
            keys.append(suffix)
        }
        keys.reverse()
        for index in labels.indices {
            if compress, let offset = suffixOffsets[keys[index]] {
                writeUInt16(0xC000 | UInt16(offset))
                return
            }
            if bytes.count < Self.pointerLimit, suffixOffsets[keys[index]] == nil {
                suffixOffsets[keys[index]] = bytes.count
            }
            bytes.append(UInt8(labels[index].count))
            bytes.append(contentsOf: labels[index])
        }
        bytes.append(0)
    }
}
