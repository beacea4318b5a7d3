// Entry point of built-in defaulting: dispatches on group and kind to the per-kind default rules.

/// The defaults kube-apiserver (with its create strategies and default admission plugins) gives built-in kinds.
public enum BuiltinDefaults {
    /// Fills the unset fields of `object` for the given API group ("" for core) and kind; unknown kinds are untouched.
    public static func apply(group: String, kind: String, to object: inout JSON) {
        guard object.objectValue != nil else { return }
        switch (group, kind) {
        case ("", "Pod"): defaultPod(&object)
        case ("", "Service"): defaultService(&object)
        case ("", "Endpoints"): defaultEndpoints(&object)
        case ("", "Namespace"): defaultNamespace(&object)
        case ("", "Secret"): defaultSecret(&object)
        case ("", "Node"): defaultNode(&object)
        case ("", "PodTemplate"): object.admWith("template") { defaultPodTemplate(&$0) }
        case ("", "ReplicationController"): defaultReplicationController(&object)
        case ("apps", "Deployment"): defaultDeployment(&object)
        case ("apps", "ReplicaSet"): defaultReplicaSet(&object)
        case ("apps", "DaemonSet"): defaultDaemonSet(&object)
        case ("apps", "StatefulSet"): defaultStatefulSet(&object)
        case ("admissionregistration.k8s.io", "MutatingWebhookConfiguration"): defaultWebhooks(&object, mutating: true)
        case ("admissionregistration.k8s.io", "ValidatingWebhookConfiguration"): defaultWebhooks(&object, mutating: false)
        case ("apiextensions.k8s.io", "CustomResourceDefinition"): defaultCRD(&object)
        default: break
        }
    }

    /// The pull policy upstream picks for an image: `Always` for a `latest` or missing tag, else `IfNotPresent`.
    public static func imagePullPolicy(forImage image: String) -> String {
        imageTag(image) == "latest" ? "Always" : "IfNotPresent"
    }

    /// The tag of an image reference: "latest" when neither tag nor digest is given, "" for a digest alone.
    static func imageTag(_ image: String) -> String {
        var ref = Substring(image)
        var hasDigest = false
        if let at = ref.firstIndex(of: "@") {
            ref = ref[..<at]
            hasDigest = true
        }
        let lastComponent = ref.split(separator: "/", omittingEmptySubsequences: false).last ?? ref
        if let colon = lastComponent.lastIndex(of: ":") { return String(lastComponent[lastComponent.index(after: colon)...]) }
        return hasDigest ? "" : "latest"
    }
}
