/// The resources served by every embedded API server, before any CustomResourceDefinition.
public enum BuiltinResources {
    /// All built-in resources, in discovery order.
    public static let all: [APIResource] = [
        // core/v1
        .init(group: "", version: "v1", resource: "namespaces", singular: "namespace", kind: "Namespace",
              namespaced: false, shortNames: ["ns"], subresources: ["status", "finalize"],
              verbs: ["create", "delete", "get", "list", "patch", "update", "watch"]),
        .init(group: "", version: "v1", resource: "serviceaccounts", singular: "serviceaccount", kind: "ServiceAccount",
              namespaced: true, shortNames: ["sa"], subresources: ["token"]),
        .init(group: "", version: "v1", resource: "secrets", singular: "secret", kind: "Secret", namespaced: true),
        .init(group: "", version: "v1", resource: "configmaps", singular: "configmap", kind: "ConfigMap",
              namespaced: true, shortNames: ["cm"]),
        .init(group: "", version: "v1", resource: "services", singular: "service", kind: "Service", namespaced: true,
              shortNames: ["svc"], categories: ["all"], subresources: ["status"],
              verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]),
        .init(group: "", version: "v1", resource: "endpoints", singular: "endpoints", kind: "Endpoints",
              namespaced: true, shortNames: ["ep"]),
        .init(group: "", version: "v1", resource: "pods", singular: "pod", kind: "Pod", namespaced: true,
              shortNames: ["po"], categories: ["all"], subresources: ["status", "log", "exec", "portforward", "binding", "eviction"]),
        .init(group: "", version: "v1", resource: "nodes", singular: "node", kind: "Node", namespaced: false,
              shortNames: ["no"], subresources: ["status"]),
        .init(group: "", version: "v1", resource: "events", singular: "event", kind: "Event", namespaced: true,
              shortNames: ["ev"]),
        // apps/v1
        .init(group: "apps", version: "v1", resource: "deployments", singular: "deployment", kind: "Deployment",
              namespaced: true, shortNames: ["deploy"], categories: ["all"], subresources: ["status", "scale"]),
        .init(group: "apps", version: "v1", resource: "replicasets", singular: "replicaset", kind: "ReplicaSet",
              namespaced: true, shortNames: ["rs"], categories: ["all"], subresources: ["status", "scale"]),
        // discovery.k8s.io/v1
        .init(group: "discovery.k8s.io", version: "v1", resource: "endpointslices", singular: "endpointslice",
              kind: "EndpointSlice", namespaced: true),
        // coordination.k8s.io/v1
        .init(group: "coordination.k8s.io", version: "v1", resource: "leases", singular: "lease", kind: "Lease",
              namespaced: true),
        // admissionregistration.k8s.io/v1
        .init(group: "admissionregistration.k8s.io", version: "v1", resource: "mutatingwebhookconfigurations",
              singular: "mutatingwebhookconfiguration", kind: "MutatingWebhookConfiguration", namespaced: false),
        .init(group: "admissionregistration.k8s.io", version: "v1", resource: "validatingwebhookconfigurations",
              singular: "validatingwebhookconfiguration", kind: "ValidatingWebhookConfiguration", namespaced: false),
        // apiextensions.k8s.io/v1
        .init(group: "apiextensions.k8s.io", version: "v1", resource: "customresourcedefinitions",
              singular: "customresourcedefinition", kind: "CustomResourceDefinition", namespaced: false,
              shortNames: ["crd", "crds"], subresources: ["status"]),
        // rbac.authorization.k8s.io/v1 (stored and served; the embedded cluster does not enforce RBAC)
        .init(group: "rbac.authorization.k8s.io", version: "v1", resource: "roles", singular: "role", kind: "Role",
              namespaced: true),
        .init(group: "rbac.authorization.k8s.io", version: "v1", resource: "rolebindings", singular: "rolebinding",
              kind: "RoleBinding", namespaced: true),
        .init(group: "rbac.authorization.k8s.io", version: "v1", resource: "clusterroles", singular: "clusterrole",
              kind: "ClusterRole", namespaced: false),
        .init(group: "rbac.authorization.k8s.io", version: "v1", resource: "clusterrolebindings",
              singular: "clusterrolebinding", kind: "ClusterRoleBinding", namespaced: false),
    ]
}
