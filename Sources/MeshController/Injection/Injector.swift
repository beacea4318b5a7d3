// The injector's admission logic: an AdmissionReview for a new pod becomes allowed-as-is,
// allowed-with-patch (after the pod's bootstrap Secret is created), or denied with the reason.
import Foundation
import KubeClient
import KubeModel
import Logging
import MeshPKI
import MeshProtocol
import NetPlan

/// Answers admission reviews for pod creation.
public struct Injector: Sendable {
    let client: KubeClient
    let ca: CertificateAuthority
    let meshName: String
    let trustDomain: String
    let settings: SidecarSettings
    let logger: Logger
    /// How long bootstrap certificates are valid.
    let bootstrapValidity: Double
    /// Counters for the health server's `/metrics`.
    public let stats = ControlPlaneStats.injector()

    /// An injector for mesh `meshName`, issuing bootstrap certificates from `ca`.
    public init(client: KubeClient, ca: CertificateAuthority, meshName: String, trustDomain: String = "cluster.local",
                settings: SidecarSettings, logger: Logger, bootstrapValidity: Double = 365 * 86400) {
        self.client = client
        self.ca = ca
        self.meshName = meshName
        self.trustDomain = trustDomain
        self.settings = settings
        self.logger = logger
        self.bootstrapValidity = bootstrapValidity
    }

    /// The AdmissionReview answering `review`.
    public func review(_ review: JSON) async -> JSON {
        let request = review["request"]
        var response: JSON = ["uid": request["uid"], "allowed": true]
        stats.add("osm_injector_admission_requests_total")
        do {
            if let patch = try await decide(request) {
                response["patchType"] = "JSONPatch"
                response["patch"] = .string(Data(patch.serialized()).base64EncodedString())
                stats.add("osm_injector_sidecars_injected_total")
            }
        } catch {
            stats.add("osm_injector_admission_refused_total")
            response["allowed"] = false
            response["status"] = ["code": 400, "reason": "BadRequest", "message": .string("\(error)")]
        }
        return ["apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "response": response]
    }

    /// The patch for the request's pod, nil when it is not injected; throws when it is refused.
    func decide(_ request: JSON) async throws -> JSON? {
        var pod = request["object"]
        let namespaceName = request["namespace"].stringValue ?? pod.namespace
        if pod.namespace.isEmpty { pod[["metadata", "namespace"]] = .string(namespaceName) }
        let namespace = try await client.get(ResourcePath.namespaces.object(namespaceName))
        switch InjectionDecision.decide(pod: pod, namespace: namespace, meshName: meshName, osmNamespace: settings.osmNamespace) {
        case .skip(let why):
            logger.debug("not injected", metadata: ["namespace": "\(namespaceName)", "reason": "\(why)"])
            return nil
        case .refuse(let why):
            throw InjectionError(description: why)
        case .inject:
            let uuid = UUID().uuidString.lowercased()
            let operations = try SidecarPatch.operations(pod: pod, namespace: namespace, uuid: uuid, settings: settings)
            if request["dryRun"].boolValue != true { try await createBootstrapSecret(pod: pod, namespace: namespaceName, uuid: uuid) }
            logger.info("sidecar injected", metadata: ["namespace": "\(namespaceName)", "pod": "\(pod.name.isEmpty ? pod[["metadata", "generateName"]].stringValue ?? "" : pod.name)", "uuid": "\(uuid)"])
            return .array(operations)
        }
    }

    /// The Secret with the proxy's bootstrap certificate (its pod's ServiceAccount identity).
    func createBootstrapSecret(pod: JSON, namespace: String, uuid: String) async throws {
        let identity = ServiceIdentity(serviceAccount: pod[["spec", "serviceAccountName"]].stringValue ?? "default", namespace: namespace)
        let issued = try ca.issue(MeshCertificateAuthority.names(identity, trustDomain: trustDomain), validFor: bootstrapValidity)
        func b64(_ s: String) -> JSON { .string(Data(s.utf8).base64EncodedString()) }
        let secret: JSON = [
            "apiVersion": "v1", "kind": "Secret", "type": "Opaque",
            "metadata": ["name": .string(SidecarSettings.bootstrapSecretName(uuid)), "namespace": .string(namespace),
                         "labels": ["app.kubernetes.io/name": "openservicemesh.io", "app.kubernetes.io/instance": .string(meshName),
                                    "osm-proxy-uuid": .string(uuid)]],
            "data": ["tls.crt": b64(issued.certificatePEM), "tls.key": b64(issued.privateKeyPEM), "ca.crt": b64(try ca.certificatePEM())],
        ]
        _ = try await client.create(ResourcePath.secrets.collection(namespace: namespace), secret)
    }
}
