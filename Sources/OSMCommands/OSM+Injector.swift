// `osm injector`: the osm-injector process (run by its Deployment): the mutating webhook that adds
// the sidecar to new pods of the mesh's namespaces.
import ArgumentParser
import Foundation
import KubeClient
import KubeModel
import Logging
import MeshController
import NetPlan

extension OSM {
    /// `osm injector`.
    struct Injector: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run osm-injector: the webhook that adds sidecars to new pods.")
        @Option(help: "Path to a kubeconfig (default: in-cluster service account when in a pod, else $KUBECONFIG or ~/.kube/config).")
        var kubeconfig: String?
        @Option(name: .customLong("mesh-name"), help: "The mesh.") var meshName = "osm"
        @Option(name: .customLong("osm-namespace"), help: "The control plane's namespace.") var osmNamespace = "osm-system"
        @Option(help: "Address of the webhook's HTTPS listener.") var listen = "0.0.0.0:9090"
        @Option(help: "The image holding osm for the init container and the sidecar.") var image = "swift-osm/osm:latest"
        @Option(name: .customLong("health-listen"), help: "Address of the health and metrics server (/healthz, /metrics), or 'off'.")
        var healthListen = "0.0.0.0:9091"

        func run() async throws {
            var logger = Logger(label: "osm.injector")
            logger.logLevel = .info
            let client = try KubeClient(config: try ClientSelection.config(kubeconfig))
            defer { client.shutdown() }
            let address = try TerminationSignals.listenAddress(listen)
            let health = healthListen == "off" ? nil : try TerminationSignals.listenAddress(healthListen)
            var settings = SidecarSettings()
            settings.osmNamespace = osmNamespace
            settings.image = image
            let meshConfigPath = ObjectApply.paths["MeshConfig"]!.object("osm-mesh-config", namespace: osmNamespace)
            if let meshConfig = try? await client.get(meshConfigPath) {
                let traffic = meshConfig[["spec", "traffic"]]
                func strings(_ key: String) -> [String] { traffic[key].arrayValue?.compactMap(\.stringValue) ?? [] }
                func ints(_ key: String) -> [Int] { traffic[key].arrayValue?.compactMap { $0.intValue.map(Int.init) } ?? [] }
                do {
                    settings.meshExclusions = try TrafficExclusions.fromMeshConfig(
                        outboundIPRangeExclusionList: strings("outboundIPRangeExclusionList"),
                        outboundIPRangeInclusionList: strings("outboundIPRangeInclusionList"),
                        outboundPortExclusionList: ints("outboundPortExclusionList"), inboundPortExclusionList: ints("inboundPortExclusionList"),
                        networkInterfaceExclusionList: strings("networkInterfaceExclusionList"))
                } catch {
                    logger.error("MeshConfig exclusion lists are invalid; injecting without them", metadata: ["error": "\(error)"])
                }
            }
            let meshName = self.meshName, chosen = settings, log = logger
            try await TerminationSignals.run("osm-injector") {
                try await InjectorService.run(client: client, meshName: meshName, settings: chosen, host: address.host, port: address.port,
                                              health: health, logger: log)
            }
        }
    }
}

/// How the control plane's processes reach the API.
enum ClientSelection {
    /// In a pod (and no kubeconfig given): the pod's service account; otherwise the kubeconfig.
    static func config(_ kubeconfig: String?) throws -> ClientConfig {
        do {
            if kubeconfig == nil, ProcessInfo.processInfo.environment["KUBERNETES_SERVICE_HOST"] != nil {
                return try ClientConfig.inCluster()
            }
            return try ClientConfig.kubeconfig(path: KubeOptions.path(kubeconfig))
        } catch {
            throw CLIError("\(error)")
        }
    }
}
