// Entry point of built-in object validation: dispatches on group and kind to the per-kind rules.

/// kube-apiserver's validation of built-in kinds, applied to (already defaulted) objects on create and update.
public enum BuiltinValidation {
    /// The field errors of `object` (`old` is the stored object on update, nil on create); RBAC kinds need path-segment names, others DNS subdomains.
    public static func validate(group: String, kind: String, object: JSON, old: JSON?) -> [FieldError] {
        var e = AdmissionErrors()
        if let old { AdmissionMeta.validateUpdate(object, old: old, into: &e) }
        switch (group, kind) {
        case ("", "Service"): validateService(object, old: old, into: &e)
        case ("", "Pod"): validatePod(object, old: old, into: &e)
        case ("", "Namespace"): validateNamespace(object, into: &e)
        case ("", "ConfigMap"): validateConfigMap(object, old: old, into: &e)
        case ("", "Secret"): validateSecret(object, old: old, into: &e)
        case ("", "Endpoints"): validateEndpoints(object, into: &e)
        case ("", "ServiceAccount"), ("", "Node"), ("", "Event"):
            AdmissionMeta.validate(object, rule: .subdomain, into: &e)
        case ("apps", "Deployment"): validateDeployment(object, old: old, into: &e)
        case ("apps", "ReplicaSet"): validateReplicaSet(object, old: old, into: &e)
        case ("admissionregistration.k8s.io", "MutatingWebhookConfiguration"):
            validateWebhookConfiguration(object, old: old, mutating: true, into: &e)
        case ("admissionregistration.k8s.io", "ValidatingWebhookConfiguration"):
            validateWebhookConfiguration(object, old: old, mutating: false, into: &e)
        case ("apiextensions.k8s.io", "CustomResourceDefinition"): validateCRD(object, old: old, into: &e)
        case ("coordination.k8s.io", "Lease"): validateLease(object, into: &e)
        case ("rbac.authorization.k8s.io", _): AdmissionMeta.validate(object, rule: .pathSegment, into: &e)
        default: AdmissionMeta.validate(object, rule: .subdomain, into: &e)
        }
        return e.list
    }

    /// Only the generic metadata checks (name, labels, annotations, finalizers, owners, identity), as for custom resources.
    public static func validateMetadata(of object: JSON, old: JSON?) -> [FieldError] {
        var e = AdmissionErrors()
        if let old { AdmissionMeta.validateUpdate(object, old: old, into: &e) }
        AdmissionMeta.validate(object, rule: .subdomain, into: &e)
        return e.list
    }
}
