// Pod spec defaults shared by Pods and pod templates: policies, containers, probes, volumes.

extension BuiltinDefaults {
    /// Defaults of a pod template (`metadata` + `spec`), as workload kinds apply them.
    static func defaultPodTemplate(_ template: inout JSON) {
        var spec = template["spec"].objectValue != nil ? template["spec"] : JSON.object([:])
        defaultPodSpec(&spec)
        template["spec"] = spec
    }

    /// SetDefaults_PodSpec and the generated defaults of everything a pod spec contains.
    static func defaultPodSpec(_ spec: inout JSON) {
        spec.admDefault("dnsPolicy", "ClusterFirst")
        spec.admDefault("restartPolicy", "Always")
        spec.admDefault("securityContext", .object([:]))
        spec.admDefault("terminationGracePeriodSeconds", 30)
        spec.admDefault("schedulerName", "default-scheduler")
        // The deprecated serviceAccount field mirrors serviceAccountName in both directions.
        if let sa = spec.admString("serviceAccountName"), !sa.isEmpty {
            spec["serviceAccount"] = .string(sa)
        } else if let sa = spec.admString("serviceAccount"), !sa.isEmpty {
            spec["serviceAccountName"] = .string(sa)
        }
        spec.admEach("volumes", defaultVolume)
        for key in ["initContainers", "containers", "ephemeralContainers"] { spec.admEach(key, defaultContainer) }
    }

    static func defaultContainer(_ c: inout JSON) {
        if c.admText("imagePullPolicy").isEmpty { c["imagePullPolicy"] = .string(imagePullPolicy(forImage: c.admText("image"))) }
        if c.admText("terminationMessagePath").isEmpty { c["terminationMessagePath"] = "/dev/termination-log" }
        if c.admText("terminationMessagePolicy").isEmpty { c["terminationMessagePolicy"] = "File" }
        c.admDefault("resources", .object([:]))
        c.admEach("ports") { port in
            if port.admText("protocol").isEmpty { port["protocol"] = "TCP" }
        }
        c.admEach("env") { env in
            env.admWith("valueFrom") { from in from.admWith("fieldRef", defaultFieldRef) }
        }
        for key in ["livenessProbe", "readinessProbe", "startupProbe"] { c.admWith(key, defaultProbe) }
        c.admWith("lifecycle") { lifecycle in
            for key in ["postStart", "preStop"] {
                lifecycle.admWith(key) { handler in handler.admWith("httpGet", defaultHTTPGet) }
            }
        }
    }

    static func defaultProbe(_ probe: inout JSON) {
        for (key, value) in [("timeoutSeconds", 1), ("periodSeconds", 10), ("successThreshold", 1), ("failureThreshold", 3)]
        where (probe.admInt(key) ?? 0) == 0 {
            probe[key] = .int(Int64(value))
        }
        probe.admWith("httpGet", defaultHTTPGet)
        probe.admWith("grpc") { grpc in grpc.admDefault("service", "") }
    }

    static func defaultHTTPGet(_ action: inout JSON) {
        if action.admText("path").isEmpty { action["path"] = "/" }
        if action.admText("scheme").isEmpty { action["scheme"] = "HTTP" }
    }

    static func defaultFieldRef(_ ref: inout JSON) {
        if ref.admText("apiVersion").isEmpty { ref["apiVersion"] = "v1" }
    }

    static func defaultVolume(_ vol: inout JSON) {
        let hasSource = BuiltinValidation.volumeSourceKinds.contains { vol.admHas($0) }
        if !hasSource { vol["emptyDir"] = .object([:]) }
        vol.admWith("hostPath") { $0.admDefault("type", "") }
        vol.admWith("secret") { $0.admDefault("defaultMode", 420) }
        vol.admWith("configMap") { $0.admDefault("defaultMode", 420) }
        vol.admWith("downwardAPI") { d in
            d.admDefault("defaultMode", 420)
            d.admEach("items") { item in item.admWith("fieldRef", defaultFieldRef) }
        }
        vol.admWith("projected") { projected in
            projected.admDefault("defaultMode", 420)
            projected.admEach("sources") { source in
                source.admWith("downwardAPI") { d in d.admEach("items") { item in item.admWith("fieldRef", defaultFieldRef) } }
                source.admWith("serviceAccountToken") { $0.admDefault("expirationSeconds", 3600) }
            }
        }
        vol.admWith("iscsi") { iscsi in
            if iscsi.admText("iscsiInterface").isEmpty { iscsi["iscsiInterface"] = "default" }
        }
        vol.admWith("rbd") { rbd in
            for (key, value) in [("pool", "rbd"), ("user", "admin"), ("keyring", "/etc/ceph/keyring")] where rbd.admText(key).isEmpty {
                rbd[key] = .string(value)
            }
        }
        vol.admWith("azureDisk") { disk in
            disk.admDefault("cachingMode", "ReadWrite")
            disk.admDefault("fsType", "ext4")
            disk.admDefault("readOnly", false)
            disk.admDefault("kind", "Shared")
        }
        vol.admWith("scaleIO") { s in
            if s.admText("storageMode").isEmpty { s["storageMode"] = "ThinProvisioned" }
            if s.admText("fsType").isEmpty { s["fsType"] = "xfs" }
        }
        vol.admWith("ephemeral") { eph in
            eph.admWith("volumeClaimTemplate") { t in t.admWith("spec") { $0.admDefault("volumeMode", "Filesystem") } }
        }
    }
}
