// Decodes protobuf message bytes into JSON objects, driven by the ProtobufMessage schema tables.

/// Walks one buffer, turning messages into JSON members and remembering the fields it had to skip.
struct ProtobufObjectDecoder {
    let bytes: [UInt8]
    /// Fields present on the wire that the schema does not describe, as `path#number` (e.g. `spec#34`).
    private(set) var skippedFields: [String] = []

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Decodes the message `type` held in `range`; `path` is its JSON location, used for skipped fields.
    mutating func decode(
        _ type: ProtobufMessage, in range: Range<Int>, path: String
    ) throws(ProtobufError) -> [String: JSON] {
        var reader = ProtobufReader(bytes, range: range)
        var builder = Builder()
        while !reader.isAtEnd {
            let tagOffset = reader.offset
            let (number, wireType) = try reader.readTag()
            guard let field = type.fields[number] else {
                try reader.skip(wireType)
                skippedFields.append("\(path)#\(number)")
                continue
            }
            if field.repeated, case .int = field.kind, wireType == .lengthDelimited {
                // A packed repeated integer field.
                var packed = ProtobufReader(bytes, range: try reader.readLengthDelimited())
                while !packed.isAtEnd {
                    builder.lists[field.name, default: []].append(.int(Int64(bitPattern: try packed.readVarint())))
                }
                continue
            }
            guard wireType == field.kind.wireType else {
                throw .wrongWireType(
                    field: number, name: field.name.isEmpty ? "inline" : field.name, message: type.name,
                    got: wireType.rawValue, expected: field.kind.wireType.rawValue, at: tagOffset)
            }
            try decodeValue(of: field, from: &reader, into: &builder, path: path)
        }
        return builder.build()
    }

    private mutating func decodeValue(
        of field: ProtobufField, from reader: inout ProtobufReader, into builder: inout Builder, path: String
    ) throws(ProtobufError) {
        switch field.kind {
        case .int:
            let value = Int64(bitPattern: try reader.readVarint())
            builder.set(.int(value), isZero: value == 0, for: field)
            return
        case .bool:
            let value = try reader.readVarint() != 0
            builder.set(.bool(value), isZero: !value, for: field)
            return
        default:
            break
        }
        let range = try reader.readLengthDelimited()
        switch field.kind {
        case .int, .bool:
            break
        case .string:
            let value = string(range)
            builder.set(.string(value), isZero: value.isEmpty, for: field)
        case .bytes:
            builder.set(.string(ProtobufFormat.base64(bytes[range])), isZero: range.isEmpty, for: field)
        case .message(let type):
            let childPath = (path.isEmpty ? "" : path + ".") + field.name
            let indexed = field.repeated ? "\(childPath)[\(builder.lists[field.name]?.count ?? 0)]" : childPath
            builder.set(.object(try decode(type, in: range, path: indexed)), isZero: false, for: field)
        case .inline(let type):
            for (key, value) in try decode(type, in: range, path: path) { builder.members[key] = value }
        case .stringMap, .bytesMap, .quantityMap:
            let (key, value) = try mapEntry(range, kind: field.kind)
            builder.maps[field.name, default: [:]][key] = value
        case .intOrString:
            let value = try intOrString(range)
            builder.set(value, isZero: value == .int(0) || value == .string(""), for: field)
        case .quantity:
            builder.set(.string(try quantity(range)), isZero: false, for: field)
        case .time:
            // gogo writes a zero metav1.Time as an empty message; Go's JSON has null there, so leave it out.
            if range.isEmpty {
                builder.members.removeValue(forKey: field.name)
            } else {
                builder.set(.string(try time(range)), isZero: false, for: field)
            }
        case .rawJSON:
            let raw = try singleBytesField(range)
            if raw.isEmpty {
                builder.members.removeValue(forKey: field.name)
            } else {
                do throws(JSONParseError) {
                    builder.set(try JSON.parse(bytes[raw]), isZero: false, for: field)
                } catch {
                    throw ProtobufError("invalid JSON in \(field.name) at offset \(raw.lowerBound): \(error)")
                }
            }
        }
    }

