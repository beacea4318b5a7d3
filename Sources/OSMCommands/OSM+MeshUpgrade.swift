// `osm mesh upgrade`: brings a mesh's CRDs and control plane to this CLI's version, carrying over the
// values the running control plane has (image, controller replicas) unless `--set` changes them, and
// waits for the rollout. The MeshConfig is left as it is, so edits made to it persist (as with OSM,
// whose chart values do not reach an existing osm-mesh-config).
import ArgumentParser
import Foundation
import KubeClient
import KubeModel
import MeshManifests
import MeshPolicy

extension OSM.Mesh {
    /// `osm mesh upgrade`.
    struct Upgrade: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Upgrade a mesh's CRDs and control plane to this CLI's version, keeping its values and its MeshConfig.")
        @OptionGroup var kube: KubeOptions
        @Option(name: .customLong("mesh-name"), help: "The mesh to upgrade.") var meshName = "osm"
        @Option(name: .customLong("set"), help: ArgumentHelp("A value to change, key=value (repeatable): osm.image, osm.controllerReplicaCount.",
                                                              valueName: "key=value"))
        var values: [String] = []
        @Option(help: "How long to wait for the rollout, e.g. 90s or 5m.") var timeout = "5m"

        func run() async throws {
            guard let wait = InstallSettings.seconds(timeout) else { throw CLIError("--timeout must be like 90s or 5m, got \(timeout)") }
            for setting in values {
                let key = String(setting.prefix { $0 != "=" })
                if InstallSettings.meshConfigKeys.contains(key) {
                    throw CLIError("--set \(key): the mesh's MeshConfig holds this; change it with kubectl patch meshconfig osm-mesh-config -n \(kube.osmNamespace) --type=merge -p '{\"spec\":…}'")
                }
            }
            let client = try kube.client()
            defer { client.shutdown() }
            guard let mesh = try await client.meshes().first(where: { $0.name == meshName }) else {
                throw CLIError("mesh [\(meshName)] does not exist; see osm mesh list")
            }
            var current = InstallValues()
            current.meshName = meshName
            current.namespace = mesh.namespace
            let controller = try await client.get(ResourcePath.deployments.object("osm-controller", namespace: mesh.namespace))
            if let image = controller[["spec", "template", "spec", "containers"]].arrayValue?.first?["image"].stringValue { current.image = image }
            if let replicas = controller[["spec", "replicas"]].intValue, replicas >= 1 { current.controllerReplicas = Int(replicas) }
            let upgraded = try InstallSettings.parse(values, onto: current)

            for crd in try MeshManifests.crds() { try await ObjectApply.apply(try ObjectApply.json(yaml: crd.yaml), client: client) }
            for object in ControlPlane.objects(upgraded) where object["kind"].stringValue != "MeshConfig" {
                try await ObjectApply.apply(object, client: client)
            }
            let deadline = ContinuousClock.now + .seconds(wait)
            for component in ControlPlaneHealth.components {
                guard try await client.waitForDeployment(component, namespace: mesh.namespace, until: deadline, Self.rolledOut) else {
                    throw CLIError("\(component) did not finish rolling out within \(timeout); see kubectl rollout status deployment/\(component) -n \(mesh.namespace)")
                }
            }
            print("OSM successfully upgraded mesh [\(meshName)] in namespace [\(mesh.namespace)]")
        }

        /// Whether a Deployment's controller has seen its latest spec and every replica is updated and available.
        static func rolledOut(_ d: JSON) -> Bool {
            let wanted = d[["spec", "replicas"]].intValue ?? 1
            let observed = d[["status", "observedGeneration"]].intValue ?? 0, generation = d[["metadata", "generation"]].intValue ?? 0
            let updated = d[["status", "updatedReplicas"]].intValue ?? 0, available = d[["status", "availableReplicas"]].intValue ?? 0
            let total = d[["status", "replicas"]].intValue ?? 0
            return observed >= generation && updated >= wanted && available >= wanted && total <= wanted
        }
    }
}
