// The structural-schema invariants kube-apiserver enforces on CRD schemas, with upstream's wording.

enum SchemaLevel { case root, item, field }

enum SchemaChecks {
    static func required(_ f: String, _ d: String) -> FieldError { FieldError(.required, field: f, detail: d) }
    static func forbidden(_ f: String, _ d: String) -> FieldError { FieldError(.forbidden, field: f, detail: d) }
    static func invalid(_ f: String, _ v: String, _ d: String) -> FieldError {
        FieldError(.invalid, field: f, value: SchemaText.quote(v), detail: d)
    }

    static func invariants(_ s: SchemaNode, _ level: SchemaLevel, _ path: String) -> [FieldError] {
        var errs: [FieldError] = []
        if s.type == "array" && s.items == nil { errs.append(required(path + ".items", "must be specified")) }
        if let items = s.items { errs += invariants(items, .item, path + ".items") }
        for k in s.propertyNames { errs += invariants(s.properties[k]!, .field, path + ".properties[\(k)]") }
        if let extra = s.additional {
            if level == .root { errs.append(forbidden(path + ".additionalProperties", "must not be used at the root")) }
            if let schema = extra.schema { errs += invariants(schema, .field, path + ".additionalProperties") }
        }
        if s.intOrString && s.preserveUnknownFields {
            errs.append(
                FieldError(
                    .invalid, field: path + ".x-kubernetes-preserve-unknown-fields", value: "true",
                    detail: "must be false if x-kubernetes-int-or-string is true"))
        }
        if s.intOrString && s.embeddedResource {
            errs.append(
                FieldError(
                    .invalid, field: path + ".x-kubernetes-embedded-resource", value: "true",
                    detail: "must be false if x-kubernetes-int-or-string is true"))
        }
        errs += valueValidation(
            s, skipAnyOf: isIntOrStringAnyOf(s.anyOf),
            skipFirstAllOfAnyOf: s.allOf.first.map { isIntOrStringAnyOf($0.anyOf) } ?? false, path)

        let checkMetadata = level == .root || s.embeddedResource
        if s.embeddedResource && s.type != "object" {
            let detail = "must be object if x-kubernetes-embedded-resource is true"
            errs.append(s.type.isEmpty ? required(path + ".type", detail) : invalid(path + ".type", s.type, detail))
        } else if s.type.isEmpty && !s.intOrString && !s.preserveUnknownFields {
            switch level {
            case .root: errs.append(required(path + ".type", "must not be empty at the root"))
            case .item: errs.append(required(path + ".type", "must not be empty for specified array items"))
            case .field: errs.append(required(path + ".type", "must not be empty for specified object fields"))
            }
        }
        if s.embeddedResource && s.additional != nil {
            errs.append(
                forbidden(path + ".additionalProperties", "must not be used if x-kubernetes-embedded-resource is set"))
        }
        if level == .root && !s.type.isEmpty && s.type != "object" {
            errs.append(invalid(path + ".type", s.type, "must be object at the root"))
        }
        for name in ["kind", "apiVersion"] where checkMetadata {
            if let p = s.properties[name], p.type != "string" {
                errs.append(invalid(path + ".properties[\(name)].type", p.type, "must be string"))
            }
        }
        if let meta = s.properties["metadata"] {
            let metaPath = path + ".properties[metadata]"
            if checkMetadata && meta.type != "object" {
                errs.append(invalid(metaPath + ".type", meta.type, "must be object"))
            }
            if level == .root && !isPlainRootMetadata(meta) {
                errs.append(
                    forbidden(
                        metaPath,
                        "must not specify anything other than name and generateName, but metadata is implicitly specified"
                    ))
            }
        }
        if s.embeddedResource && !s.preserveUnknownFields && s.properties.isEmpty {
            errs.append(
                required(
                    path + ".properties",
                    "must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields"
                ))
        }
        return errs
    }

    /// Root metadata may only carry a type, a default and schemas for name and generateName.
    static func isPlainRootMetadata(_ meta: SchemaNode) -> Bool {
        for (key, value) in meta.raw {
            switch (key, value) {
            case ("type", _), ("default", _), (_, .null), (_, .bool(false)), (_, .string("")): continue
            case ("properties", .object(let props)):
                if props.isEmpty || !Set(props.keys).isSubset(of: ["name", "generateName"]) { return false }
            default: return false
            }
        }
        return true
    }

    /// `anyOf: [{type: integer}, {type: string}]`, the value validation allowed for int-or-string.
    static func isIntOrStringAnyOf(_ anyOf: [SchemaNode]) -> Bool {
        anyOf.count == 2 && anyOf[0].raw == ["type": "integer"] && anyOf[1].raw == ["type": "string"]
    }

