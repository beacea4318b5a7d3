// Creating or updating the objects `osm install` manages, by kind, through the API: create, and
// when it exists already, merge-patch it to the wanted state (a Service keeps its ClusterIP).
import Foundation
import KubeClient
import KubeModel
import Yams

/// Where the objects the installer creates live.
enum ObjectApply {
    static let paths: [String: ResourcePath] = [
        "Namespace": .namespaces, "ServiceAccount": .serviceAccounts, "Service": .services, "Deployment": .deployments,
        "Secret": .secrets, "ConfigMap": .configMaps,
        "CustomResourceDefinition": ResourcePath(group: "apiextensions.k8s.io", version: "v1", resource: "customresourcedefinitions", namespaced: false),
        "ClusterRole": ResourcePath(group: "rbac.authorization.k8s.io", version: "v1", resource: "clusterroles", namespaced: false),
        "ClusterRoleBinding": ResourcePath(group: "rbac.authorization.k8s.io", version: "v1", resource: "clusterrolebindings", namespaced: false),
        "MeshConfig": ResourcePath(group: "config.openservicemesh.io", version: "v1alpha2", resource: "meshconfigs"),
        "MutatingWebhookConfiguration": ResourcePath(group: "admissionregistration.k8s.io", version: "v1", resource: "mutatingwebhookconfigurations", namespaced: false),
        "ValidatingWebhookConfiguration": ResourcePath(group: "admissionregistration.k8s.io", version: "v1", resource: "validatingwebhookconfigurations", namespaced: false),
    ]

    /// The path of `object`'s kind; an unknown kind is a programming error reported as a CLI error.
    static func path(_ object: JSON) throws -> ResourcePath {
        guard let kind = object["kind"].stringValue, let path = paths[kind] else {
            throw CLIError("cannot install an object of kind \(object["kind"].stringValue ?? "?")")
        }
        return path
    }

    /// Creates `object`, or merge-patches it when it exists.
    static func apply(_ object: JSON, client: KubeClient) async throws {
        try await client.createOrPatch(try path(object), object)
    }

    /// A YAML document as JSON.
    static func json(yaml: String) throws -> JSON {
        guard let value = try Yams.load(yaml: yaml) else { throw CLIError("empty manifest") }
        return try JSON.parse(Array(try JSONSerialization.data(withJSONObject: value)))
    }
}
