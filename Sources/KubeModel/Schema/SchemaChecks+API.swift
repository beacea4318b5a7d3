// The CRD API's per-level schema checks (keywords, list/map types, defaults) and the entry point running all checks.

extension SchemaChecks {
    /// Where a schema level sits, as far as the API checks care.
    struct Context {
        var insideResourceMeta = false
        var allowDefaults = true
        var disallowDefaultsReason = ""

        func forbiddingDefaults(_ reason: String) -> Context {
            var c = self
            c.allowDefaults = false
            c.disallowDefaultsReason = reason
            return c
        }
    }

    static let openAPIV3Types = ["array", "boolean", "integer", "number", "object", "string"]
    static let metaFields: Set<String> = ["metadata", "kind", "apiVersion"]

    /// Every problem with the root schema at `path`, ordered as kube-apiserver reports them.
    static func check(_ root: SchemaNode, path: String) -> [FieldError] {
        var errs: [FieldError] = []
        if root.nullable { errs.append(forbidden(path + ".nullable", "nullable cannot be true at the root")) }
        var structural = invariants(root, .root, path) + completeness(root, root, path, path)
        structural.sort { $0.description < $1.description }
        errs += structural
        if structural.isEmpty { errs += defaults(root, path, insideMeta: false, isRoot: true) }
        errs += api(root, path, isRoot: true, Context())
        return errs
    }

    static func stringList(_ values: [String]) -> String {
        "[]string{" + values.map(SchemaText.quote).joined(separator: ", ") + "}"
    }

    static func notSupported(_ f: String, _ v: String, _ allowed: [String]) -> FieldError {
        FieldError(
            .notSupported, field: f, value: SchemaText.quote(v),
            detail: "supported values: " + allowed.map(SchemaText.quote).joined(separator: ", "))
    }

    static func api(_ s: SchemaNode, _ path: String, isRoot: Bool, _ ctx: Context) -> [FieldError] {
        var errs: [FieldError] = []
        let raw = s.raw
        if !s.type.isEmpty && !openAPIV3Types.contains(s.type) {
            errs.append(notSupported(path + ".type", s.type, openAPIV3Types))
        }
        if s.defaultValue != nil && !ctx.allowDefaults {
            let reason = ctx.disallowDefaultsReason.isEmpty ? "" : " " + ctx.disallowDefaultsReason
            errs.append(forbidden(path + ".default", "must not be set" + reason))
        }
        for key in ["id", "additionalItems", "patternProperties", "definitions", "dependencies", "$ref"] {
            let given: Bool
            switch raw[key] {
            case nil, .null?: given = false
            case .string(let t)? where key == "id": given = !t.isEmpty
            case .object(let o)? where key == "patternProperties" || key == "definitions": given = !o.isEmpty
            default: given = true
            }
            if given { errs.append(forbidden(path + "." + key, "\(key) is not supported")) }
        }
        if s.type == "null" {
            errs.append(forbidden(path + ".type", "type cannot be set to null, use nullable as an alternative"))
        }
        if raw["items"]?.arrayValue != nil {
            errs.append(forbidden(path + ".items", "items must be a schema object and not an array"))
        }
        if ctx.insideResourceMeta && s.embeddedResource {
            errs.append(forbidden(path + ".x-kubernetes-embedded-resource", "must not be used inside of resource meta"))
        }
        if s.uniqueItems {
            errs.append(
                forbidden(
                    path + ".uniqueItems",
                    "uniqueItems cannot be set to true since the runtime complexity becomes quadratic"))
        }
        if let extra = s.additional {
            if !s.properties.isEmpty && (!extra.allows || extra.schema != nil) {
                errs.append(
                    forbidden(
                        path + ".additionalProperties", "additionalProperties and properties are mutual exclusive"))
            }
            let sub =
                ctx.insideResourceMeta
                ? ctx.forbiddingDefaults("inside additionalProperties applying to object metadata") : ctx
            if let schema = extra.schema { errs += api(schema, path + ".additionalProperties", isRoot: false, sub) }
        }
        for k in s.propertyNames {
            var sub = ctx
            if (isRoot || s.embeddedResource) && metaFields.contains(k) {
                sub.insideResourceMeta = true
                if isRoot { sub = sub.forbiddingDefaults("in top-level \(k)") }
            }
            errs += api(s.properties[k]!, path + ".properties[\(k)]", isRoot: false, sub)
        }
        if let not = s.not { errs += api(not, path + ".not", isRoot: false, ctx) }
        for (i, b) in s.allOf.enumerated() { errs += api(b, path + ".allOf[\(i)]", isRoot: false, ctx) }
        for (i, b) in s.oneOf.enumerated() { errs += api(b, path + ".oneOf[\(i)]", isRoot: false, ctx) }
        for (i, b) in s.anyOf.enumerated() { errs += api(b, path + ".anyOf[\(i)]", isRoot: false, ctx) }
        if let items = s.items { errs += api(items, path + ".items", isRoot: false, ctx) }
        if raw["x-kubernetes-preserve-unknown-fields"] == .bool(false) {
            errs.append(
                FieldError(
                    .invalid, field: path + ".x-kubernetes-preserve-unknown-fields", value: "false",
                    detail: "must be true or undefined"))
        }
        errs += mapAndListTypes(s, path)
        return errs
    }

