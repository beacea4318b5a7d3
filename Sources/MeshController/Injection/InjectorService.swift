// osm-injector as one service: the mesh CA from its Secret, a serving certificate for
// `osm-injector.<ns>.svc`, the HTTPS webhooks on 9090 (`/mutate-pod-creation`, and
// `/validate-traffic-target`), registered with that CA and OSM's namespace selector.
import Foundation
import KubeClient
import KubeModel
import Logging
import MeshPKI
import MeshProtocol
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import PlainHTTP

/// The running injector.
public enum InjectorService {
    /// The webhook configuration's name for a mesh.
    public static func webhookName(_ meshName: String) -> String { "osm-webhook-\(meshName)" }

    /// Runs until cancelled.
    public static func run(client: KubeClient, meshName: String, settings: SidecarSettings, host: String = "0.0.0.0", port: Int = 9090,
                           health address: (host: String, port: Int)? = ("0.0.0.0", ControlPlaneHealth.port), version: String = "v0.1.0",
                           logger: Logger) async throws {
        let ca = try await MeshCertificateAuthority.loadOrCreate(client: client, namespace: settings.osmNamespace)
        let dns = ["osm-injector.\(settings.osmNamespace).svc", "osm-injector.\(settings.osmNamespace).svc.cluster.local"]
        let serving = try ca.issue(LeafNames(commonName: dns[0], dnsNames: dns), validFor: 365 * 86400)
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMBytes(Array(serving.certificatePEM.utf8)).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(serving.privateKeyPEM.utf8), format: .pem)))
        tls.minimumTLSVersion = .tlsv12
        let context = try NIOSSLContext(configuration: tls)
        let injector = Injector(client: client, ca: ca, meshName: meshName, settings: settings, logger: logger)
        let respond: WebhookHTTPHandler.Responder = { method, path, body in
            let known = ["/mutate-pod-creation", "/validate-traffic-target"]
            guard method == "POST", known.contains(where: path.hasPrefix) else { return (404, Array(#"{"error":"not found"}"#.utf8)) }
            guard let review = try? JSON.parse(body) else { return (400, Array(#"{"error":"the body is not an AdmissionReview"}"#.utf8)) }
            if path.hasPrefix("/validate-traffic-target") { return (200, TrafficTargetValidation.review(review).serialized()) }
            return (200, await injector.review(review).serialized())
        }
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(WebhookHTTPHandler(respond: respond))
                }
            }
            .bind(host: host, port: port).get()
        try await register(client: client, meshName: meshName, namespace: settings.osmNamespace, caPEM: try ca.certificatePEM())
        logger.info("injector webhook listening", metadata: ["address": "\(host):\(server.localAddress?.port ?? port)"])
        let stats = injector.stats
        var health: (any Channel)?
        if let address {
            let routes = ControlPlaneHealth(component: "osm-injector", version: version, ready: { stats.isReady }, metrics: { stats.render() })
            do {
                health = try await PlainHTTPServer.bind(host: address.host, port: address.port, group: MultiThreadedEventLoopGroup.singleton) {
                    routes.respond(method: $0, target: $1)
                }
            } catch {
                try? await server.close()
                throw error
            }
        }
        // Ready once the webhook serves and is registered.
        stats.setReady(true)
        await withTaskCancellationHandler {
            try? await server.closeFuture.get()
        } onCancel: {
            server.close(promise: nil)
        }
        stats.setReady(false)
        try? await health?.close()
    }

    /// Creates or updates the MutatingWebhookConfiguration for the injector (OSM's rules and selector).
    static func register(client: KubeClient, meshName: String, namespace: String, caPEM: String) async throws {
        let path = ResourcePath(group: "admissionregistration.k8s.io", version: "v1", resource: "mutatingwebhookconfigurations", namespaced: false)
        let name = webhookName(meshName)
        let config: JSON = [
            "apiVersion": "admissionregistration.k8s.io/v1", "kind": "MutatingWebhookConfiguration",
            "metadata": ["name": .string(name), "labels": ["app": "osm-injector", "meshName": .string(meshName)]],
            "webhooks": [[
                "name": "osm-inject.k8s.io",
                "clientConfig": ["service": ["name": "osm-injector", "namespace": .string(namespace), "path": "/mutate-pod-creation", "port": 9090],
                                 "caBundle": .string(Data(caPEM.utf8).base64EncodedString())],
                "failurePolicy": "Fail", "matchPolicy": "Exact", "sideEffects": "NoneOnDryRun", "timeoutSeconds": 20,
                "admissionReviewVersions": ["v1"],
                "namespaceSelector": ["matchExpressions": [
                    ["key": "openservicemesh.io/monitored-by", "operator": "In", "values": [.string(meshName)]],
                    ["key": "openservicemesh.io/ignore", "operator": "DoesNotExist"],
                    ["key": "kubernetes.io/metadata.name", "operator": "NotIn", "values": [.string(namespace)]],
                    ["key": "control-plane", "operator": "DoesNotExist"],
                ]],
                "rules": [["operations": ["CREATE"], "apiGroups": [""], "apiVersions": ["v1"], "resources": ["pods"]]],
            ]],
        ]
        try await client.createOrPatch(path, config)
        // OSM's validator for TrafficTargets, with the same namespace selector.
        let validatingPath = ResourcePath(group: "admissionregistration.k8s.io", version: "v1",
                                          resource: "validatingwebhookconfigurations", namespaced: false)
        var validating = config
        validating["kind"] = "ValidatingWebhookConfiguration"
        validating[["metadata", "name"]] = .string(validatorName(meshName))
        var hook = config["webhooks"].arrayValue?.first ?? [:]
        hook["name"] = "osm-validator.k8s.io"
        hook[["clientConfig", "service", "path"]] = "/validate-traffic-target"
        hook["rules"] = [["operations": ["CREATE", "UPDATE"], "apiGroups": ["access.smi-spec.io"], "apiVersions": ["v1alpha3"],
                          "resources": ["traffictargets"]]]
        hook["sideEffects"] = "None"
        validating["webhooks"] = [hook]
        try await client.createOrPatch(validatingPath, validating)
    }

    /// The validating webhook configuration's name for a mesh.
    public static func validatorName(_ meshName: String) -> String { "osm-validator-mesh-\(meshName)" }
}
