// Helpers for the admission (defaulting and validation) tests.
import Testing
import KubeModel

/// Parses a JSON literal used as a test fixture.
func admFixture(_ text: String) -> JSON {
    do { return try JSON.parse(text) } catch { fatalError("bad fixture: \(error)\n\(text)") }
}

/// Defaults then validates, returning each error as kube-apiserver prints it.
func admCheck(_ group: String, _ kind: String, _ object: JSON, old: JSON? = nil, defaults: Bool = true) -> [String] {
    var obj = object
    var previous = old
    if defaults {
        BuiltinDefaults.apply(group: group, kind: kind, to: &obj)
        if previous != nil { BuiltinDefaults.apply(group: group, kind: kind, to: &previous!) }
    }
    return BuiltinValidation.validate(group: group, kind: kind, object: obj, old: previous).map(\.description)
}

/// A minimal valid Pod.
func admPod(_ name: String = "web", containers: JSON = [["name": "app", "image": "nginx:1.25"]]) -> JSON {
    ["apiVersion": "v1", "kind": "Pod", "metadata": ["name": .string(name), "namespace": "default"],
     "spec": ["containers": containers]]
}

/// A minimal valid Deployment selecting `app: web`.
func admDeployment(labels: JSON = ["app": "web"], selector: JSON = ["matchLabels": ["app": "web"]]) -> JSON {
    ["apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "web", "namespace": "default"],
     "spec": ["selector": selector,
              "template": ["metadata": ["labels": labels],
                           "spec": ["containers": [["name": "app", "image": "nginx:1.25"]]]]]]
}

/// A minimal valid Service.
func admService(_ spec: JSON) -> JSON {
    ["apiVersion": "v1", "kind": "Service", "metadata": ["name": "web", "namespace": "default"], "spec": spec]
}

extension JSON {
    /// The element at `i` of an array, or `.null`.
    func admIndex(_ i: Int) -> JSON {
        guard let a = arrayValue, a.indices.contains(i) else { return .null }
        return a[i]
    }
}
