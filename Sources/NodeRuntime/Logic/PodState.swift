// NodeRuntime: the embedded cluster's node — its controllers (Deployment, ReplicaSet, Endpoints,
// ServiceAccount, scheduling, the Node object) as clients of the API server, like a kubelet and a
// controller manager. This file: what a pod's status says, read the way Kubernetes reads it.
import KubeModel

/// Facts about a pod object that controllers decide on.
public enum PodState {
    /// Not being deleted and not finished (phase neither Succeeded nor Failed).
    public static func isActive(_ pod: JSON) -> Bool {
        guard pod.deletionTimestamp == nil else { return false }
        let phase = pod[["status", "phase"]].stringValue ?? "Pending"
        return phase != "Succeeded" && phase != "Failed"
    }

    /// The pod's Ready condition is True.
    public static func isReady(_ pod: JSON) -> Bool {
        (pod[["status", "conditions"]].arrayValue ?? []).contains {
            $0["type"].stringValue == "Ready" && $0["status"].stringValue == "True"
        }
    }

    /// The pod is bound to a node.
    public static func isScheduled(_ pod: JSON) -> Bool { !(pod[["spec", "nodeName"]].stringValue ?? "").isEmpty }

    /// The uid of the pod's controlling owner, if any.
    public static func controllerUID(_ object: JSON) -> String? {
        (object[["metadata", "ownerReferences"]].arrayValue ?? [])
            .first { $0["controller"].boolValue == true }?["uid"].stringValue
    }

    /// Whether `labels` satisfy a `LabelSelector` object (matchLabels and matchExpressions).
    public static func matches(_ selector: JSON, labels: [String: String]) -> Bool {
        guard let parsed = try? LabelSelector(json: selector) else { return false }
        return parsed.matches(labels)
    }
}

extension PodState {
    /// A Node's Ready condition is True.
    public static func isNodeReady(_ node: JSON) -> Bool {
        (node[["status", "conditions"]].arrayValue ?? []).contains {
            $0["type"].stringValue == "Ready" && $0["status"].stringValue == "True"
        }
    }
}

extension PodState {
    /// Whether the stored `current` status already holds every field of `wanted` (an absent field
    /// counts as 0), so a controller writes a status only when it changed.
    public static func statusMatches(_ current: JSON, _ wanted: JSON) -> Bool {
        var subset: [String: JSON] = [:]
        for key in (wanted.objectValue ?? [:]).keys { subset[key] = current[key].isNull ? .int(0) : current[key] }
        return .object(subset) == wanted
    }
}
