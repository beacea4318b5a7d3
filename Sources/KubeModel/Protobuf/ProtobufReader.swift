// A minimal reader for the protobuf wire format: tags, varints, fixed-width and length-delimited values.

/// The protobuf wire types; groups (3 and 4) are recognised only to be rejected.
enum ProtobufWireType: Int, Sendable {
    case varint = 0
    case fixed64 = 1
    case lengthDelimited = 2
    case startGroup = 3
    case endGroup = 4
    case fixed32 = 5
}

/// Reads protobuf values from a byte range of a shared buffer; offsets are absolute into that buffer.
struct ProtobufReader {
    let bytes: [UInt8]
    private(set) var offset: Int
    let end: Int

    /// A reader over `range` of `bytes`.
    init(_ bytes: [UInt8], range: Range<Int>) {
        self.bytes = bytes
        self.offset = range.lowerBound
        self.end = range.upperBound
    }

    /// True once every byte of the range has been consumed.
    var isAtEnd: Bool { offset >= end }

    /// Reads a base-128 varint of at most 10 bytes.
    mutating func readVarint() throws(ProtobufError) -> UInt64 {
        let start = offset
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard shift < 70 else { throw .varintTooLong(at: start) }
            guard offset < end else { throw .truncatedVarint(at: start) }
            let byte = bytes[offset]
            offset += 1
            // Bits beyond the 64th (from a 10th byte) are discarded, as Go's decoder does.
            if shift < 64 { result |= UInt64(byte & 0x7F) << shift }
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    /// Reads a field tag: the field number (1 through 2^29-1) and the wire type.
    mutating func readTag() throws(ProtobufError) -> (number: Int, wireType: ProtobufWireType) {
        let start = offset
        let tag = try readVarint()
        let number = tag >> 3
        guard number >= 1, number < (1 << 29) else { throw .invalidFieldNumber(number, at: start) }
        guard let wireType = ProtobufWireType(rawValue: Int(tag & 7)),
            wireType != .startGroup, wireType != .endGroup
        else { throw .unsupportedWireType(Int(tag & 7), at: start) }
        return (Int(number), wireType)
    }

    /// Reads a length prefix and returns the range of the value's bytes, moving past them.
    mutating func readLengthDelimited() throws(ProtobufError) -> Range<Int> {
        let start = offset
        let length = try readVarint()
        let available = end - offset
        guard length <= UInt64(available) else {
            throw .truncated("length-delimited value", needed: Int(clamping: length), at: start, available: available)
        }
        let range = offset..<(offset + Int(length))
        offset = range.upperBound
        return range
    }

    /// Reads `count` little-endian bytes (4 or 8) as an unsigned integer.
    mutating func readFixed(_ count: Int) throws(ProtobufError) -> UInt64 {
        guard end - offset >= count else {
            throw .truncated("fixed\(count * 8) value", needed: count, at: offset, available: end - offset)
        }
        var value: UInt64 = 0
        for i in 0..<count { value |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
        offset += count
        return value
    }

    /// Moves past one value of the given wire type without interpreting it.
    mutating func skip(_ wireType: ProtobufWireType) throws(ProtobufError) {
        switch wireType {
        case .varint: _ = try readVarint()
        case .fixed64: _ = try readFixed(8)
        case .fixed32: _ = try readFixed(4)
        case .lengthDelimited: _ = try readLengthDelimited()
        case .startGroup, .endGroup: throw .unsupportedWireType(wireType.rawValue, at: offset)
        }
    }
}
