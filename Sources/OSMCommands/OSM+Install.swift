// `osm install`: the mesh's CRDs and control plane into the cluster the kubeconfig names, then a
// wait until osm-controller is available; one mesh per cluster unless told otherwise.
import ArgumentParser
import Foundation
import KubeClient
import KubeModel
import MeshPolicy
import MeshManifests

extension OSM {
    /// `osm install`.
    struct Install: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Install the mesh's control plane into a cluster.")
        @OptionGroup var kube: KubeOptions
        @Option(name: .customLong("mesh-name"), help: "The mesh's name.") var meshName = "osm"
        @Option(name: .customLong("set"), help: ArgumentHelp("A value, key=value (repeatable): \(InstallSettings.keys.joined(separator: ", ")).", valueName: "key=value"))
        var values: [String] = []
        @Option(name: .customLong("enforce-single-mesh"), help: "Refuse to install when another mesh exists (true or false).")
        var enforceSingleMesh = true
        @Option(help: "How long to wait for the control plane, e.g. 90s or 5m.") var timeout = "5m"

        func run() async throws {
            var install = try InstallSettings.parse(values)
            install.meshName = meshName
            install.namespace = kube.osmNamespace
            guard let wait = InstallSettings.seconds(timeout) else { throw CLIError("--timeout must be like 90s or 5m, got \(timeout)") }
            let client = try kube.client()
            defer { client.shutdown() }
            let meshes = try await client.meshes()
            if let same = meshes.first(where: { $0.name == meshName }) {
                throw CLIError("mesh [\(meshName)] already exists in namespace [\(same.namespace)]; pick another --mesh-name or uninstall it first")
            }
            if enforceSingleMesh, let other = meshes.first {
                throw CLIError("mesh [\(other.name)] already exists in namespace [\(other.namespace)]; a cluster can have one mesh (pass --enforce-single-mesh=false to allow more)")
            }
            try await ObjectApply.apply(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(install.namespace)]], client: client)
            for crd in try MeshManifests.crds() { try await ObjectApply.apply(try ObjectApply.json(yaml: crd.yaml), client: client) }
            try await waitForCRDs(client)
            for object in ControlPlane.objects(install) { try await ObjectApply.apply(object, client: client) }
            let deadline = ContinuousClock.now + .seconds(wait)
            for component in ControlPlaneHealth.components {
                let available = try await client.waitForDeployment(component, namespace: install.namespace, until: deadline) {
                    ($0[["status", "availableReplicas"]].intValue ?? 0) >= 1
                }
                guard available else {
                    throw CLIError("\(component) did not become available within \(timeout); see kubectl get pods -n \(install.namespace)")
                }
            }
            print("OSM installed successfully in namespace [\(install.namespace)] with mesh name [\(meshName)]")
        }

        /// Waits until the MeshConfig kind is served (CRDs are established asynchronously on real clusters).
        func waitForCRDs(_ client: KubeClient) async throws {
            for _ in 0..<100 {
                if (try? await client.get(ObjectApply.paths["MeshConfig"]!.collection(namespace: kube.osmNamespace))) != nil { return }
                try await Task.sleep(for: .milliseconds(100))
            }
            throw CLIError("the MeshConfig CRD did not become available; see kubectl get crd meshconfigs.config.openservicemesh.io")
        }
    }
}

extension KubeClient {
    /// Polls a Deployment until `done` holds for it (true) or `deadline` passes (false).
    func waitForDeployment(_ name: String, namespace: String, until deadline: ContinuousClock.Instant,
                           _ done: (JSON) -> Bool) async throws -> Bool {
        let path = ResourcePath.deployments.object(name, namespace: namespace)
        while ContinuousClock.now < deadline {
            if let d = try? await get(path), done(d) { return true }
            try await Task.sleep(for: .milliseconds(200))
        }
        return false
    }
}

/// `--set` values of `osm install`.
enum InstallSettings {
    static let keys = ["osm.enablePermissiveTrafficPolicy", "osm.enableEgress",
                       "osm.certificateProvider.serviceCertValidityDuration", "osm.controllerReplicaCount", "osm.image"]

    /// The keys that only shape the MeshConfig `osm install` creates.
    static let meshConfigKeys: Set = ["osm.enablePermissiveTrafficPolicy", "osm.enableEgress",
                                      "osm.certificateProvider.serviceCertValidityDuration"]

    /// `base` (the defaults unless given) with every `key=value` applied; an unknown key or a bad
    /// value is one line naming it.
    static func parse(_ settings: [String], onto base: InstallValues = InstallValues()) throws -> InstallValues {
        var v = base
        for setting in settings {
            guard let eq = setting.firstIndex(of: "=") else { throw CLIError("--set \(setting): expected key=value") }
            let key = String(setting[..<eq]), value = String(setting[setting.index(after: eq)...])
            func bool() throws -> Bool {
                guard let b = Bool(value) else { throw CLIError("--set \(key): expected true or false, got \(value)") }
                return b
            }
            switch key {
            case "osm.enablePermissiveTrafficPolicy": v.permissive = try bool()
            case "osm.enableEgress": v.egress = try bool()
            case "osm.certificateProvider.serviceCertValidityDuration":
                guard seconds(value) != nil else { throw CLIError("--set \(key): expected a duration like 24h, got \(value)") }
                v.certificateValidity = value
            case "osm.controllerReplicaCount":
                guard let n = Int(value), n >= 1 else { throw CLIError("--set \(key): expected a count of at least 1, got \(value)") }
                v.controllerReplicas = n
            case "osm.image": v.image = value
            default: throw CLIError("--set \(key): unknown value; known: \(keys.joined(separator: ", "))")
            }
        }
        return v
    }

    /// Whole seconds (rounded up) in a Go-style duration like `90s`, `5m`, `1h30m` — MeshConfig's parser, so
    /// `--timeout` and `--set …Duration` accept what MeshConfig does.
    static func seconds(_ text: String) -> Int? {
        MeshSettings.duration(text).map { Int($0.rounded(.up)) }
    }
}
