/// Typed access to the ObjectMeta fields of an API object held as JSON.
extension JSON {
    /// `metadata.name`.
    public var name: String {
        get { self[["metadata", "name"]].stringValue ?? "" }
        set { self[["metadata", "name"]] = .string(newValue) }
    }

    /// `metadata.namespace` ("" when absent).
    public var namespace: String {
        get { self[["metadata", "namespace"]].stringValue ?? "" }
        set { self[["metadata", "namespace"]] = newValue.isEmpty ? .null : .string(newValue) }
    }

    /// `metadata.uid`.
    public var uid: String { self[["metadata", "uid"]].stringValue ?? "" }

    /// `metadata.labels` as a dictionary of strings.
    public var labels: [String: String] {
        get { Self.stringMap(self[["metadata", "labels"]]) }
        set { self[["metadata", "labels"]] = newValue.isEmpty ? .null : .object(newValue.mapValues { .string($0) }) }
    }

    /// `metadata.annotations` as a dictionary of strings.
    public var annotations: [String: String] {
        get { Self.stringMap(self[["metadata", "annotations"]]) }
        set { self[["metadata", "annotations"]] = newValue.isEmpty ? .null : .object(newValue.mapValues { .string($0) }) }
    }

    /// `metadata.finalizers`.
    public var finalizers: [String] {
        get { self[["metadata", "finalizers"]].arrayValue?.compactMap(\.stringValue) ?? [] }
        set { self[["metadata", "finalizers"]] = newValue.isEmpty ? .null : .array(newValue.map { .string($0) }) }
    }

    /// `metadata.deletionTimestamp`, if the object is being deleted.
    public var deletionTimestamp: String? { self[["metadata", "deletionTimestamp"]].stringValue }

    /// The uids named in `metadata.ownerReferences`.
    public var ownerUIDs: [String] {
        self[["metadata", "ownerReferences"]].arrayValue?.compactMap { $0["uid"].stringValue } ?? []
    }

    /// `apiVersion`.
    public var apiVersion: String { self["apiVersion"].stringValue ?? "" }

    /// `kind`.
    public var kind: String { self["kind"].stringValue ?? "" }

    static func stringMap(_ j: JSON) -> [String: String] {
        guard let o = j.objectValue else { return [:] }
        var out: [String: String] = [:]
        for (k, v) in o { if let s = v.stringValue { out[k] = s } }
        return out
    }
}