    private func string(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    /// Reads a map entry {1 key, 2 value}; a missing key or value is the zero value, as in Go.
    private func mapEntry(_ range: Range<Int>, kind: ProtobufFieldKind) throws(ProtobufError) -> (String, JSON) {
        var reader = ProtobufReader(bytes, range: range)
        var key = ""
        var value: JSON
        switch kind {
        case .quantityMap: value = .string("0")
        default: value = .string("")
        }
        while !reader.isAtEnd {
            let tagOffset = reader.offset
            let (number, wireType) = try reader.readTag()
            guard number == 1 || number == 2 else { try reader.skip(wireType); continue }
            guard wireType == .lengthDelimited else {
                throw .wrongWireType(
                    field: number, name: number == 1 ? "key" : "value", message: "map entry",
                    got: wireType.rawValue, expected: 2, at: tagOffset)
            }
            let item = try reader.readLengthDelimited()
            if number == 1 {
                key = string(item)
            } else {
                switch kind {
                case .bytesMap: value = .string(ProtobufFormat.base64(bytes[item]))
                case .quantityMap: value = .string(try quantity(item))
                default: value = .string(string(item))
                }
            }
        }
        return (key, value)
    }

    /// Reads `intstr.IntOrString` {1 type (0 int, 1 string), 2 intVal, 3 strVal}.
    private func intOrString(_ range: Range<Int>) throws(ProtobufError) -> JSON {
        var reader = ProtobufReader(bytes, range: range)
        var type: UInt64 = 0
        var intVal: Int64 = 0
        var strVal = ""
        while !reader.isAtEnd {
            let (number, wireType) = try reader.readTag()
            switch (number, wireType) {
            case (1, .varint): type = try reader.readVarint()
            case (2, .varint): intVal = Int64(Int32(truncatingIfNeeded: try reader.readVarint()))
            case (3, .lengthDelimited): strVal = string(try reader.readLengthDelimited())
            default: try reader.skip(wireType)
            }
        }
        return type == 1 ? .string(strVal) : .int(intVal)
    }

    /// Reads `resource.Quantity` {1 string}; an absent string is the zero quantity "0".
    private func quantity(_ range: Range<Int>) throws(ProtobufError) -> String {
        var reader = ProtobufReader(bytes, range: range)
        var value = "0"
        while !reader.isAtEnd {
            let (number, wireType) = try reader.readTag()
            if number == 1, wireType == .lengthDelimited {
                value = string(try reader.readLengthDelimited())
            } else {
                try reader.skip(wireType)
            }
        }
        return value
    }

    /// Reads `metav1.Time` {1 seconds, 2 nanos}; like Go's decoder it keeps whole seconds only.
    private func time(_ range: Range<Int>) throws(ProtobufError) -> String {
        var reader = ProtobufReader(bytes, range: range)
        var seconds: Int64 = 0
        while !reader.isAtEnd {
            let (number, wireType) = try reader.readTag()
            if number == 1, wireType == .varint {
                seconds = Int64(bitPattern: try reader.readVarint())
            } else {
                try reader.skip(wireType)
            }
        }
        guard let text = ProtobufFormat.rfc3339(secondsSinceEpoch: seconds) else {
            throw ProtobufError("timestamp \(seconds) at offset \(range.lowerBound) is outside years 0000-9999")
        }
        return text
    }

    /// Returns the range of field 1 (bytes) of a one-field message such as FieldsV1.
    private func singleBytesField(_ range: Range<Int>) throws(ProtobufError) -> Range<Int> {
        var reader = ProtobufReader(bytes, range: range)
        var raw = range.upperBound..<range.upperBound
        while !reader.isAtEnd {
            let (number, wireType) = try reader.readTag()
            if number == 1, wireType == .lengthDelimited {
                raw = try reader.readLengthDelimited()
            } else {
                try reader.skip(wireType)
            }
        }
        return raw
    }
}

extension ProtobufObjectDecoder {
    /// Collects one object's members; repeated and map fields grow in place until `build()`.
    struct Builder {
        var members: [String: JSON] = [:]
        var lists: [String: [JSON]] = [:]
        var maps: [String: [String: JSON]] = [:]

        /// Stores a single value (last occurrence wins) or appends to a repeated field.
        mutating func set(_ value: JSON, isZero: Bool, for field: ProtobufField) {
            if field.repeated {
                lists[field.name, default: []].append(value)
            } else if isZero && !field.keepZero {
                members.removeValue(forKey: field.name)
            } else {
                members[field.name] = value
            }
        }

        /// The finished object.
        func build() -> [String: JSON] {
            var object = members
            for (name, values) in lists { object[name] = .array(values) }
            for (name, entries) in maps { object[name] = .object(entries) }
            return object
        }
    }
}
