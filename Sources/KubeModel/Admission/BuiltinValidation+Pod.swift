// Pod and pod template validation: the pod spec as a whole (containers, volumes, policies, scheduling fields).

extension BuiltinValidation {
    static func validatePod(_ pod: JSON, old: JSON?, into e: inout AdmissionErrors) {
        AdmissionMeta.validate(pod, rule: .subdomain, into: &e)
        let spec = pod["spec"]
        validatePodSpec(spec, path: "spec", isPod: true, into: &e)
        for (i, c) in spec.admArray("containers").enumerated() {
            let image = c.admText("image")
            if image.admTrimmedSpaces.utf8.count != image.utf8.count {
                e.invalid("spec.containers[\(i)].image", string: image, "must not have leading or trailing whitespace")
            }
        }
        if let old {
            validatePodUpdate(pod, old: old, into: &e)
        } else if !spec.admArray("ephemeralContainers").isEmpty {
            e.forbidden("spec.ephemeralContainers", "cannot be set on create")
        }
    }

    /// Upstream's ValidatePodTemplateSpec, for templates inside workload specs.
    static func validatePodTemplate(_ template: JSON, path: String, into e: inout AdmissionErrors) {
        let meta = template["metadata"]
        AdmissionMeta.labels(meta.admStringMap("labels") ?? [:], field: "\(path).labels", into: &e)
        AdmissionMeta.annotations(meta.admStringMap("annotations") ?? [:], field: "\(path).annotations", into: &e)
        validatePodSpec(template["spec"], path: "\(path).spec", isPod: false, into: &e)
        if !template["spec"].admArray("ephemeralContainers").isEmpty {
            e.forbidden("\(path).spec.ephemeralContainers", "ephemeral containers not allowed in pod template")
        }
    }

    /// Upstream's ValidatePodSpec.
    static func validatePodSpec(_ spec: JSON, path p: String, isPod: Bool, into e: inout AdmissionErrors) {
        if !spec.admHas("terminationGracePeriodSeconds") { e.required("\(p).terminationGracePeriodSeconds") }
        let grace = spec.admInt("terminationGracePeriodSeconds")
        let volumes = validateVolumes(spec.admArray("volumes"), path: "\(p).volumes", into: &e)
        validateContainers(spec.admArray("containers"), volumes: volumes, grace: grace, path: "\(p).containers", into: &e)
        validateInitContainers(spec.admArray("initContainers"), regular: spec.admArray("containers"), volumes: volumes,
                               grace: grace, path: "\(p).initContainers", into: &e)
        if spec.admBool("hostNetwork") == true {
            for (i, c) in spec.admArray("containers").enumerated() {
                for (j, port) in c.admArray("ports").enumerated() {
                    let hp = port.admInt("hostPort") ?? 0, cp = port.admInt("containerPort") ?? 0
                    if (isPod || hp != 0) && hp != cp {
                        e.invalid("\(p).containers[\(i)].ports[\(j)].hostPort", int: hp, "must match `containerPort` when `hostNetwork` is true")
                    }
                }
            }
        }
        enumField(spec, "restartPolicy", path: p, ["Always", "OnFailure", "Never"], into: &e)
        enumField(spec, "dnsPolicy", path: p, ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"], into: &e)
        AdmissionMeta.labels(spec.admStringMap("nodeSelector") ?? [:], field: "\(p).nodeSelector", into: &e)
        if spec.admText("dnsPolicy") == "None" {
            if spec["dnsConfig"].isNull {
                e.required("\(p).dnsConfig", "must provide `dnsConfig` when `dnsPolicy` is None")
            } else if spec["dnsConfig"].admArray("nameservers").isEmpty {
                e.required("\(p).dnsConfig.nameservers", "must provide at least one DNS nameserver when `dnsPolicy` is None")
            }
        }
        for key in ["serviceAccountName", "nodeName", "priorityClassName"] {
            let v = spec.admText(key)
            if !v.isEmpty { e.invalid("\(p).\(key)", string: v, messages: NameValidation.dns1123Subdomain(v)) }
        }
        if let ads = spec.admInt("activeDeadlineSeconds"), ads < 1 || ads > Int64(Int32.max) {
            e.invalid("\(p).activeDeadlineSeconds", int: ads, NameValidation.inclusiveRange(1, Int64(Int32.max)))
        }
        for key in ["hostname", "subdomain"] {
            let v = spec.admText(key)
            if !v.isEmpty { e.invalid("\(p).\(key)", string: v, messages: NameValidation.dns1123Label(v)) }
        }
        validateTolerations(spec.admArray("tolerations"), path: "\(p).tolerations", into: &e)
        if let pp = spec.admString("preemptionPolicy") {
            let allowed = ["PreemptLowerPriority", "Never"]
            if pp.isEmpty { e.required("\(p).preemptionPolicy") } else if !allowed.contains(pp) {
                e.notSupported("\(p).preemptionPolicy", pp, allowed)
            }
        }
    }

    /// A required enumerated string member of `obj`, reported at `path.key`.
    static func enumField(_ obj: JSON, _ key: String, path: String, _ allowed: [String], into e: inout AdmissionErrors) {
        let v = obj.admText(key)
        if v.isEmpty {
            e.required("\(path).\(key)")
        } else if !allowed.contains(v) {
            e.notSupported("\(path).\(key)", v, allowed)
        }
    }

    static func validateTolerations(_ tolerations: [JSON], path: String, into e: inout AdmissionErrors) {
        for (i, t) in tolerations.enumerated() {
            let p = "\(path)[\(i)]"
            let key = t.admText("key"), op = t.admText("operator"), value = t.admText("value"), effect = t.admText("effect")
            if !key.isEmpty { e.invalid("\(p).key", string: key, messages: NameValidation.qualifiedName(key)) }
            if key.isEmpty && op != "Exists" {
                e.invalid("\(p).operator", string: op, "operator must be Exists when `key` is empty, which means \"match all values and all keys\"")
            }
            if t.admHas("tolerationSeconds") && effect != "NoExecute" {
                e.invalid("\(p).effect", string: effect, "effect must be 'NoExecute' when `tolerationSeconds` is set")
            }
            switch op {
            case "Equal", "":
                let errs = NameValidation.labelValue(value)
                if !errs.isEmpty { e.invalid("\(p).operator", string: value, errs.joined(separator: ";")) }
            case "Exists":
                if !value.isEmpty {
                    e.invalid("\(p).operator", "core.Toleration{Key:\(AdmissionGoFormat.quote(key)), Operator:\"Exists\", Value:\(AdmissionGoFormat.quote(value)), Effect:\(AdmissionGoFormat.quote(effect)), TolerationSeconds:(*int64)(nil)}",
                              "value must be empty when `operator` is 'Exists'")
                }
            default:
                e.notSupported("\(p).operator", op, ["Equal", "Exists"])
            }
            if !effect.isEmpty && !["NoSchedule", "PreferNoSchedule", "NoExecute"].contains(effect) {
                e.notSupported("\(p).effect", effect, ["NoSchedule", "PreferNoSchedule", "NoExecute"])
            }
        }
    }
}