    static func mapAndListTypes(_ s: SchemaNode, _ path: String) -> [FieldError] {
        var errs: [FieldError] = []
        if let mapType = s.mapType {
            if s.type != "object" {
                let d = "must be object if x-kubernetes-map-type is specified"
                errs.append(s.type.isEmpty ? required(path + ".type", d) : invalid(path + ".type", s.type, d))
            }
            if mapType != "atomic" && mapType != "granular" {
                errs.append(notSupported(path + ".x-kubernetes-map-type", mapType, ["atomic", "granular"]))
            }
        }
        if let listType = s.listType {
            if s.type != "array" {
                let d = "must be array if x-kubernetes-list-type is specified"
                errs.append(s.type.isEmpty ? required(path + ".type", d) : invalid(path + ".type", s.type, d))
            } else if listType == "set", let items = s.items {
                let d = "must be atomic as item of a list with x-kubernetes-list-type=set"
                if items.type == "array", let lt = items.listType, lt != "atomic" {
                    errs.append(invalid(path + ".items.x-kubernetes-list-type", lt, d))
                } else if items.type == "object" && items.mapType != "atomic" {
                    errs.append(
                        FieldError(
                            .invalid, field: path + ".items.x-kubernetes-map-type",
                            value: items.listType.map(SchemaText.quote) ?? "null", detail: d))
                }
            }
            if !["atomic", "set", "map"].contains(listType) {
                errs.append(notSupported(path + ".x-kubernetes-list-type", listType, ["atomic", "set", "map"]))
            }
        }
        if !s.listMapKeys.isEmpty && s.listType != "map" {
            let d = "must be map if x-kubernetes-list-map-keys is non-empty"
            errs.append(
                s.listType.map { invalid(path + ".x-kubernetes-list-type", $0, d) }
                    ?? required(path + ".x-kubernetes-list-type", d))
        }
        if s.listType == "map" {
            if s.listMapKeys.isEmpty {
                errs.append(
                    required(path + ".x-kubernetes-list-map-keys", "must not be empty if x-kubernetes-list-type is map")
                )
            }
            if let items = s.items {
                if items.type != "object" {
                    errs.append(
                        invalid(
                            path + ".items.type", items.type,
                            "must be object if parent array's x-kubernetes-list-type is map"))
                } else {
                    var seen = Set<String>()
                    let keys = stringList(s.listMapKeys)
                    for k in s.listMapKeys {
                        if let p = items.properties[k] {
                            if p.type == "array" || p.type == "object" {
                                errs.append(
                                    invalid(
                                        path + ".items.properties[\(k)].type", items.type,
                                        "must be a scalar type if parent array's x-kubernetes-list-type is map"))
                            }
                        } else {
                            errs.append(
                                FieldError(
                                    .invalid, field: path + ".x-kubernetes-list-map-keys", value: keys,
                                    detail: "entries must all be names of item properties"))
                        }
                        if !seen.insert(k).inserted {
                            errs.append(
                                FieldError(
                                    .invalid, field: path + ".x-kubernetes-list-map-keys", value: keys,
                                    detail: "must not contain duplicate entries"))
                        }
                    }
                }
            } else {
                errs.append(required(path + ".items", "must have a schema if x-kubernetes-list-type is map"))
            }
        }
        if let listType = s.listType, listType == "set" || listType == "map", let items = s.items {
            if items.nullable {
                errs.append(
                    forbidden(path + ".items.nullable", "cannot be nullable when x-kubernetes-list-type is \(listType)")
                )
            }
            if listType == "map" {
                for k in s.listMapKeys {
                    guard let p = items.properties[k] else { continue }
                    let keyPath = path + ".items.properties[\(k)]"
                    if !items.required.contains(k) && p.defaultValue == nil {
                        errs.append(
                            required(
                                keyPath + ".default",
                                "this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property"
                            ))
                    }
                    if p.nullable {
                        errs.append(
                            forbidden(
                                keyPath + ".nullable",
                                "this property is in x-kubernetes-list-map-keys, so it cannot be nullable"))
                    }
                }
            }
        }
        return errs
    }

    /// Defaults must be pruned and must validate against their own schema.
    static func defaults(_ s: SchemaNode, _ path: String, insideMeta: Bool, isRoot: Bool) -> [FieldError] {
        var errs: [FieldError] = []
        let resourceLike = isRoot || s.embeddedResource
        let inMeta = s.embeddedResource ? false : insideMeta
        if let value = s.defaultValue, !inMeta {
            let (pruned, _) = SchemaPruner.prune(value, s, isResourceRoot: s.embeddedResource)
            if pruned != value {
                errs.append(
                    FieldError(
                        .invalid, field: path + ".default", value: SchemaText.fieldValue(value),
                        detail: "must not have unknown fields"))
            }
            var validator = SchemaValidator()
            errs += validator.validate(s, value, "").errors.map { $0.fieldError(prefix: path + ".default") }
        }
        if let items = s.items { errs += defaults(items, path + ".items", insideMeta: inMeta, isRoot: false) }
        for k in s.propertyNames {
            let sub = inMeta || (resourceLike && metaFields.contains(k))
            errs += defaults(s.properties[k]!, path + ".properties[\(k)]", insideMeta: sub, isRoot: false)
        }
        return errs
    }
}
