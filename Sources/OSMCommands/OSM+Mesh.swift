// `osm mesh list`, `osm uninstall mesh` and `osm version`: the meshes in a cluster, removing one,
// and the versions of the CLI and of each mesh's control plane.
import ArgumentParser
import Foundation
import KubeClient
import KubeModel
import MeshController
import MeshManifests

extension KubeClient {
    /// The osm-controller Deployments (one per mesh).
    func meshDeployments() async throws -> [JSON] {
        (try await get(ResourcePath.deployments.collection() + "?labelSelector=app%3Dosm-controller"))["items"].arrayValue ?? []
    }
}

extension OSM {
    /// `osm mesh`.
    struct Mesh: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Meshes in the cluster.", subcommands: [List.self, Upgrade.self])

        /// `osm mesh list`.
        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the meshes and the namespaces they monitor.")
            @OptionGroup var kube: KubeOptions

            func run() async throws {
                let client = try kube.client()
                defer { client.shutdown() }
                let meshes = try await client.meshDeployments()
                guard !meshes.isEmpty else {
                    print("No osm mesh control planes found")
                    return
                }
                let namespaces = (try await client.get(ResourcePath.namespaces.collection()))["items"].arrayValue ?? []
                print(table(["MESH NAME", "MESH NAMESPACE", "VERSION", "ADDED NAMESPACES"], meshes.map { d in
                    let mesh = d.labels["meshName"] ?? "?"
                    let added = namespaces.filter { $0.labels[MeshLabels.monitoredBy] == mesh }.map(\.name).sorted().joined(separator: ",")
                    return [mesh, d.namespace, d.labels["app.kubernetes.io/version"] ?? "-", added.isEmpty ? "-" : added]
                }), terminator: "")
            }
        }
    }

    /// `osm version`.
    struct Version: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the CLI's version and each mesh's.")
        @OptionGroup var kube: KubeOptions
        @Flag(name: .customLong("client-only"), help: "Only the CLI's version.") var clientOnly = false

        func run() async throws {
            print("CLI Version: swift-osm \(MeshManifests.version)")
            guard !clientOnly else { return }
            let client = try kube.client()
            defer { client.shutdown() }
            let meshes = try await client.meshDeployments()
            guard !meshes.isEmpty else {
                print("No osm mesh control planes found")
                return
            }
            print(table(["MESH NAME", "MESH NAMESPACE", "VERSION"], meshes.map {
                [$0.labels["meshName"] ?? "?", $0.namespace, $0.labels["app.kubernetes.io/version"] ?? "-"]
            }), terminator: "")
        }
    }

    /// `osm uninstall`.
    struct Uninstall: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Uninstall a mesh.", subcommands: [UninstallMesh.self])
    }

    /// `osm uninstall mesh`.
    struct UninstallMesh: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "mesh", abstract: "Remove a mesh's control plane.")
        @OptionGroup var kube: KubeOptions
        @Option(name: .customLong("mesh-name"), help: "The mesh.") var meshName = "osm"
        @Flag(name: [.short, .customLong("force")], help: "Do not ask for confirmation.") var force = false
        @Flag(name: [.short, .customLong("delete-cluster-wide-resources")],
              help: "Also delete the CRDs (with every policy object), the mesh CA and the sidecars' bootstrap Secrets.")
        var deleteClusterWide = false
        @Flag(name: .customLong("delete-namespace"), help: "Also delete the control plane's namespace.") var deleteNamespace = false

        func run() async throws {
            let client = try kube.client()
            defer { client.shutdown() }
            guard let mesh = try await client.meshes().first(where: { $0.name == meshName }) else {
                throw CLIError("mesh [\(meshName)] does not exist; see osm mesh list")
            }
            if !force {
                print("Uninstall OSM [mesh name: \(meshName)] in namespace [\(mesh.namespace)] ? [y/n]: ", terminator: "")
                guard let answer = readLine(), ["y", "yes"].contains(answer.lowercased()) else {
                    print("Uninstall cancelled")
                    return
                }
            }
            var values = InstallValues()
            values.meshName = meshName
            values.namespace = mesh.namespace
            func delete(_ object: JSON) async throws {
                let path = try ObjectApply.path(object)
                try await client.delete(path.object(object.name, namespace: object.namespace.isEmpty ? nil : object.namespace), ignoreNotFound: true)
            }
            for object in ControlPlane.objects(values).reversed() { try await delete(object) }
            try await delete(["kind": "MutatingWebhookConfiguration", "metadata": ["name": .string(InjectorService.webhookName(meshName))]])
            try await delete(["kind": "ValidatingWebhookConfiguration", "metadata": ["name": .string(InjectorService.validatorName(meshName))]])
            if deleteClusterWide {
                for crd in try MeshManifests.crds() { try await delete(try ObjectApply.json(yaml: crd.yaml)) }
                try await delete(["kind": "Secret", "metadata": ["name": "osm-ca-bundle", "namespace": .string(mesh.namespace)]])
                let selector = KubeClient.escape("app.kubernetes.io/instance=\(meshName),osm-proxy-uuid")
                for secret in (try await client.get(ResourcePath.secrets.collection() + "?labelSelector=\(selector)"))["items"].arrayValue ?? [] {
                    try await delete(["kind": "Secret", "metadata": ["name": .string(secret.name), "namespace": .string(secret.namespace)]])
                }
            }
            if deleteNamespace { try await delete(["kind": "Namespace", "metadata": ["name": .string(mesh.namespace)]]) }
            print("OSM [mesh name: \(meshName)] in namespace [\(mesh.namespace)] uninstalled")
        }
    }
}