    static func valueValidation(_ v: SchemaNode, skipAnyOf: Bool, skipFirstAllOfAnyOf: Bool, _ path: String)
        -> [FieldError]
    {
        var errs: [FieldError] = []
        if !skipAnyOf {
            for (i, b) in v.anyOf.enumerated() { errs += nested(b, skipAnyOf: false, path + ".anyOf[\(i)]") }
        }
        for (i, b) in v.allOf.enumerated() {
            errs += nested(b, skipAnyOf: skipFirstAllOfAnyOf && i == 0, path + ".allOf[\(i)]")
        }
        for (i, b) in v.oneOf.enumerated() { errs += nested(b, skipAnyOf: false, path + ".oneOf[\(i)]") }
        if let not = v.not { errs += nested(not, skipAnyOf: false, path + ".not") }
        if let pattern = v.pattern {
            do { _ = try RE2Pattern(pattern) } catch {
                errs.append(
                    invalid(path + ".pattern", pattern, "must be a valid regular expression, but isn't: \(error)"))
            }
        }
        return errs
    }

    /// Keywords a value-validation branch must not carry, with how upstream says so.
    static let nestedForbidden: [(String, String)] = [
        ("type", "must be empty"), ("additionalProperties", "must be undefined"), ("default", "must be undefined"),
        ("title", "must be empty"), ("description", "must be empty"), ("nullable", "must be false"),
        ("externalDocs", "must be undefined"), ("x-kubernetes-preserve-unknown-fields", "must be false"),
        ("x-kubernetes-embedded-resource", "must be false"), ("x-kubernetes-int-or-string", "must be false"),
        ("x-kubernetes-list-map-keys", "must be empty"), ("x-kubernetes-list-type", "must be undefined"),
        ("x-kubernetes-map-type", "must be undefined"), ("x-kubernetes-validations", "must be empty"),
    ]

    /// Whether a keyword counts as given, by Go's zero-value rules for its field (false, "" and [] do not count;
    /// any value of a pointer-typed keyword does).
    static func isSet(_ value: JSON?, _ key: String) -> Bool {
        switch value {
        case nil, .null?: return false
        case .bool(let b)?:
            return b || ["additionalProperties", "x-kubernetes-list-type", "x-kubernetes-map-type"].contains(key)
        case .string(let t)?: return !t.isEmpty || ["x-kubernetes-list-type", "x-kubernetes-map-type"].contains(key)
        case .array(let a)?: return !a.isEmpty
        default: return true
        }
    }

    /// A value-validation branch must not say anything structural.
    static func nested(_ v: SchemaNode, skipAnyOf: Bool, _ path: String) -> [FieldError] {
        var errs = valueValidation(v, skipAnyOf: skipAnyOf, skipFirstAllOfAnyOf: false, path)
        if let items = v.items { errs += nested(items, skipAnyOf: false, path + ".items") }
        for k in v.propertyNames { errs += nested(v.properties[k]!, skipAnyOf: false, path + ".properties[\(k)]") }
        for (key, word) in nestedForbidden where isSet(v.raw[key], key) {
            errs.append(forbidden(path + "." + key, word + " to be structural"))
        }
        if v.properties["metadata"] != nil {
            errs.append(forbidden(path + ".properties[metadata]", "must not be specified in a nested context"))
        }
        return errs
    }

    /// Properties named in the root's value validations must also be specified structurally.
    static func completeness(_ v: SchemaNode, _ s: SchemaNode?, _ sPath: String, _ vPath: String) -> [FieldError] {
        guard let s else { return [required(sPath, "because it is defined in \(vPath)")] }
        var errs: [FieldError] = []
        if let not = v.not { errs += nestedCompleteness(not, s, sPath, vPath + ".not") }
        for (i, b) in v.allOf.enumerated() { errs += nestedCompleteness(b, s, sPath, vPath + ".allOf[\(i)]") }
        for (i, b) in v.anyOf.enumerated() { errs += nestedCompleteness(b, s, sPath, vPath + ".anyOf[\(i)]") }
        for (i, b) in v.oneOf.enumerated() { errs += nestedCompleteness(b, s, sPath, vPath + ".oneOf[\(i)]") }
        return errs
    }

    static func nestedCompleteness(_ v: SchemaNode, _ s: SchemaNode?, _ sPath: String, _ vPath: String) -> [FieldError]
    {
        guard let s else { return [required(sPath, "because it is defined in \(vPath)")] }
        var errs = completeness(v, s, sPath, vPath)
        if let items = v.items { errs += nestedCompleteness(items, s.items, sPath + ".items", vPath + ".items") }
        for k in v.propertyNames {
            let sp = sPath + ".properties[\(k)]"
            let vp = vPath + ".properties[\(k)]"
            if let sField = s.properties[k] {
                errs += nestedCompleteness(v.properties[k]!, sField, sp, vp)
            } else {
                errs.append(required(sp, "because it is defined in \(vp)"))
            }
        }
        return errs
    }
}
