// osm-controller as one service: the CA from its Secret, the controller's own certificate, the
// config stream listener, the informers feeding every change to the proxies, and the health server.
import KubeClient
import Logging
import MeshPKI
import MeshPolicy
import MeshProtocol
import MeshTLS
import NIOCore
import NIOPosix
import PlainHTTP

/// The running controller.
public struct ControllerService: Sendable {
    /// Settings of one controller.
    public struct Settings: Sendable {
        /// The mesh served.
        public var meshName = "osm"
        /// The control plane's namespace (MeshConfig, CA Secret, leader Lease).
        public var namespace = "osm-system"
        /// The SPIFFE trust domain.
        public var trustDomain = "cluster.local"
        /// Address of the config stream listener.
        public var host = "0.0.0.0"
        /// Port of the config stream listener.
        public var port = 15128
        /// Address of the health and metrics server (`/health/ready`, `/health/alive`, `/metrics`); nil for none.
        public var health: (host: String, port: Int)? = ("0.0.0.0", ControlPlaneHealth.port)
        /// The version `/version` reports.
        public var version = "v0.1.0"
        /// This replica's name in the leader Lease (the pod's name in a pod); nil: no leader election.
        public var candidate: String? = nil
        /// How long the leader Lease lasts without renewal, in seconds.
        public var leaseDurationSeconds: Int64 = 15
        /// Defaults: mesh `osm` in `osm-system`, listening on 0.0.0.0:15128.
        public init() {}
    }

    /// Runs until cancelled: prepares the CA and the listener, then serves proxies.
    public static func run(client: KubeClient, settings: Settings, logger: Logger) async throws {
        let ca = try await MeshCertificateAuthority.loadOrCreate(client: client, namespace: settings.namespace)
        let identity = ServiceIdentity(serviceAccount: "osm-controller", namespace: settings.namespace)
        let names = MeshCertificateAuthority.names(identity, trustDomain: settings.trustDomain,
                                                   extraDNS: ["osm-controller.\(settings.namespace).svc.cluster.local"])
        let credentials = try MeshCredentials(credential: ca.issue(names, validFor: 365 * 86400), trustBundlePEM: ca.certificatePEM())
        let verifier = try PeerVerifier(store: CredentialStore(credentials), trustDomain: settings.trustDomain)
        let registry = ProxyRegistry(issuer: CertificateIssuer(ca: ca, trustDomain: settings.trustDomain))
        // Workload certificates are renewed at two thirds of their life.
        let renewals = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(30))
                let renewed = await registry.renewDue()
                if renewed > 0 { logger.info("workload certificates renewed", metadata: ["proxies": "\(renewed)"]) }
            }
        }
        defer { renewals.cancel() }
        let server = try await ConfigStreamServer.start(host: settings.host, port: settings.port, verifier: verifier,
                                                        registry: registry, logger: logger)
        logger.info("config stream listening", metadata: ["address": "\(settings.host):\(server.port)", "mesh": "\(settings.meshName)"])
        let stats = registry.stats
        var health: (any Channel)?
        if let address = settings.health {
            let routes = ControlPlaneHealth(component: "osm-controller", version: settings.version,
                                            ready: { stats.isReady }, metrics: { stats.render() })
            do {
                health = try await PlainHTTPServer.bind(host: address.host, port: address.port, group: MultiThreadedEventLoopGroup.singleton) {
                    routes.respond(method: $0, target: $1)
                }
            } catch {
                await server.close()
                throw error
            }
            logger.info("health server listening", metadata: ["address": "\(address.host):\(health?.localAddress?.port ?? address.port)"])
        }
        // Replicas elect a leader for the mesh-wide chores (policy Events); each serves its own proxies regardless.
        let events = PolicyEventWriter(client: client)
        var election: Task<Void, Never>?
        if let candidate = settings.candidate {
            let elector = LeaderElector(client: client, namespace: settings.namespace, candidate: candidate,
                                        durationSeconds: settings.leaseDurationSeconds, logger: logger)
            election = Task {
                await elector.run { leading in
                    stats.set("osm_controller_leader", leading ? 1 : 0)
                    await events.setLeading(leading)
                }
            }
        }
        defer { election?.cancel() }
        let watch = MeshWatch(client: client, meshName: settings.meshName, osmNamespace: settings.namespace, trustDomain: settings.trustDomain)
        await withTaskCancellationHandler {
            await watch.run { snapshot in
                let policy = await registry.update(snapshot)
                await events.update(PolicyNotices.of(snapshot, rules: policy.rules, problems: policy.problems, egress: policy.egress))
                // Ready once the CA, the stream listener and a first snapshot of the watched objects are in place.
                stats.setReady(true)
            }
        } onCancel: {
            Task { await server.close() }
        }
        stats.setReady(false)
        // A leader gives its Lease up on the way out, so another replica leads at once.
        election?.cancel()
        await election?.value
        try? await health?.close()
        await server.close()
    }
}
