// Workload defaults: Deployment, ReplicaSet, DaemonSet, StatefulSet and ReplicationController, with their templates.

extension BuiltinDefaults {
    static func defaultDeployment(_ d: inout JSON) {
        var spec = specObject(d)
        spec.admDefault("replicas", 1)
        var strategy = spec["strategy"].objectValue != nil ? spec["strategy"] : JSON.object([:])
        if strategy.admText("type").isEmpty { strategy["type"] = "RollingUpdate" }
        if strategy.admText("type") == "RollingUpdate" {
            var ru = strategy["rollingUpdate"].objectValue != nil ? strategy["rollingUpdate"] : JSON.object([:])
            ru.admDefault("maxUnavailable", "25%")
            ru.admDefault("maxSurge", "25%")
            strategy["rollingUpdate"] = ru
        }
        spec["strategy"] = strategy
        spec.admDefault("revisionHistoryLimit", 10)
        spec.admDefault("progressDeadlineSeconds", 600)
        defaultTemplate(in: &spec)
        d["spec"] = spec
    }

    static func defaultReplicaSet(_ rs: inout JSON) {
        var spec = specObject(rs)
        spec.admDefault("replicas", 1)
        defaultTemplate(in: &spec)
        rs["spec"] = spec
    }

    static func defaultDaemonSet(_ ds: inout JSON) {
        var spec = specObject(ds)
        var strategy = spec["updateStrategy"].objectValue != nil ? spec["updateStrategy"] : JSON.object([:])
        if strategy.admText("type").isEmpty { strategy["type"] = "RollingUpdate" }
        if strategy.admText("type") == "RollingUpdate" {
            var ru = strategy["rollingUpdate"].objectValue != nil ? strategy["rollingUpdate"] : JSON.object([:])
            ru.admDefault("maxUnavailable", 1)
            ru.admDefault("maxSurge", 0)
            strategy["rollingUpdate"] = ru
        }
        spec["updateStrategy"] = strategy
        spec.admDefault("revisionHistoryLimit", 10)
        defaultTemplate(in: &spec)
        ds["spec"] = spec
    }

    static func defaultStatefulSet(_ sts: inout JSON) {
        var spec = specObject(sts)
        if spec.admText("podManagementPolicy").isEmpty { spec["podManagementPolicy"] = "OrderedReady" }
        var strategy = spec["updateStrategy"].objectValue != nil ? spec["updateStrategy"] : JSON.object([:])
        if strategy.admText("type").isEmpty {
            strategy["type"] = "RollingUpdate"
            strategy.admDefault("rollingUpdate", .object([:]))
        }
        if strategy.admText("type") == "RollingUpdate" { strategy.admWith("rollingUpdate") { $0.admDefault("partition", 0) } }
        spec["updateStrategy"] = strategy
        var retention = spec["persistentVolumeClaimRetentionPolicy"].objectValue != nil
            ? spec["persistentVolumeClaimRetentionPolicy"] : JSON.object([:])
        if retention.admText("whenDeleted").isEmpty { retention["whenDeleted"] = "Retain" }
        if retention.admText("whenScaled").isEmpty { retention["whenScaled"] = "Retain" }
        spec["persistentVolumeClaimRetentionPolicy"] = retention
        spec.admDefault("replicas", 1)
        spec.admDefault("revisionHistoryLimit", 10)
        spec.admEach("volumeClaimTemplates") { pvc in
            pvc.admWith("spec") { $0.admDefault("volumeMode", "Filesystem") }
            if pvc["status"]["phase"].isNull { pvc[["status", "phase"]] = "Pending" }
        }
        defaultTemplate(in: &spec)
        sts["spec"] = spec
    }

    static func defaultReplicationController(_ rc: inout JSON) {
        var spec = specObject(rc)
        if let labels = spec["template"]["metadata"]["labels"].objectValue {
            if (spec["selector"].objectValue ?? [:]).isEmpty { spec["selector"] = .object(labels) }
            if (rc["metadata"]["labels"].objectValue ?? [:]).isEmpty { rc[["metadata", "labels"]] = .object(labels) }
        }
        spec.admDefault("replicas", 1)
        spec.admWith("template") { defaultPodTemplate(&$0) }
        rc["spec"] = spec
    }

    /// The object's `spec`, or an empty object.
    static func specObject(_ o: JSON) -> JSON { o["spec"].objectValue != nil ? o["spec"] : JSON.object([:]) }

    /// Defaults `spec.template` (creating it when absent, as the typed API would).
    static func defaultTemplate(in spec: inout JSON) {
        var template = spec["template"].objectValue != nil ? spec["template"] : JSON.object([:])
        defaultPodTemplate(&template)
        spec["template"] = template
    }
}
