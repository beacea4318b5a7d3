// One level of a CRD's openAPIV3Schema, decoded into typed keywords shared by validation, pruning and defaulting.

/// `additionalProperties`: either a plain allow/deny or a schema for every extra key.
enum SchemaAdditional: Sendable {
    case allows(Bool)
    case schema(SchemaNode)

    var schema: SchemaNode? {
        if case .schema(let s) = self { return s }
        return nil
    }

    var allows: Bool {
        if case .allows(let b) = self { return b }
        return true
    }
}

/// An immutable schema level. Value-validation branches (allOf, anyOf, oneOf, not) use the same shape.
final class SchemaNode: Sendable {
    let raw: [String: JSON]
    /// The declared `type`, or "" when absent.
    let type: String
    /// The types a value may have: `type`, or integer and string for `x-kubernetes-int-or-string`.
    let types: [String]
    /// The format as written when kube-apiserver validates it, else "".
    let format: String
    let description: String?
    let nullable: Bool
    /// The default value (an explicit JSON null counts as no default, as upstream).
    let defaultValue: JSON?
    let properties: [String: SchemaNode]
    /// Property names in sorted order, for deterministic traversal.
    let propertyNames: [String]
    let additional: SchemaAdditional?
    let items: SchemaNode?
    let required: [String]
    let enumValues: [JSON]?
    let pattern: String?
    let minimum: Double?
    let maximum: Double?
    let exclusiveMinimum: Bool
    let exclusiveMaximum: Bool
    let multipleOf: Double?
    let minLength: Int64?
    let maxLength: Int64?
    let minItems: Int64?
    let maxItems: Int64?
    let minProperties: Int64?
    let maxProperties: Int64?
    let uniqueItems: Bool
    let preserveUnknownFields: Bool
    let intOrString: Bool
    let embeddedResource: Bool
    let listType: String?
    let listMapKeys: [String]
    let mapType: String?
    let allOf: [SchemaNode]
    let anyOf: [SchemaNode]
    let oneOf: [SchemaNode]
    let not: SchemaNode?

    init(decoding raw: [String: JSON], into decoder: inout SchemaDecoder, path: String) {
        self.raw = raw
        type = decoder.string(raw, "type", path) ?? ""
        intOrString = decoder.bool(raw, "x-kubernetes-int-or-string", path) ?? false
        types = intOrString ? ["integer", "string"] : (type.isEmpty ? [] : [type])
        format = SchemaFormats.supportedName(decoder.string(raw, "format", path) ?? "")
        description = decoder.string(raw, "description", path)
        nullable = decoder.bool(raw, "nullable", path) ?? false
        defaultValue = raw["default"].flatMap(SchemaText.present)
        required = decoder.strings(raw, "required", path)
        enumValues = decoder.array(raw, "enum", path)
        pattern = decoder.string(raw, "pattern", path)
        minimum = decoder.number(raw, "minimum", path)
        maximum = decoder.number(raw, "maximum", path)
        exclusiveMinimum = decoder.bool(raw, "exclusiveMinimum", path) ?? false
        exclusiveMaximum = decoder.bool(raw, "exclusiveMaximum", path) ?? false
        multipleOf = decoder.number(raw, "multipleOf", path)
        minLength = decoder.integer(raw, "minLength", path)
        maxLength = decoder.integer(raw, "maxLength", path)
        minItems = decoder.integer(raw, "minItems", path)
        maxItems = decoder.integer(raw, "maxItems", path)
        minProperties = decoder.integer(raw, "minProperties", path)
        maxProperties = decoder.integer(raw, "maxProperties", path)
        uniqueItems = decoder.bool(raw, "uniqueItems", path) ?? false
        preserveUnknownFields = decoder.bool(raw, "x-kubernetes-preserve-unknown-fields", path) ?? false
        embeddedResource = decoder.bool(raw, "x-kubernetes-embedded-resource", path) ?? false
        listType = decoder.string(raw, "x-kubernetes-list-type", path)
        listMapKeys = decoder.strings(raw, "x-kubernetes-list-map-keys", path)
        mapType = decoder.string(raw, "x-kubernetes-map-type", path)

        var props: [String: SchemaNode] = [:]
        for (name, value) in decoder.object(raw, "properties", path) ?? [:] {
            if let o = decoder.schemaObject(value, path + ".properties[\(name)]") {
                props[name] = SchemaNode(decoding: o, into: &decoder, path: path + ".properties[\(name)]")
            }
        }
        properties = props
        propertyNames = props.keys.sorted()

        switch raw["additionalProperties"] {
        case nil, .null?: additional = nil
        case .bool(let b)?: additional = .allows(b)
        case .object(let o)?:
            additional = .schema(SchemaNode(decoding: o, into: &decoder, path: path + ".additionalProperties"))
        case let other?:
            decoder.invalid(path + ".additionalProperties", other, "must be a boolean or a schema")
            additional = nil
        }

        switch raw["items"] {
        case .object(let o)?: items = SchemaNode(decoding: o, into: &decoder, path: path + ".items")
        default: items = nil
        }

        allOf = decoder.schemaList(raw, "allOf", path)
        anyOf = decoder.schemaList(raw, "anyOf", path)
        oneOf = decoder.schemaList(raw, "oneOf", path)
        if let o = raw["not"]?.objectValue {
            not = SchemaNode(decoding: o, into: &decoder, path: path + ".not")
        } else {
            not = nil
        }
    }

    /// The schema that applies to member `key` of an object, if any.
    func schema(forMember key: String) -> SchemaNode? {
        properties[key] ?? additional?.schema
    }
}
