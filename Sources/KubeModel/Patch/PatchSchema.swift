// The strategic-merge-patch metadata of an object's fields: which lists merge, by which key, and which fields are unions.

/// How a strategic merge patch treats each field of one kind of object, as a tree of field names from the object root.
/// List elements are transparent: the schema of `spec.containers` also describes every container in that list.
/// A field with no entry follows the defaults: maps merge recursively and lists are replaced.
public struct PatchSchema: Sendable, Hashable {
    /// How the patch value of one field combines with the stored value.
    public enum Strategy: Sendable, Hashable {
        /// The patch value replaces the stored one (the default for lists; on a map, it stops the recursive merge).
        case replace
        /// A list of objects merged element by element, matching elements on the named key (`patchMergeKey`).
        case merge(key: String)
        /// A list of scalars merged as a set union (`patchStrategy:"merge"` without a merge key).
        case mergeSet
    }

    /// This field's strategy, or nil for the default.
    public var strategy: Strategy?
    /// Whether the field is a union whose unlisted members `$retainKeys` clears (`patchStrategy:"retainKeys"`).
    /// kubectl sends the `$retainKeys` directive for such fields; the patch itself is what clears keys.
    public var retainKeys: Bool
    /// The schemas of the fields inside this field (inside each element, for a list).
    public var fields: [String: PatchSchema]

    /// Creates a schema node; `PatchSchema()` is the schema under which every list is replaced.
    public init(strategy: Strategy? = nil, retainKeys: Bool = false, fields: [String: PatchSchema] = [:]) {
        self.strategy = strategy
        self.retainKeys = retainKeys
        self.fields = fields
    }

    /// The schema of one direct field; an empty schema when the field is not described.
    public subscript(field: String) -> PatchSchema {
        fields[field] ?? PatchSchema()
    }

    /// The schema at a path of field names; setting it replaces that whole subtree, creating the fields on the way.
    public subscript(path: [String]) -> PatchSchema {
        get {
            var node = self
            for name in path { node = node[name] }
            return node
        }
        set {
            guard let first = path.first else { self = newValue; return }
            var child = self[first]
            child[Array(path.dropFirst())] = newValue
            fields[first] = child
        }
    }

    /// Sets the strategy of the field at `path`, keeping what is already described beneath it.
    public mutating func setStrategy(_ strategy: Strategy, at path: [String]) {
        self[path].strategy = strategy
    }

    /// Marks the field at `path` as a union cleared by `$retainKeys`.
    public mutating func setRetainKeys(at path: [String]) {
        self[path].retainKeys = true
    }
}

extension PatchSchema {
    /// Builds a schema from `(dotted path, strategy)` pairs, e.g. `("spec.ports", .merge(key: "port"))`.
    init(_ entries: [(String, Strategy)]) {
        self.init()
        for (path, strategy) in entries { setStrategy(strategy, at: PatchSchema.split(path)) }
    }

    /// Places `schema` at a dotted path, returning the combined schema.
    func with(_ schema: PatchSchema, at path: String) -> PatchSchema {
        var copy = self
        copy[PatchSchema.split(path)] = schema
        return copy
    }

    /// Marks a dotted path as a `$retainKeys` union, returning the combined schema.
    func retaining(_ path: String) -> PatchSchema {
        var copy = self
        copy.setRetainKeys(at: PatchSchema.split(path))
        return copy
    }

    /// Splits a dotted field path.
    static func split(_ path: String) -> [String] {
        path.split(separator: ".").map(String.init)
    }
}
