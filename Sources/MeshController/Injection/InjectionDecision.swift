// Whether a new pod gets a sidecar, by OSM's rules: never with hostNetwork or in kube-system,
// kube-public or the control plane's namespace; only in namespaces of this mesh; the
// `openservicemesh.io/sidecar-injection` annotation of the pod, else of the namespace, decides.
import KubeModel

/// The injector's answer for one pod.
public enum InjectionDecision: Sendable, Equatable {
    /// Add the sidecar.
    case inject
    /// Leave the pod as it is, and why.
    case skip(String)
    /// Refuse the pod (an annotation with a value that means neither yes nor no).
    case refuse(String)

    static let annotation = "openservicemesh.io/sidecar-injection"

    /// The decision for `pod` in `namespace` for mesh `meshName` with its control plane in `osmNamespace`.
    public static func decide(pod: JSON, namespace: JSON, meshName: String, osmNamespace: String) -> InjectionDecision {
        if pod[["spec", "hostNetwork"]].boolValue == true { return .skip("hostNetwork pods are not injected") }
        if ["kube-system", "kube-public", osmNamespace].contains(namespace.name) {
            return .skip("pods in namespace \(namespace.name) are not injected")
        }
        guard namespace.labels["openservicemesh.io/monitored-by"] == meshName else {
            return .skip("namespace \(namespace.name) is not in mesh \(meshName)")
        }
        func read(_ object: JSON, _ what: String) -> Result<Bool?, InjectionError> {
            guard let value = object[["metadata", "annotations", annotation]].stringValue else { return .success(nil) }
            switch value.lowercased() {
            case "enabled", "yes", "true": return .success(true)
            case "disabled", "no", "false": return .success(false)
            default: return .failure(InjectionError(description:
                "invalid value \"\(value)\" of annotation \(annotation) on \(what): use enabled or disabled"))
            }
        }
        let podSays: Bool?, namespaceSays: Bool?
        switch (read(pod, "the pod"), read(namespace, "namespace \(namespace.name)")) {
        case (.failure(let e), _), (_, .failure(let e)): return .refuse(e.description)
        case (.success(let p), .success(let n)): (podSays, namespaceSays) = (p, n)
        }
        if podSays == true || (namespaceSays == true && podSays != false) { return .inject }
        return .skip(podSays == false ? "the pod's annotation disables injection" : "injection is not enabled for namespace \(namespace.name)")
    }
}

/// Why a pod cannot be injected.
public struct InjectionError: Error, CustomStringConvertible, Equatable {
    /// One line naming the field.
    public let description: String
}
