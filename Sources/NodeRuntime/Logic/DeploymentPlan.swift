// What the Deployment controller does for one Deployment, pure: find or make the ReplicaSet of
// the current template, scale it and the old ones (RollingUpdate with maxSurge/maxUnavailable, or
// Recreate), keep revision numbers and history, and compute the Deployment's status.
import KubeModel

/// The Deployment controller's decision for one Deployment.
public struct DeploymentPlan {
    /// A ReplicaSet to create (complete object).
    public var create: JSON?
    /// New replica counts by ReplicaSet name.
    public var scale: [String: Int64] = [:]
    /// New revision annotations by ReplicaSet name (an old template became current again).
    public var revision: [String: String] = [:]
    /// ReplicaSets to delete (history beyond `revisionHistoryLimit`).
    public var delete: [String] = []
    /// The Deployment's status.
    public var status: JSON = [:]
    /// The Deployment's revision annotation.
    public var deploymentRevision: String = ""

    static let revisionKey = "deployment.kubernetes.io/revision"
    static let hashKey = "pod-template-hash"

    /// Plans for `deployment` given the ReplicaSets it controls.
    public static func plan(_ deployment: JSON, replicaSets: [JSON]) -> DeploymentPlan {
        var plan = DeploymentPlan()
        let desired = count(deployment[["spec", "replicas"]].intValue ?? 1)
        let template = deployment[["spec", "template"]]
        let hash = TemplateHash.of(withoutNulls(template), collisionCount: deployment[["status", "collisionCount"]].intValue ?? 0)
        let revisions = replicaSets.compactMap { Int64($0.annotations[revisionKey] ?? "") }.map { min($0, Int64.max - 1) }
        let maxRevision = revisions.max() ?? 0
        // The current ReplicaSet is the one whose template equals the Deployment's, ignoring the
        // hash label (as Kubernetes compares them): a rollback finds its old ReplicaSet again.
        var current = replicaSets.first { sameTemplate($0[["spec", "template"]], template) }
            ?? replicaSets.first { $0.labels[hashKey] == hash }
        let currentName = current?.name
        var old = replicaSets.filter { $0.name != currentName }.sorted(by: olderFirst)
        if current == nil {
            let made = newReplicaSet(deployment, template: template, hash: hash, revision: maxRevision + 1)
            plan.create = made
            current = made
        } else if let rs = current, Int64(rs.annotations[revisionKey] ?? "") ?? 0 < maxRevision {
            plan.revision[rs.name] = String(maxRevision + 1)  // rollback: this template is current again
        }
        let newRS = current!
        plan.deploymentRevision = plan.revision[newRS.name] ?? newRS.annotations[revisionKey] ?? String(maxRevision + 1)
        let newReplicas = replicas(newRS), newReady = ready(newRS)
        let oldTotal = old.reduce(Int64(0)) { $0 + replicas($1) }

        if deployment[["spec", "strategy", "type"]].stringValue == "Recreate" {
            for rs in old where replicas(rs) > 0 { plan.scale[rs.name] = 0 }
            let oldPods = old.reduce(Int64(0)) { $0 + count($1[["status", "replicas"]].intValue ?? 0) }
            if oldTotal == 0 && oldPods == 0 { plan.setScale(newRS, desired, was: newReplicas) }
        } else if oldTotal == 0 {
            plan.setScale(newRS, desired, was: newReplicas)
        } else {
            let (surge, unavailable) = rollingBounds(deployment, desired: desired)
            let total = newReplicas + oldTotal
            var target = newReplicas
            if total < desired + surge { target = min(desired, newReplicas + (desired + surge - total)) }
            plan.setScale(newRS, target, was: newReplicas)
            let oldReady = old.reduce(Int64(0)) { $0 + ready($1) }
            let minAvailable = desired - unavailable
            var removable = (newReady + oldReady) - minAvailable
            // Old pods that are not ready never count towards availability: they can go at once.
            for i in old.indices {
                let unready = replicas(old[i]) - ready(old[i])
                if unready > 0 {
                    old[i][["spec", "replicas"]] = .int(replicas(old[i]) - unready)
                    plan.scale[old[i].name] = replicas(old[i])
                }
            }
            for i in old.indices where removable > 0 && replicas(old[i]) > 0 {
                let cut = min(replicas(old[i]), removable)
                removable -= cut
                old[i][["spec", "replicas"]] = .int(replicas(old[i]) - cut)
                plan.scale[old[i].name] = replicas(old[i])
            }
        }
        let limit = deployment[["spec", "revisionHistoryLimit"]].intValue ?? 10
        let finished = old.filter { replicas($0) == 0 && ($0[["status", "replicas"]].intValue ?? 0) == 0 }
        if finished.count > Int(limit) { plan.delete = finished.prefix(finished.count - Int(limit)).map(\.name) }
        plan.status = status(deployment, desired: desired, newRS: newRS, all: replicaSets, created: plan.create != nil)
        return plan
    }

    private mutating func setScale(_ rs: JSON, _ replicas: Int64, was: Int64) {
        if create != nil, create!.name == rs.name {
            create![["spec", "replicas"]] = .int(replicas)
        } else if replicas != was {
            scale[rs.name] = replicas
        }
    }

