// Decoding of `application/vnd.kubernetes.protobuf` request bodies (as kubectl's typed clients send) into JSON.

/// Turns a Kubernetes protobuf envelope ("k8s\0" + runtime.Unknown) into the JSON object it encodes.
///
/// The JSON matches what Go's encoding/json makes of the same object: zero values of `omitempty`
/// fields are dropped (kubectl encodes every "" and 0), pointer fields keep zeros, nested structs
/// that are present stay as objects even when empty (so a Namespace has `"spec":{}`), zero
/// timestamps are left out (Go writes `null`), and a zero `IntOrString` in an `omitempty` field is
/// left out so that server-side defaulting sees it as unset.
public enum KubeProtobuf {
    /// The media type of Kubernetes protobuf bodies.
    public static let mediaType = "application/vnd.kubernetes.protobuf"

    /// The magic prefix of every envelope: "k8s\0".
    static let magic: [UInt8] = [0x6B, 0x38, 0x73, 0x00]

    /// A decoded envelope together with what the schema could not represent.
    public struct DecodedObject: Sendable, Equatable {
        /// The object as JSON, with "apiVersion" and "kind" filled from the envelope.
        public var object: JSON
        /// The envelope's apiVersion, e.g. "apps/v1".
        public var apiVersion: String
        /// The envelope's kind, e.g. "Deployment".
        public var kind: String
        /// False when the kind has no schema; then only apiVersion, kind and metadata were decoded.
        public var isKnownKind: Bool
        /// Wire fields left out of `object` because the schema lacks them, as `jsonPath#fieldNumber`.
        public var skippedFields: [String]
    }

    /// True when `bytes` starts with the envelope's magic prefix.
    public static func isEnvelope(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.starts(with: magic)
    }

    /// True when objects of this apiVersion and kind are decoded completely.
    public static func supports(apiVersion: String, kind: String) -> Bool {
        ProtobufMessage.topLevel(apiVersion: apiVersion, kind: kind) != nil
    }

    /// Decodes an envelope into its JSON object; throws for malformed input and for kinds without a schema.
    public static func decode(_ bytes: [UInt8]) throws(ProtobufError) -> JSON {
        let decoded = try decodeObject(bytes)
        guard decoded.isKnownKind else { throw .unsupportedKind(decoded.kind, version: decoded.apiVersion) }
        return decoded.object
    }

    /// Decodes an envelope; kinds without a schema yield only apiVersion, kind and metadata.
    public static func decodeObject(_ bytes: [UInt8]) throws(ProtobufError) -> DecodedObject {
        guard isEnvelope(bytes) else { throw .badMagic }
        let envelope = try Envelope(bytes)
        guard !envelope.kind.isEmpty else { throw ProtobufError("the envelope carries no kind") }
        guard envelope.contentEncoding.isEmpty else {
            throw ProtobufError("unsupported content encoding \"\(envelope.contentEncoding)\" in the envelope")
        }
        guard envelope.contentType.isEmpty || envelope.contentType == mediaType else {
            throw ProtobufError("unsupported content type \"\(envelope.contentType)\" in the envelope")
        }
        let known = ProtobufMessage.topLevel(apiVersion: envelope.apiVersion, kind: envelope.kind)
        var decoder = ProtobufObjectDecoder(bytes)
        var object = try decoder.decode(known ?? .unknownObject, in: envelope.raw, path: "")
        object["apiVersion"] = .string(envelope.apiVersion)
        object["kind"] = .string(envelope.kind)
        return DecodedObject(
            object: .object(object), apiVersion: envelope.apiVersion, kind: envelope.kind,
            isKnownKind: known != nil, skippedFields: decoder.skippedFields)
    }
}

extension KubeProtobuf {
    /// The `runtime.Unknown` wrapper: {1 TypeMeta{1 apiVersion, 2 kind}, 2 raw, 3 contentEncoding, 4 contentType}.
    struct Envelope {
        var apiVersion = ""
        var kind = ""
        var raw: Range<Int>
        var contentEncoding = ""
        var contentType = ""

        init(_ bytes: [UInt8]) throws(ProtobufError) {
            raw = bytes.count..<bytes.count
            var reader = ProtobufReader(bytes, range: magic.count..<bytes.count)
            while !reader.isAtEnd {
                let tagOffset = reader.offset
                let (number, wireType) = try reader.readTag()
                guard (1...4).contains(number) else { try reader.skip(wireType); continue }
                guard wireType == .lengthDelimited else {
                    throw .wrongWireType(
                        field: number, name: ["typeMeta", "raw", "contentEncoding", "contentType"][number - 1],
                        message: "runtime.Unknown", got: wireType.rawValue, expected: 2, at: tagOffset)
                }
                let value = try reader.readLengthDelimited()
                switch number {
                case 1: try readTypeMeta(bytes, value)
                case 2: raw = value
                case 3: contentEncoding = String(decoding: bytes[value], as: UTF8.self)
                default: contentType = String(decoding: bytes[value], as: UTF8.self)
                }
            }
        }

        private mutating func readTypeMeta(_ bytes: [UInt8], _ range: Range<Int>) throws(ProtobufError) {
            var reader = ProtobufReader(bytes, range: range)
            while !reader.isAtEnd {
                let tagOffset = reader.offset
                let (number, wireType) = try reader.readTag()
                guard number == 1 || number == 2 else { try reader.skip(wireType); continue }
                guard wireType == .lengthDelimited else {
                    throw .wrongWireType(
                        field: number, name: number == 1 ? "apiVersion" : "kind", message: "runtime.TypeMeta",
                        got: wireType.rawValue, expected: 2, at: tagOffset)
                }
                let text = String(decoding: bytes[try reader.readLengthDelimited()], as: UTF8.self)
                if number == 1 { apiVersion = text } else { kind = text }
            }
        }
    }
}
