// Fills `default` values into absent fields and non-nullable nulls, recursively, as apiextensions defaulting does.

enum SchemaDefaulter {
    static func isNonNullableNull(_ x: JSON?, _ s: SchemaNode?) -> Bool {
        guard let x, let s else { return false }
        return x.isNull && !s.nullable
    }

    static func apply(_ x: JSON, _ s: SchemaNode?) -> JSON {
        guard let s else { return x }
        switch x {
        case .object(var members):
            for k in s.propertyNames {
                let prop = s.properties[k]!
                guard let value = prop.defaultValue else { continue }
                if members[k] == nil || isNonNullableNull(members[k], prop) { members[k] = value }
            }
            for k in members.keys.sorted() {
                if let prop = s.properties[k] {
                    members[k] = apply(members[k]!, prop)
                } else if let extra = s.additional {
                    let schema = extra.schema
                    if isNonNullableNull(members[k], schema) { members[k] = schema?.defaultValue ?? .null }
                    members[k] = apply(members[k]!, schema)
                }
            }
            return .object(members)
        case .array(var items):
            for i in items.indices {
                if isNonNullableNull(items[i], s.items) { items[i] = s.items?.defaultValue ?? .null }
                items[i] = apply(items[i], s.items)
            }
            return .array(items)
        default:
            return x
        }
    }
}
