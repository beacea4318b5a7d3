// What a ReplicaSet must do to reach its replica count: how many pods to create, which to delete
// (the least useful first, as Kubernetes ranks them), and its status.
import KubeModel

/// The ReplicaSet controller's decision for one ReplicaSet.
public struct ReplicaSetPlan: Equatable {
    /// Pods to create from the template.
    public var create: Int
    /// Pods to delete, by name.
    public var delete: [String]

    /// The plan for `desired` replicas over the active pods the ReplicaSet owns.
    public static func plan(desired: Int, pods: [JSON]) -> ReplicaSetPlan {
        let active = pods.filter(PodState.isActive)
        if active.count < desired { return ReplicaSetPlan(create: desired - active.count, delete: []) }
        let surplus = active.count - desired
        let ranked = active.sorted(by: deletionOrder)
        return ReplicaSetPlan(create: 0, delete: ranked.prefix(surplus).map(\.name))
    }

    /// Kubernetes' order for scaling down: unscheduled before scheduled, pending before running,
    /// not ready before ready, then the newest first.
    static func deletionOrder(_ a: JSON, _ b: JSON) -> Bool {
        func rank(_ p: JSON) -> (Int, Int, Int) {
            (PodState.isScheduled(p) ? 1 : 0,
             p[["status", "phase"]].stringValue == "Running" ? 1 : 0,
             PodState.isReady(p) ? 1 : 0)
        }
        let ra = rank(a), rb = rank(b)
        if ra != rb { return ra < rb }
        let ta = a[["metadata", "creationTimestamp"]].stringValue ?? ""
        let tb = b[["metadata", "creationTimestamp"]].stringValue ?? ""
        return ta > tb
    }

    /// The ReplicaSet's status from its pods (`availableReplicas` counts ready pods; minReadySeconds is not applied).
    public static func status(of rs: JSON, pods: [JSON]) -> JSON {
        let active = pods.filter(PodState.isActive)
        let template = rs[["spec", "template", "metadata", "labels"]].objectValue?.compactMapValues(\.stringValue) ?? [:]
        let labeled = active.filter { pod in template.allSatisfy { pod.labels[$0.key] == $0.value } }
        let ready = active.filter(PodState.isReady).count
        var status: JSON = [
            "replicas": .int(Int64(active.count)), "fullyLabeledReplicas": .int(Int64(labeled.count)),
            "readyReplicas": .int(Int64(ready)), "availableReplicas": .int(Int64(ready)),
        ]
        if let generation = rs[["metadata", "generation"]].intValue { status["observedGeneration"] = .int(generation) }
        return status
    }
}
