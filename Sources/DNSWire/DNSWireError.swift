// Why a DNS message or name could not be read or written.

/// A malformed message, name or record, with the byte offset (for wire input) where it was found.
public enum DNSWireError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The input ended before a field was complete.
    case truncated(offset: Int, reading: String)
    /// A label longer than 63 bytes.
    case labelTooLong(offset: Int, length: Int)
    /// A name longer than 255 bytes in wire form.
    case nameTooLong(offset: Int)
    /// A length byte whose top bits are 01 or 10 (reserved label types).
    case unsupportedLabelType(offset: Int, byte: UInt8)
    /// A compression pointer that does not point strictly backwards (a loop or a forward reference).
    case badCompressionPointer(offset: Int, target: Int)
    /// Record data that does not match its type's layout.
    case badRecordData(offset: Int, type: DNSRecordType, reason: String)
    /// An OPT pseudo-record that is duplicated, outside the additional section, or not owned by the root.
    case badOPT(offset: Int, reason: String)
    /// A name in text form that cannot be a DNS name.
    case invalidName(String, reason: String)
    /// A value that cannot be encoded (too many records, a field too large).
    case unencodable(reason: String)

    /// A one-line explanation naming the place and the problem.
    public var description: String {
        switch self {
        case .truncated(let offset, let what):
            "DNS message truncated at byte \(offset) while reading \(what)"
        case .labelTooLong(let offset, let length):
            "DNS label at byte \(offset) is \(length) bytes long; the limit is 63"
        case .nameTooLong(let offset):
            "DNS name at byte \(offset) is longer than 255 bytes"
        case .unsupportedLabelType(let offset, let byte):
            "DNS label at byte \(offset) has reserved type bits (length byte \(byte))"
        case .badCompressionPointer(let offset, let target):
            "DNS compression pointer at byte \(offset) points to byte \(target), which is not strictly earlier"
        case .badRecordData(let offset, let type, let reason):
            "DNS \(type) record data at byte \(offset) is malformed: \(reason)"
        case .badOPT(let offset, let reason):
            "DNS OPT record at byte \(offset) is malformed: \(reason)"
        case .invalidName(let text, let reason):
            "'\(text)' is not a valid DNS name: \(reason)"
        case .unencodable(let reason):
            "DNS message cannot be encoded: \(reason)"
        }
    }
}
