/// One REST resource the API server serves: where it lives, what it is called, and what it supports.
public struct APIResource: Sendable, Hashable {
    /// API group ("" for core).
    public var group: String
    /// Version, e.g. `v1`.
    public var version: String
    /// Plural lower-case resource name, e.g. `deployments`.
    public var resource: String
    /// Singular name, e.g. `deployment`.
    public var singular: String
    /// Kind, e.g. `Deployment`.
    public var kind: String
    /// Kind of the list, e.g. `DeploymentList`.
    public var listKind: String { kind + "List" }
    /// Whether objects live in namespaces.
    public var namespaced: Bool
    /// Short names kubectl accepts, e.g. `deploy`.
    public var shortNames: [String]
    /// Categories, e.g. `all`.
    public var categories: [String]
    /// Subresources served, e.g. `status`, `scale`, `log`, `exec`.
    public var subresources: [String]
    /// Verbs on the main resource.
    public var verbs: [String]
    /// The version objects are stored in (differs from `version` for multi-version custom resources).
    public var storageVersion: String
    /// Whether this resource is served from a CustomResourceDefinition.
    public var isCustom: Bool

    /// The standard verbs of a read-write resource.
    public static let allVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]

    /// Creates a resource description.
    public init(
        group: String, version: String, resource: String, singular: String, kind: String, namespaced: Bool,
        shortNames: [String] = [], categories: [String] = [], subresources: [String] = [],
        verbs: [String] = APIResource.allVerbs, storageVersion: String? = nil, isCustom: Bool = false
    ) {
        self.group = group
        self.version = version
        self.resource = resource
        self.singular = singular
        self.kind = kind
        self.namespaced = namespaced
        self.shortNames = shortNames
        self.categories = categories
        self.subresources = subresources
        self.verbs = verbs
        self.storageVersion = storageVersion ?? version
        self.isCustom = isCustom
    }

    /// `v1` or `group/version`, as objects carry it in `apiVersion`.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// Storage collection name: `<group or core>/<resource>`.
    public var collection: String { "\(group.isEmpty ? "core" : group)/\(resource)" }

    /// `resource` or `resource.group`, as kube-apiserver names a resource in messages.
    public var qualifiedName: String { group.isEmpty ? resource : "\(resource).\(group)" }

    /// URL path prefix of the group version: `/api/v1` or `/apis/<group>/<version>`.
    public var groupVersionPath: String { group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)" }

    /// The URL of one object (or the collection when `name` is nil).
    public func path(namespace: String?, name: String?) -> String {
        var p = groupVersionPath
        if namespaced, let namespace { p += "/namespaces/\(namespace)" }
        p += "/\(resource)"
        if let name { p += "/\(name)" }
        return p
    }
}
