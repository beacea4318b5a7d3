// REST paths of API resources: `/api/v1/namespaces/<ns>/pods/<name>` and
// `/apis/<group>/<version>/...`.

/// Builds the request paths of one resource type.
public struct ResourcePath: Sendable, Hashable {
    /// API group ("" for core).
    public var group: String
    /// API version.
    public var version: String
    /// Plural resource name.
    public var resource: String
    /// Whether objects live in namespaces.
    public var namespaced: Bool

    /// A resource type.
    public init(group: String, version: String, resource: String, namespaced: Bool = true) {
        self.group = group
        self.version = version
        self.resource = resource
        self.namespaced = namespaced
    }

    /// The collection in a namespace, or across all of them when `namespace` is nil.
    public func collection(namespace: String? = nil) -> String {
        let base = group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)"
        if namespaced, let namespace { return "\(base)/namespaces/\(namespace)/\(resource)" }
        return "\(base)/\(resource)"
    }

    /// One object, optionally a subresource of it (`status`, `binding`, …).
    public func object(_ name: String, namespace: String? = nil, subresource: String? = nil) -> String {
        collection(namespace: namespaced ? namespace : nil) + "/\(name)" + (subresource.map { "/\($0)" } ?? "")
    }

    /// Pods.
    public static let pods = ResourcePath(group: "", version: "v1", resource: "pods")
    /// Services.
    public static let services = ResourcePath(group: "", version: "v1", resource: "services")
    /// Endpoints.
    public static let endpoints = ResourcePath(group: "", version: "v1", resource: "endpoints")
    /// Namespaces.
    public static let namespaces = ResourcePath(group: "", version: "v1", resource: "namespaces", namespaced: false)
    /// Nodes.
    public static let nodes = ResourcePath(group: "", version: "v1", resource: "nodes", namespaced: false)
    /// Secrets.
    public static let secrets = ResourcePath(group: "", version: "v1", resource: "secrets")
    /// ConfigMaps.
    public static let configMaps = ResourcePath(group: "", version: "v1", resource: "configmaps")
    /// ServiceAccounts.
    public static let serviceAccounts = ResourcePath(group: "", version: "v1", resource: "serviceaccounts")
    /// Events.
    public static let events = ResourcePath(group: "", version: "v1", resource: "events")
    /// Deployments.
    public static let deployments = ResourcePath(group: "apps", version: "v1", resource: "deployments")
    /// ReplicaSets.
    public static let replicaSets = ResourcePath(group: "apps", version: "v1", resource: "replicasets")
    /// EndpointSlices.
    public static let endpointSlices = ResourcePath(group: "discovery.k8s.io", version: "v1", resource: "endpointslices")
}