    /// Whether a ReplicaSet's pod template is the Deployment's, apart from the hash label.
    static func sameTemplate(_ rsTemplate: JSON, _ template: JSON) -> Bool {
        var stripped = rsTemplate
        stripped[["metadata", "labels", hashKey]] = .null
        var labels = stripped[["metadata", "labels"]].objectValue ?? [:]
        labels[hashKey] = nil
        stripped[["metadata", "labels"]] = .object(labels)
        var wanted = template
        if wanted[["metadata", "labels"]].isNull { wanted[["metadata", "labels"]] = .object([:]) }
        return withoutNulls(stripped) == withoutNulls(wanted)
    }

    /// The value with null members removed (a null field of a built-in object means "absent";
    /// kubectl's rollback patch carries `creationTimestamp: null`).
    static func withoutNulls(_ value: JSON) -> JSON {
        switch value {
        case .object(let members): .object(members.filter { !$0.value.isNull }.mapValues(withoutNulls))
        case .array(let items): .array(items.map(withoutNulls))
        default: value
        }
    }

    static func replicas(_ rs: JSON) -> Int64 { count(rs[["spec", "replicas"]].intValue ?? 0) }
    static func ready(_ rs: JSON) -> Int64 { count(rs[["status", "readyReplicas"]].intValue ?? 0) }

    /// A replica count as Kubernetes keeps it (int32, not negative), so sums and percentages cannot overflow.
    static func count(_ n: Int64) -> Int64 { min(max(n, 0), Int64(Int32.max)) }

    static func olderFirst(_ a: JSON, _ b: JSON) -> Bool {
        (Int64(a.annotations[revisionKey] ?? "") ?? 0) < (Int64(b.annotations[revisionKey] ?? "") ?? 0)
    }

    /// maxSurge (rounded up) and maxUnavailable (rounded down) for `desired` replicas; never both 0.
    static func rollingBounds(_ deployment: JSON, desired: Int64) -> (surge: Int64, unavailable: Int64) {
        func resolve(_ value: JSON, roundUp: Bool) -> Int64 {
            if let n = value.intValue { return count(n) }
            guard let text = value.stringValue, text.hasSuffix("%"), let raw = Int64(text.dropLast()) else {
                return roundUp ? (desired * 25 + 99) / 100 : desired * 25 / 100
            }
            let pct = min(max(raw, 0), 10_000)
            return roundUp ? (desired * pct + 99) / 100 : desired * pct / 100
        }
        let rolling = deployment[["spec", "strategy", "rollingUpdate"]]
        let surge = resolve(rolling["maxSurge"], roundUp: true)
        var unavailable = resolve(rolling["maxUnavailable"], roundUp: false)
        if surge == 0 && unavailable == 0 { unavailable = 1 }
        return (surge, unavailable)
    }

    static func newReplicaSet(_ deployment: JSON, template: JSON, hash: String, revision: Int64) -> JSON {
        var podTemplate = template
        podTemplate[["metadata", "labels", hashKey]] = .string(hash)
        var selector = deployment[["spec", "selector"]]
        selector[["matchLabels", hashKey]] = .string(hash)
        var labels = template[["metadata", "labels"]]
        labels[hashKey] = .string(hash)
        return [
            "apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": [
                "name": .string("\(deployment.name)-\(hash)"), "namespace": .string(deployment.namespace), "labels": labels,
                "annotations": [.init(stringLiteral: revisionKey): .string(String(revision)),
                                "deployment.kubernetes.io/desired-replicas": .string(String(deployment[["spec", "replicas"]].intValue ?? 1))],
                "ownerReferences": [[
                    "apiVersion": "apps/v1", "kind": "Deployment", "name": .string(deployment.name),
                    "uid": .string(deployment.uid), "controller": true, "blockOwnerDeletion": true,
                ]],
            ],
            "spec": ["replicas": 0, "selector": selector, "template": podTemplate,
                     "minReadySeconds": .int(deployment[["spec", "minReadySeconds"]].intValue ?? 0)],
        ]
    }

    /// The Deployment's status as `kubectl rollout status` reads it.
    static func status(_ d: JSON, desired: Int64, newRS: JSON, all: [JSON], created: Bool) -> JSON {
        let total = all.reduce(Int64(0)) { $0 + count($1[["status", "replicas"]].intValue ?? 0) }
        let readyTotal = all.reduce(Int64(0)) { $0 + count($1[["status", "readyReplicas"]].intValue ?? 0) }
        let available = all.reduce(Int64(0)) { $0 + count($1[["status", "availableReplicas"]].intValue ?? 0) }
        let updated = created ? 0 : (newRS[["status", "replicas"]].intValue ?? 0)
        let (_, unavailable) = rollingBounds(d, desired: desired)
        let isAvailable = available >= desired - unavailable
        let complete = updated == desired && total == desired && available == desired
        var status: JSON = [
            "replicas": .int(total), "updatedReplicas": .int(updated), "readyReplicas": .int(readyTotal),
            "availableReplicas": .int(available), "unavailableReplicas": .int(max(0, desired - available)),
            "conditions": [
                ["type": "Available", "status": isAvailable ? "True" : "False",
                 "reason": isAvailable ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                 "message": isAvailable ? "Deployment has minimum availability." : "Deployment does not have minimum availability."],
                ["type": "Progressing", "status": "True",
                 "reason": complete ? "NewReplicaSetAvailable" : "ReplicaSetUpdated",
                 "message": .string("ReplicaSet \"\(newRS.name)\" \(complete ? "has successfully progressed" : "is progressing").")],
            ],
        ]
        if let generation = d[["metadata", "generation"]].intValue { status["observedGeneration"] = .int(generation) }
        if let collisions = d[["status", "collisionCount"]].intValue { status["collisionCount"] = .int(collisions) }
        return status
    }
}
