// Strategic merge patch (`application/strategic-merge-patch+json`) as apimachinery's strategicpatch applies it:
// maps and directives. Lists are in StrategicMergePatch+Lists.swift.

/// Strategic merge patch: a merge patch whose lists follow a schema (merge by key, set union or replace) and which
/// understands the `$patch`, `$retainKeys`, `$setElementOrder/…` and `$deleteFromPrimitiveList/…` directives.
/// The result never contains a directive.
public enum StrategicMergePatch {
    /// Applies `patch` (a JSON object) to `target` under `schema`.
    public static func apply(_ patch: JSON, to target: JSON, schema: PatchSchema) throws(PatchError) -> JSON {
        guard case .object(let members) = patch else {
            throw PatchError("a strategic merge patch must be a JSON object, not \(PatchValues.render(patch))")
        }
        return .object(try mergeMap(target.objectValue ?? [:], members, schema))
    }

    static let patchDirective = "$patch"
    static let retainKeysDirective = "$retainKeys"
    static let setElementOrderPrefix = "$setElementOrder/"
    static let deleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList/"

    /// Merges a patch object into a stored object whose fields `schema` describes.
    static func mergeMap(_ original: [String: JSON], _ patch: [String: JSON], _ schema: PatchSchema) throws(PatchError) -> [String: JSON] {
        var patch = patch
        if let directive = patch.removeValue(forKey: patchDirective) {
            switch directive {
            case "replace": return try mergeMap([:], patch, schema)
            case "delete": return [:]
            case "merge": break
            default:
                throw PatchError("unknown patch type: \(PatchValues.render(directive)) in map: \(PatchValues.render(patch))")
            }
        }
        var result = original
        if let retained = patch.removeValue(forKey: retainKeysDirective) {
            try applyRetainKeys(retained, to: &result, patch: patch)
        }
        for key in patch.keys.sorted() where key.hasPrefix("$setElementOrder") {
            let order = patch.removeValue(forKey: key)!
            guard key.hasPrefix(setElementOrderPrefix) else {
                throw PatchError("invalid patch format of setElementOrder list")
            }
            let field = String(key.dropFirst(setElementOrderPrefix.count))
            try applyElementOrder(order, field: field, original: &result, patch: &patch, schema[field])
        }
        for key in patch.keys.sorted() {
            var field = key
            var deleting = false
            if key.hasPrefix("$deleteFromPrimitiveList") {
                guard key.hasPrefix(deleteFromPrimitiveListPrefix) else {
                    throw PatchError("invalid patch format of primitive list")
                }
                field = String(key.dropFirst(deleteFromPrimitiveListPrefix.count))
                deleting = true
            }
            try mergeField(field, patch[key]!, into: &result, schema[field], deleting: deleting)
        }
        return result
    }

    /// Merges the patch value of one field into `result`.
    static func mergeField(
        _ field: String, _ value: JSON, into result: inout [String: JSON], _ schema: PatchSchema, deleting: Bool
    ) throws(PatchError) {
        if value.isNull {
            result.removeValue(forKey: field)
            return
        }
        guard let current = result.removeValue(forKey: field) else {
            if !deleting, let adopted = try adopt(value, schema) { result[field] = adopted }
            return
        }
        switch (current, value) {
        case (.object(let stored), .object(let patch)) where !deleting && schema.strategy != .replace:
            result[field] = .object(try mergeMap(stored, patch, schema))
        case (.array(let stored), .array(let patch)) where deleting || schema.mergesLists:
            result[field] = .array(try mergeList(stored, patch, schema, deleting: deleting))
        default:
            if deleting {
                result[field] = current
            } else if let adopted = try adopt(value, schema) {
                result[field] = adopted
            }
        }
    }

    /// A patch value that replaces (or creates) a stored value, with its directives resolved and its nulls dropped;
    /// nil when the value says to delete (`null`, or an object with `$patch: delete`).
    static func adopt(_ value: JSON, _ schema: PatchSchema) throws(PatchError) -> JSON? {
        switch value {
        case .null:
            return nil
        case .object(let members):
            if members[patchDirective] == "delete" { return nil }
            return .object(try mergeMap([:], members, schema))
        case .array(let elements):
            var kept: [JSON] = []
            for element in elements {
                if case .object(let members) = element {
                    if members[patchDirective] != nil { continue }
                    kept.append(.object(try mergeMap([:], members, schema)))
                } else {
                    kept.append(element)
                }
            }
            return .array(kept)
        default:
            return value
        }
    }

    /// Applies `$retainKeys`: every key the patch sets must be listed, and stored keys not listed are cleared.
    static func applyRetainKeys(_ retained: JSON, to result: inout [String: JSON], patch: [String: JSON]) throws(PatchError) {
        guard case .array(let list) = retained else { throw PatchError("invalid patch format of retainKeys") }
        let keys = Set(list.compactMap(\.stringValue))
        for (key, value) in patch where !value.isNull && !keys.contains(key) {
            if key.hasPrefix("$setElementOrder") || key.hasPrefix("$deleteFromPrimitiveList") { continue }
            throw PatchError("invalid patch format of retainKeys: \(key) is set but not listed in $retainKeys")
        }
        result = result.filter { keys.contains($0.key) }
    }
}

extension PatchSchema {
    /// Whether a list under this schema merges rather than being replaced.
    var mergesLists: Bool {
        switch strategy {
        case .merge, .mergeSet: return true
        case .replace, nil: return false
        }
    }

    /// The merge key of a list of objects, if any.
    var mergeKey: String? {
        if case .merge(let key) = strategy { return key }
        return nil
    }
}
