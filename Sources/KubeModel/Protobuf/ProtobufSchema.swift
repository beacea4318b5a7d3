// The table-driven schema: how each field of a Kubernetes protobuf message maps to a JSON member.

/// One message type: its name (for errors) and its fields by protobuf field number.
final class ProtobufMessage: Sendable {
    let name: String
    let fields: [Int: ProtobufField]

    init(_ name: String, _ fields: [Int: ProtobufField]) {
        self.name = name
        self.fields = fields
    }
}

/// How a field's wire value becomes JSON.
enum ProtobufFieldKind: Sendable {
    /// A string (wire type 2).
    case string
    /// A signed integer, int32 or int64 (wire type 0); int32 negatives arrive sign-extended.
    case int
    /// A boolean (wire type 0).
    case bool
    /// Raw bytes, rendered as standard padded base64 like Go's encoding/json.
    case bytes
    /// A nested message rendered as a JSON object.
    case message(ProtobufMessage)
    /// A message embedded with `json:",inline"`: its members are merged into the parent object.
    case inline(ProtobufMessage)
    /// `map<string, string>`.
    case stringMap
    /// `map<string, bytes>`, values rendered as base64.
    case bytesMap
    /// `map<string, resource.Quantity>` (a ResourceList), values rendered as quantity strings.
    case quantityMap
    /// `intstr.IntOrString` {1 type, 2 intVal, 3 strVal}, rendered as a JSON number or string.
    case intOrString
    /// `resource.Quantity` {1 string}, rendered as its string.
    case quantity
    /// `metav1.Time` {1 seconds, 2 nanos}, rendered as RFC 3339 in UTC to the second.
    case time
    /// `metav1.FieldsV1` {1 raw}, whose bytes are JSON text embedded as-is.
    case rawJSON

    /// The wire type a value of this kind must arrive with (before any packing).
    var wireType: ProtobufWireType {
        switch self {
        case .int, .bool: return .varint
        default: return .lengthDelimited
        }
    }
}

/// One field: JSON member name, kind, whether it repeats, and whether a zero value is still emitted.
///
/// `keepZero` mirrors the Go struct tag: fields that are pointers, or lack `omitempty`, appear in
/// JSON even when zero; the rest (which gogo-protobuf always encodes, even as "" or 0) are dropped.
struct ProtobufField: Sendable {
    let name: String
    let kind: ProtobufFieldKind
    let repeated: Bool
    let keepZero: Bool
}

extension ProtobufField {
    static func string(_ name: String, keep: Bool = false) -> ProtobufField {
        ProtobufField(name: name, kind: .string, repeated: false, keepZero: keep)
    }
    static func strings(_ name: String) -> ProtobufField {
        ProtobufField(name: name, kind: .string, repeated: true, keepZero: true)
    }
    static func int(_ name: String, keep: Bool = false) -> ProtobufField {
        ProtobufField(name: name, kind: .int, repeated: false, keepZero: keep)
    }
    static func ints(_ name: String) -> ProtobufField {
        ProtobufField(name: name, kind: .int, repeated: true, keepZero: true)
    }
    static func bool(_ name: String, keep: Bool = false) -> ProtobufField {
        ProtobufField(name: name, kind: .bool, repeated: false, keepZero: keep)
    }
    static func message(_ name: String, _ type: ProtobufMessage) -> ProtobufField {
        ProtobufField(name: name, kind: .message(type), repeated: false, keepZero: true)
    }
    static func messages(_ name: String, _ type: ProtobufMessage) -> ProtobufField {
        ProtobufField(name: name, kind: .message(type), repeated: true, keepZero: true)
    }
    static func inline(_ type: ProtobufMessage) -> ProtobufField {
        ProtobufField(name: "", kind: .inline(type), repeated: false, keepZero: true)
    }
    static func stringMap(_ name: String) -> ProtobufField {
        ProtobufField(name: name, kind: .stringMap, repeated: false, keepZero: false)
    }
    static func bytesMap(_ name: String) -> ProtobufField {
        ProtobufField(name: name, kind: .bytesMap, repeated: false, keepZero: false)
    }
    static func quantityMap(_ name: String) -> ProtobufField {
        ProtobufField(name: name, kind: .quantityMap, repeated: false, keepZero: false)
    }
    static func intOrString(_ name: String, keep: Bool = false) -> ProtobufField {
        ProtobufField(name: name, kind: .intOrString, repeated: false, keepZero: keep)
    }
    static func quantity(_ name: String, keep: Bool = false) -> ProtobufField {
        ProtobufField(name: name, kind: .quantity, repeated: false, keepZero: keep)
    }
    static func time(_ name: String, keep: Bool = false) -> ProtobufField {
        ProtobufField(name: name, kind: .time, repeated: false, keepZero: keep)
    }
    static func rawJSON(_ name: String, keep: Bool = false) -> ProtobufField {
        ProtobufField(name: name, kind: .rawJSON, repeated: false, keepZero: keep)
    }
}
