// Deployment and ReplicaSet validation: selector/template agreement, replicas, rollout strategy, immutable selector.

extension BuiltinValidation {
    static func validateDeployment(_ d: JSON, old: JSON?, into e: inout AdmissionErrors) {
        AdmissionMeta.validate(d, rule: .subdomain, into: &e)
        let spec = d["spec"]
        e.nonNegative("spec.replicas", spec.admInt("replicas"))
        validateWorkloadSelector(spec, into: &e)
        validateDeploymentStrategy(spec["strategy"], into: &e)
        let minReady = spec.admInt("minReadySeconds") ?? 0
        e.nonNegative("spec.minReadySeconds", minReady)
        e.nonNegative("spec.revisionHistoryLimit", spec.admInt("revisionHistoryLimit"))
        if let pds = spec.admInt("progressDeadlineSeconds") {
            e.nonNegative("spec.progressDeadlineSeconds", pds)
            if pds <= minReady { e.invalid("spec.progressDeadlineSeconds", int: pds, "must be greater than minReadySeconds") }
        }
        if let old { validateImmutableSelector(spec, old: old["spec"], into: &e) }
    }

    static func validateReplicaSet(_ rs: JSON, old: JSON?, into e: inout AdmissionErrors) {
        AdmissionMeta.validate(rs, rule: .subdomain, into: &e)
        let spec = rs["spec"]
        e.nonNegative("spec.replicas", spec.admInt("replicas"))
        e.nonNegative("spec.minReadySeconds", spec.admInt("minReadySeconds"))
        validateWorkloadSelector(spec, into: &e)
        if let old { validateImmutableSelector(spec, old: old["spec"], into: &e) }
    }

    /// Selector presence and syntax, then the template checked against it (upstream's ValidatePodTemplateSpecForReplicaSet).
    static func validateWorkloadSelector(_ spec: JSON, into e: inout AdmissionErrors) {
        let selector = spec["selector"]
        if selector.isNull {
            e.required("spec.selector")
        } else {
            AdmissionMeta.labelSelector(selector, field: "spec.selector", into: &e)
            if AdmissionMeta.selectorIsEmpty(selector) {
                e.invalid("spec.selector", AdmissionGoFormat.labelSelector(selector), "empty selector is invalid for deployment")
            }
        }
        let template = spec["template"]
        let labels = template["metadata"].admStringMap("labels")
        // A missing selector selects nothing; an empty one selects everything.
        if selector.isNull || (!AdmissionMeta.selectorIsEmpty(selector) && !AdmissionMeta.selectorMatches(selector, labels ?? [:])) {
            e.invalid("spec.template.metadata.labels", AdmissionGoFormat.stringMap(labels), "`selector` does not match template `labels`")
        }
        validatePodTemplate(template, path: "spec.template", into: &e)
        let restart = template["spec"].admText("restartPolicy")
        if restart != "Always" { e.notSupported("spec.template.spec.restartPolicy", restart, ["Always"]) }
        if template["spec"].admHas("activeDeadlineSeconds") {
            e.forbidden("spec.template.spec.activeDeadlineSeconds", "activeDeadlineSeconds in ReplicaSet is not Supported")
        }
    }

    static func validateImmutableSelector(_ spec: JSON, old: JSON, into e: inout AdmissionErrors) {
        if normalizedSelector(spec["selector"]) != normalizedSelector(old["selector"]) {
            e.invalid("spec.selector", AdmissionGoFormat.labelSelector(spec["selector"]), "field is immutable")
        }
    }

    /// A selector with empty members dropped, so `{}` and absent compare equal as they do after decoding.
    private static func normalizedSelector(_ s: JSON) -> JSON {
        var out = s
        if out["matchLabels"].objectValue?.isEmpty == true { out["matchLabels"] = .null }
        if out["matchExpressions"].arrayValue?.isEmpty == true { out["matchExpressions"] = .null }
        return out
    }

    static func validateDeploymentStrategy(_ strategy: JSON, into e: inout AdmissionErrors) {
        switch strategy.admText("type") {
        case "Recreate":
            if strategy.admHas("rollingUpdate") {
                e.forbidden("spec.strategy.rollingUpdate", "may not be specified when strategy `type` is 'Recreate'")
            }
        case "RollingUpdate":
            guard strategy.admHas("rollingUpdate") else {
                e.required("spec.strategy.rollingUpdate", "this should be defaulted and never be nil")
                return
            }
            let ru = strategy["rollingUpdate"], p = "spec.strategy.rollingUpdate"
            validateIntOrPercent(ru["maxUnavailable"], path: "\(p).maxUnavailable", into: &e)
            validateIntOrPercent(ru["maxSurge"], path: "\(p).maxSurge", into: &e)
            if intOrPercentValue(ru["maxUnavailable"]) == 0 && intOrPercentValue(ru["maxSurge"]) == 0 {
                e.invalid("\(p).maxUnavailable", AdmissionGoFormat.intOrString(ru["maxUnavailable"]), "may not be 0 when `maxSurge` is 0")
            }
            if let s = ru["maxUnavailable"].stringValue, NameValidation.percent(s).isEmpty, intOrPercentValue(ru["maxUnavailable"]) > 100 {
                e.invalid("\(p).maxUnavailable", AdmissionGoFormat.intOrString(ru["maxUnavailable"]), "must not be greater than 100%")
            }
        default:
            let rollingUpdate = strategy.admHas("rollingUpdate") ? "(*apps.RollingUpdateDeployment)(0xc000000000)" : "(*apps.RollingUpdateDeployment)(nil)"
            e.list.append(FieldError(.notSupported, field: "spec.strategy",
                                     value: "apps.DeploymentStrategy{Type:\(AdmissionGoFormat.quote(strategy.admText("type"))), RollingUpdate:\(rollingUpdate)}",
                                     detail: "supported values: \"Recreate\", \"RollingUpdate\""))
        }
    }

    /// Upstream's ValidatePositiveIntOrPercent.
    static func validateIntOrPercent(_ v: JSON, path: String, into e: inout AdmissionErrors) {
        if let s = v.stringValue {
            for m in NameValidation.percent(s) { e.invalid(path, AdmissionGoFormat.intOrString(v), m) }
        } else {
            e.nonNegative(path, v.intValue ?? 0)
        }
    }

    /// The integer, or the number before `%` of a valid percentage; 0 otherwise.
    static func intOrPercentValue(_ v: JSON) -> Int64 {
        if let s = v.stringValue {
            guard NameValidation.percent(s).isEmpty else { return Int64(s) ?? 0 }
            return Int64(s.dropLast()) ?? 0
        }
        return v.intValue ?? 0
    }
}
