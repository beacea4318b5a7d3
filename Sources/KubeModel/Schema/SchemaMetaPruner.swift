// Cuts a custom resource's metadata down to ObjectMeta's fields, reporting each dropped path.

enum SchemaMetaPruner {
    static let objectMetaFields: Set<String> = [
        "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp",
        "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers",
        "managedFields",
    ]
    static let ownerReferenceFields: Set<String> = [
        "apiVersion", "kind", "name", "uid", "controller", "blockOwnerDeletion",
    ]
    static let managedFieldsEntryFields: Set<String> = [
        "manager", "operation", "apiVersion", "time", "fieldsType", "fieldsV1", "subresource",
    ]

    /// `meta` with unknown members removed; their paths (under `path`) are appended to `unknown` in sorted order.
    static func prune(_ meta: JSON, path: String, unknown: inout [String]) -> JSON {
        guard case .object(var members) = meta else { return meta }
        var dropped: [String] = []
        for k in members.keys.sorted() where !objectMetaFields.contains(k) {
            members.removeValue(forKey: k)
            dropped.append(path + "." + k)
        }
        for (list, fields) in [("ownerReferences", ownerReferenceFields), ("managedFields", managedFieldsEntryFields)] {
            guard case .array(var items) = members[list] else { continue }
            for i in items.indices {
                guard case .object(var entry) = items[i] else { continue }
                for k in entry.keys.sorted() where !fields.contains(k) {
                    entry.removeValue(forKey: k)
                    dropped.append("\(path).\(list)[\(i)].\(k)")
                }
                items[i] = .object(entry)
            }
            members[list] = .array(items)
        }
        unknown += dropped.sorted()
        return .object(members)
    }
}
