// `osm namespace add|remove|ignore|list`: which namespaces a mesh monitors, with OSM's labels,
// annotations, refusals and messages.
import ArgumentParser
import KubeClient
import KubeModel

extension OSM {
    /// `osm namespace`.
    struct Namespace: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Manage the namespaces a mesh monitors.", subcommands: [Add.self, Remove.self, Ignore.self, List.self])
    }
}

/// The keys OSM puts on namespaces.
enum MeshLabels {
    static let monitoredBy = "openservicemesh.io/monitored-by"
    static let ignore = "openservicemesh.io/ignore"
    static let sidecarInjection = "openservicemesh.io/sidecar-injection"
    static let metrics = "openservicemesh.io/metrics"
}

extension KubeClient {
    /// The meshes installed: (mesh name, control-plane namespace) of each osm-controller Deployment.
    func meshes() async throws -> [(name: String, namespace: String)] {
        let list = try await get(ResourcePath.deployments.collection() + "?labelSelector=app%3Dosm-controller")
        return (list["items"].arrayValue ?? []).compactMap { d in d.labels["meshName"].map { ($0, d.namespace) } }
    }

    /// A namespace, or a one-line error naming it when it does not exist.
    func namespaceObject(_ name: String) async throws -> JSON {
        do { return try await get(ResourcePath.namespaces.object(name)) } catch let e as KubeClientError where e.isNotFound {
            throw CLIError("namespace [\(name)] does not exist; create it first: kubectl create namespace \(name)")
        }
    }
}

extension OSM.Namespace {
    /// `osm namespace add NS...`.
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add namespaces to a mesh (new pods there get sidecars).")
        @OptionGroup var kube: KubeOptions
        @Option(name: .customLong("mesh-name"), help: "The mesh to add them to.") var meshName = "osm"
        @Flag(name: .customLong("disable-sidecar-injection"), help: "Monitor the namespaces without injecting sidecars.")
        var disableSidecarInjection = false
        @Argument(help: "The namespaces.") var namespaces: [String]

        func run() async throws {
            let client = try kube.client()
            defer { client.shutdown() }
            let meshes = try await client.meshes()
            guard let mesh = meshes.first(where: { $0.name == meshName }) else {
                throw CLIError("mesh [\(meshName)] does not exist; install it with `osm install --mesh-name \(meshName)` or pass --mesh-name")
            }
            for name in namespaces {
                let ns = try await client.namespaceObject(name)
                if meshes.contains(where: { $0.namespace == name }) || name == mesh.namespace {
                    throw CLIError("namespace [\(name)] hosts a mesh control plane (osm-controller) and cannot be added to mesh [\(meshName)]")
                }
                if ns.labels[MeshLabels.ignore] == "true" {
                    throw CLIError("namespace [\(name)] is ignored (label \(MeshLabels.ignore)=true) and cannot be added to mesh [\(meshName)]")
                }
                let injection = disableSidecarInjection ? "disabled" : "enabled"
                _ = try await client.patch(ResourcePath.namespaces.object(name), [
                    "metadata": ["labels": [MeshLabels.monitoredBy: .string(meshName)],
                                 "annotations": [MeshLabels.sidecarInjection: .string(injection)]],
                ])
                print("Namespace [\(name)] successfully added to mesh [\(meshName)]")
            }
        }
    }

    /// `osm namespace remove NS`.
    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a namespace from its mesh (running sidecars stay until pods restart).")
        @OptionGroup var kube: KubeOptions
        @Option(name: .customLong("mesh-name"), help: "The mesh to remove it from.") var meshName = "osm"
        @Argument(help: "The namespace.") var namespace: String

        func run() async throws {
            let client = try kube.client()
            defer { client.shutdown() }
            let ns = try await client.namespaceObject(namespace)
            guard let current = ns.labels[MeshLabels.monitoredBy] else {
                throw CLIError("namespace [\(namespace)] does not belong to any mesh")
            }
            guard current == meshName else {
                throw CLIError("namespace [\(namespace)] belongs to mesh [\(current)], not mesh [\(meshName)]; pass --mesh-name \(current)")
            }
            _ = try await client.patch(ResourcePath.namespaces.object(namespace), [
                "metadata": ["labels": [MeshLabels.monitoredBy: .null, MeshLabels.ignore: .null],
                             "annotations": [MeshLabels.sidecarInjection: .null, MeshLabels.metrics: .null]],
            ])
            print("Namespace [\(namespace)] successfully removed from mesh [\(meshName)]")
        }
    }

    /// `osm namespace ignore NS...`.
    struct Ignore: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Exclude namespaces from the mesh's webhooks.")
        @OptionGroup var kube: KubeOptions
        @Argument(help: "The namespaces.") var namespaces: [String]

        func run() async throws {
            let client = try kube.client()
            defer { client.shutdown() }
            for name in namespaces {
                _ = try await client.namespaceObject(name)
                _ = try await client.patch(ResourcePath.namespaces.object(name),
                                           ["metadata": ["labels": [MeshLabels.ignore: "true"]]])
                print("Successfully configured namespace [\(name)] to be ignored")
            }
        }
    }

    /// `osm namespace list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the namespaces of meshes.")
        @OptionGroup var kube: KubeOptions
        @Option(name: .customLong("mesh-name"), help: "Only this mesh's namespaces.") var meshName: String?

        func run() async throws {
            let client = try kube.client()
            defer { client.shutdown() }
            let selector = meshName.map { "\(MeshLabels.monitoredBy)=\($0)" } ?? MeshLabels.monitoredBy
            let list = try await client.get(ResourcePath.namespaces.collection() + "?labelSelector=\(KubeClient.escape(selector))")
            let items = (list["items"].arrayValue ?? []).sorted { $0.name < $1.name }
            guard !items.isEmpty else {
                print(meshName.map { "No namespaces in mesh [\($0)]" } ?? "No namespaces in any mesh")
                return
            }
            print(table(["NAMESPACE", "MESH", "SIDECAR-INJECTION"], items.map { ns in
                let injection = ns.labels[MeshLabels.ignore] == "true" ? "disabled (ignored)"
                    : ns[["metadata", "annotations", MeshLabels.sidecarInjection]].stringValue ?? "-"
                return [ns.name, ns.labels[MeshLabels.monitoredBy] ?? "-", injection]
            }), terminator: "")
        }
    }
}
