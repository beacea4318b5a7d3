// The error thrown when a Kubernetes protobuf body cannot be decoded.

/// Why a Kubernetes protobuf body could not be decoded; `message` says what and where.
public struct ProtobufError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A human-readable explanation, with the byte offset when one applies.
    public var message: String

    /// Creates an error with the given explanation.
    public init(_ message: String) { self.message = message }

    /// The explanation, as printed.
    public var description: String { message }
}

extension ProtobufError {
    static let badMagic = ProtobufError(
        "not a Kubernetes protobuf envelope: the body does not start with the magic bytes \"k8s\\0\"")

    static func truncatedVarint(at offset: Int) -> ProtobufError {
        ProtobufError("truncated varint at offset \(offset)")
    }

    static func varintTooLong(at offset: Int) -> ProtobufError {
        ProtobufError("varint longer than 10 bytes at offset \(offset)")
    }

    static func truncated(_ what: String, needed: Int, at offset: Int, available: Int) -> ProtobufError {
        ProtobufError("truncated \(what) at offset \(offset): needs \(needed) bytes, \(available) left")
    }

    static func unsupportedWireType(_ wireType: Int, at offset: Int) -> ProtobufError {
        ProtobufError("unsupported wire type \(wireType) at offset \(offset)")
    }

    static func invalidFieldNumber(_ number: UInt64, at offset: Int) -> ProtobufError {
        ProtobufError("invalid field number \(number) at offset \(offset)")
    }

    static func wrongWireType(
        field: Int, name: String, message: String, got: Int, expected: Int, at offset: Int
    ) -> ProtobufError {
        ProtobufError(
            "field \(field) (\(name)) of \(message) has wire type \(got), expected \(expected), at offset \(offset)")
    }

    static func unsupportedKind(_ kind: String, version: String) -> ProtobufError {
        ProtobufError("unsupported kind \"\(kind)\" in version \"\(version)\"")
    }
}
