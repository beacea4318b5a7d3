// Reads schema keywords out of JSON, recording a field error for each keyword of the wrong JSON type.

struct SchemaDecoder {
    /// Problems found while reading keywords.
    var errors: [FieldError] = []

    mutating func invalid(_ field: String, _ value: JSON, _ detail: String) {
        errors.append(FieldError(.invalid, field: field, value: SchemaText.fieldValue(value), detail: detail))
    }

    mutating func string(_ raw: [String: JSON], _ key: String, _ path: String) -> String? {
        guard let v = raw[key], !v.isNull else { return nil }
        if let s = v.stringValue { return s }
        invalid(path + "." + key, v, "must be a string")
        return nil
    }

    mutating func bool(_ raw: [String: JSON], _ key: String, _ path: String) -> Bool? {
        guard let v = raw[key], !v.isNull else { return nil }
        if let b = v.boolValue { return b }
        invalid(path + "." + key, v, "must be a boolean")
        return nil
    }

    mutating func number(_ raw: [String: JSON], _ key: String, _ path: String) -> Double? {
        switch raw[key] {
        case nil, .null?: return nil
        case .int(let i)?: return Double(i)
        case .double(let d)?: return d
        case let v?:
            invalid(path + "." + key, v, "must be a number")
            return nil
        }
    }

    mutating func integer(_ raw: [String: JSON], _ key: String, _ path: String) -> Int64? {
        guard let v = raw[key], !v.isNull else { return nil }
        if let i = v.intValue { return i }
        invalid(path + "." + key, v, "must be an integer")
        return nil
    }

    mutating func strings(_ raw: [String: JSON], _ key: String, _ path: String) -> [String] {
        guard let v = raw[key], !v.isNull else { return [] }
        if let a = v.arrayValue, a.allSatisfy({ $0.stringValue != nil }) { return a.compactMap(\.stringValue) }
        invalid(path + "." + key, v, "must be a list of strings")
        return []
    }

    mutating func array(_ raw: [String: JSON], _ key: String, _ path: String) -> [JSON]? {
        guard let v = raw[key], !v.isNull else { return nil }
        if let a = v.arrayValue { return a }
        invalid(path + "." + key, v, "must be a list")
        return nil
    }

    mutating func object(_ raw: [String: JSON], _ key: String, _ path: String) -> [String: JSON]? {
        guard let v = raw[key], !v.isNull else { return nil }
        if let o = v.objectValue { return o }
        invalid(path + "." + key, v, "must be an object")
        return nil
    }

    mutating func schemaObject(_ value: JSON, _ path: String) -> [String: JSON]? {
        if let o = value.objectValue { return o }
        invalid(path, value, "must be a schema object")
        return nil
    }

    mutating func schemaList(_ raw: [String: JSON], _ key: String, _ path: String) -> [SchemaNode] {
        guard let list = array(raw, key, path) else { return [] }
        var out: [SchemaNode] = []
        for (i, v) in list.enumerated() {
            let p = path + ".\(key)[\(i)]"
            if let o = schemaObject(v, p) { out.append(SchemaNode(decoding: o, into: &self, path: p)) }
        }
        return out
    }
}
