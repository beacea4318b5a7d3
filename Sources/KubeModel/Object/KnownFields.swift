/// The top-level and metadata fields each built-in kind accepts, for strict field validation of built-ins.
public enum KnownFields {
    /// Fields of ObjectMeta.
    public static let objectMeta: Set<String> = [
        "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp",
        "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers",
        "managedFields",
    ]

    /// Top-level fields of a built-in kind (apiVersion, kind and metadata included); nil for kinds not listed.
    public static func topLevel(kind: String) -> Set<String>? {
        let base: Set<String> = ["apiVersion", "kind", "metadata"]
        switch kind {
        case "Namespace", "Service", "Pod", "Node", "Deployment", "ReplicaSet", "CustomResourceDefinition":
            return base.union(["spec", "status"])
        case "Lease": return base.union(["spec"])
        case "Secret": return base.union(["data", "stringData", "type", "immutable"])
        case "ConfigMap": return base.union(["data", "binaryData", "immutable"])
        case "ServiceAccount": return base.union(["secrets", "imagePullSecrets", "automountServiceAccountToken"])
        case "Endpoints": return base.union(["subsets"])
        case "EndpointSlice": return base.union(["addressType", "endpoints", "ports"])
        case "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration": return base.union(["webhooks"])
        case "Role": return base.union(["rules"])
        case "ClusterRole": return base.union(["rules", "aggregationRule"])
        case "RoleBinding", "ClusterRoleBinding": return base.union(["subjects", "roleRef"])
        case "Event":
            return base.union([
                "involvedObject", "reason", "message", "source", "firstTimestamp", "lastTimestamp", "count", "type",
                "eventTime", "series", "action", "related", "reportingComponent", "reportingInstance",
            ])
        default: return nil
        }
    }

    /// Paths of fields a built-in object carries that its kind does not define (top level and metadata).
    public static func unknown(in object: JSON, kind: String) -> [String] {
        var out: [String] = []
        if let allowed = topLevel(kind: kind), let o = object.objectValue {
            out += o.keys.filter { !allowed.contains($0) }.sorted()
        }
        if let meta = object["metadata"].objectValue {
            out += meta.keys.filter { !objectMeta.contains($0) }.sorted().map { "metadata.\($0)" }
        }
        return out
    }
}
