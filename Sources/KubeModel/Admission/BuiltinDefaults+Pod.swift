// Pod-only defaults: requests from limits, service links, host ports, and the default admission plugins' additions.

extension BuiltinDefaults {
    /// Priorities of the built-in priority classes.
    static let systemPriorities: [String: Int64] = ["system-node-critical": 2_000_001_000, "system-cluster-critical": 2_000_000_000]

    static func defaultPod(_ pod: inout JSON) {
        var spec = pod["spec"].objectValue != nil ? pod["spec"] : JSON.object([:])
        for key in ["containers", "initContainers"] { spec.admEach(key, copyLimitsToRequests) }
        spec.admDefault("enableServiceLinks", true)
        if spec.admBool("hostNetwork") == true {
            for key in ["containers", "initContainers"] {
                spec.admEach(key) { c in
                    c.admEach("ports") { port in
                        if (port.admInt("hostPort") ?? 0) == 0, let cp = port.admInt("containerPort") { port["hostPort"] = .int(cp) }
                    }
                }
            }
        }
        if spec.admText("serviceAccountName").isEmpty && spec.admText("serviceAccount").isEmpty {
            spec["serviceAccountName"] = "default"
        }
        defaultPodSpec(&spec)
        defaultPriority(&spec)
        defaultTolerations(&spec)
        pod["spec"] = spec
    }

    /// A container's missing requests take the value of its limits.
    static func copyLimitsToRequests(_ c: inout JSON) {
        guard let limits = c["resources"]["limits"].objectValue, !limits.isEmpty else { return }
        var requests = c["resources"]["requests"].objectValue ?? [:]
        for (k, v) in limits where requests[k] == nil { requests[k] = v }
        c[["resources", "requests"]] = .object(requests)
    }

    /// The Priority admission plugin: priority from the class (0 without one) and PreemptLowerPriority.
    static func defaultPriority(_ spec: inout JSON) {
        if !spec.admHas("priority") {
            spec["priority"] = .int(systemPriorities[spec.admText("priorityClassName")] ?? 0)
        }
        spec.admDefault("preemptionPolicy", "PreemptLowerPriority")
    }

    /// The DefaultTolerationSeconds admission plugin: tolerate not-ready and unreachable nodes for 300s.
    static func defaultTolerations(_ spec: inout JSON) {
        var tolerations = spec.admArray("tolerations")
        let before = tolerations.count
        for key in ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"] {
            let tolerated = tolerations.contains { t in
                let k = t.admText("key"), effect = t.admText("effect")
                return (k == key || k.isEmpty) && (effect == "NoExecute" || effect.isEmpty)
            }
            if !tolerated {
                tolerations.append(["key": .string(key), "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300])
            }
        }
        if tolerations.count != before { spec["tolerations"] = .array(tolerations) }
    }
}
