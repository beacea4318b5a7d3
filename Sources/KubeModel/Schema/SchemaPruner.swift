// Pruning of unspecified fields (recording their paths) and of nulls non-nullable fields cannot hold.

struct SchemaPruner {
    private var parent: [String] = []
    private(set) var unknown: [String] = []

    static let metaFields: Set<String> = ["apiVersion", "kind", "metadata"]

    /// Prunes `value` against `schema`; at a resource root (or an embedded resource) apiVersion, kind and metadata
    /// are left alone. Returns the pruned value and the sorted paths of dropped fields.
    static func prune(_ value: JSON, _ schema: SchemaNode?, isResourceRoot: Bool) -> (JSON, [String]) {
        var pruner = SchemaPruner()
        let out = pruner.prune(value, schema, embedded: isResourceRoot || (schema?.embeddedResource ?? false))
        return (out, pruner.unknown.sorted())
    }

    private mutating func record(_ key: String) {
        unknown.append((parent.isEmpty ? "" : parent.joined() + ".") + key)
    }

    private mutating func under<T>(key: String, _ body: (inout SchemaPruner) -> T) -> T {
        let saved = parent.count
        if !parent.isEmpty { parent.append(".") }
        parent.append(key)
        defer { parent.removeLast(parent.count - saved) }
        return body(&self)
    }

    private mutating func under<T>(index: Int, _ body: (inout SchemaPruner) -> T) -> T {
        parent.append("[\(index)]")
        defer { parent.removeLast() }
        return body(&self)
    }

    mutating func prune(_ x: JSON, _ s: SchemaNode?, embedded: Bool) -> JSON {
        if let s, s.preserveUnknownFields { return skipPrune(x, s, embedded: embedded) }
        switch x {
        case .object(let members):
            guard let s else {
                for k in members.keys.sorted() { record(k) }
                return .object([:])
            }
            var out: [String: JSON] = [:]
            for k in members.keys.sorted() {
                let v = members[k]!
                if embedded && Self.metaFields.contains(k) {
                    out[k] = v
                } else if let prop = s.properties[k] {
                    out[k] = under(key: k) { $0.prune(v, prop, embedded: prop.embeddedResource) }
                } else if let extra = s.additional {
                    out[k] = under(key: k) {
                        $0.prune(v, extra.schema, embedded: extra.schema?.embeddedResource ?? false)
                    }
                } else if !Self.metaFields.contains(k) || !parent.isEmpty {
                    record(k)
                }
            }
            return .object(out)
        case .array(let items):
            let itemSchema = s?.items
            return .array(
                items.enumerated().map { i, v in
                    under(index: i) { $0.prune(v, itemSchema, embedded: itemSchema?.embeddedResource ?? false) }
                })
        default:
            return x
        }
    }

    /// Below `x-kubernetes-preserve-unknown-fields`: unknown members stay, known ones are still pruned.
    mutating func skipPrune(_ x: JSON, _ s: SchemaNode?, embedded: Bool) -> JSON {
        guard let s else { return x }
        switch x {
        case .object(let members):
            var out = members
            for k in members.keys.sorted() {
                let v = members[k]!
                if embedded && Self.metaFields.contains(k) { continue }
                if let prop = s.properties[k] {
                    out[k] = under(key: k) { $0.prune(v, prop, embedded: prop.embeddedResource) }
                } else if let extra = s.additional {
                    out[k] = under(key: k) {
                        $0.prune(v, extra.schema, embedded: extra.schema?.embeddedResource ?? false)
                    }
                }
            }
            return .object(out)
        case .array(let items):
            return .array(
                items.enumerated().map { i, v in
                    under(index: i) { $0.skipPrune(v, s.items, embedded: s.items?.embeddedResource ?? false) }
                })
        default:
            return x
        }
    }

    /// Removes nulls held by non-nullable fields that have no default (those with one are defaulted later).
    static func pruneNulls(_ x: JSON, _ s: SchemaNode?) -> JSON {
        switch x {
        case .object(let members):
            var out: [String: JSON] = [:]
            for (k, v) in members {
                let schema = s?.schema(forMember: k)
                if v.isNull, let schema, !schema.nullable, schema.defaultValue == nil { continue }
                out[k] = pruneNulls(v, schema)
            }
            return .object(out)
        case .array(let items):
            return .array(items.map { pruneNulls($0, s?.items) })
        default:
            return x
        }
    }

    /// Prunes the metadata of every embedded resource below the root to ObjectMeta's fields.
    static func pruneEmbeddedMetadata(_ x: JSON, _ s: SchemaNode?, path: String, unknown: inout [String]) -> JSON {
        guard let s else { return x }
        switch x {
        case .object(var members):
            if s.embeddedResource, let meta = members["metadata"], meta.objectValue != nil {
                members["metadata"] = SchemaMetaPruner.prune(
                    meta, path: path.isEmpty ? "metadata" : path + ".metadata", unknown: &unknown)
            }
            for k in members.keys.sorted() {
                guard let sub = s.schema(forMember: k) else { continue }
                if s.embeddedResource && k == "metadata" { continue }
                let childPath = path.isEmpty ? k : path + "." + k
                members[k] = pruneEmbeddedMetadata(members[k]!, sub, path: childPath, unknown: &unknown)
            }
            return .object(members)
        case .array(let items):
            return .array(
                items.enumerated().map { i, v in
                    pruneEmbeddedMetadata(v, s.items, path: path + "[\(i)]", unknown: &unknown)
                })
        default:
            return x
        }
    }
}
