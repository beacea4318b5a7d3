// `osm controller`: the osm-controller process (run by its Deployment): in a pod it reaches the
// API with the pod's service account; elsewhere with a kubeconfig.
import ArgumentParser
import Foundation
import KubeClient
import Logging
import MeshController

extension OSM {
    /// `osm controller`.
    struct Controller: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run osm-controller: watch the mesh's objects and stream each sidecar its config over mTLS.")
        @Option(help: "Path to a kubeconfig (default: in-cluster service account when in a pod, else $KUBECONFIG or ~/.kube/config).")
        var kubeconfig: String?
        @Option(name: .customLong("mesh-name"), help: "The mesh this controller serves.") var meshName = "osm"
        @Option(name: .customLong("osm-namespace"), help: "The control plane's namespace.") var osmNamespace = "osm-system"
        @Option(help: "Address of the config stream listener.") var listen = "0.0.0.0:15128"
        @Option(name: .customLong("trust-domain"), help: "The SPIFFE trust domain.") var trustDomain = "cluster.local"
        @Option(name: .customLong("leader-lease-seconds"), help: "How long the leader Lease lasts without renewal.")
        var leaderLeaseSeconds: Int64 = 15
        @Option(name: .customLong("health-listen"), help: "Address of the health and metrics server (/health/ready, /metrics), or 'off'.")
        var healthListen = "0.0.0.0:9091"

        func run() async throws {
            var logger = Logger(label: "osm.controller")
            logger.logLevel = .info
            let config = try ClientSelection.config(kubeconfig)
            let address = try TerminationSignals.listenAddress(listen)
            var settings = ControllerService.Settings()
            settings.meshName = meshName
            settings.namespace = osmNamespace
            settings.trustDomain = trustDomain
            settings.host = address.host
            settings.port = address.port
            settings.health = healthListen == "off" ? nil : try TerminationSignals.listenAddress(healthListen)
            guard leaderLeaseSeconds >= 3 else { throw CLIError("--leader-lease-seconds must be at least 3") }
            settings.leaseDurationSeconds = leaderLeaseSeconds
            // In a pod the replica is its pod; elsewhere the host and process.
            let env = ProcessInfo.processInfo.environment
            settings.candidate = env["POD_NAME"].map { "\($0)" } ?? "\(ProcessInfo.processInfo.hostName)-\(getpid())"
            let client = try KubeClient(config: config)
            defer { client.shutdown() }
            let log = logger, chosen = settings
            try await TerminationSignals.run("osm-controller") { try await ControllerService.run(client: client, settings: chosen, logger: log) }
        }
    }
}
