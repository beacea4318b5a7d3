// osm-controller as one service: the CA from its Secret, the controller's own certificate, the
// config stream listener, and the informers feeding every change to the proxies.
import KubeClient
import Logging
import MeshPKI
import MeshProtocol
import MeshTLS
import NIOCore

/// The running controller.
public struct ControllerService: Sendable {
    /// Settings of one controller.
    public struct Settings: Sendable {
        public var meshName = "osm"
        public var namespace = "osm-system"
        public var trustDomain = "cluster.local"
        public var host = "0.0.0.0"
        public var port = 15128
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
        let watch = MeshWatch(client: client, meshName: settings.meshName, osmNamespace: settings.namespace, trustDomain: settings.trustDomain)
        await withTaskCancellationHandler {
            await watch.run { snapshot in
                await registry.update(snapshot)
            }
        } onCancel: {
            Task { await server.close() }
        }
        await server.close()
    }
}
