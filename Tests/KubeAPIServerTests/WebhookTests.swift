import Foundation
import Hummingbird
import HummingbirdTLS
import KubeModel
import Logging
import MeshPKI
import NIOSSL
import Testing

/// An HTTPS admission webhook server for tests: `/mutate` adds a label, `/deny` refuses objects labelled deny=yes.
struct TestWebhookServer {
    let caPEM: String
    let port: Int
    let task: Task<Void, any Error>

    static func start() async throws -> TestWebhookServer {
        let ca = try CertificateAuthority.create(commonName: "webhook CA")
        let leaf = try ca.issue(LeafNames(commonName: "webhook", ipAddresses: ["127.0.0.1"]), validFor: 3600)
        let router = Router()
        router.post("/mutate") { request, context -> Response in
            let review = try JSON.parse(Array(buffer: try await request.body.collect(upTo: 1 << 20)))
            let hasLabels = review["request"]["object"][["metadata", "labels"]].objectValue != nil
            let patch: JSON = hasLabels
                ? [["op": "add", "path": "/metadata/labels/injected", "value": "true"]]
                : [["op": "add", "path": "/metadata/labels", "value": ["injected": "true"]]]
            let answer: JSON = ["apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
                                "response": ["uid": review["request"]["uid"], "allowed": true, "patchType": "JSONPatch",
                                             "patch": .string(Data(patch.serialized()).base64EncodedString()),
                                             "warnings": ["label added"]]]
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(bytes: answer.serialized())))
        }
        router.post("/deny") { request, context -> Response in
            let review = try JSON.parse(Array(buffer: try await request.body.collect(upTo: 1 << 20)))
            let denied = review["request"]["object"][["metadata", "labels", "deny"]] == "yes"
            var response: JSON = ["uid": review["request"]["uid"], "allowed": .bool(!denied)]
            if denied { response["status"] = ["message": "no thanks", "code": 403] }
            let answer: JSON = ["apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "response": response]
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(bytes: answer.serialized())))
        }
        let tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMBytes(Array(leaf.certificatePEM.utf8)).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(leaf.privateKeyPEM.utf8), format: .pem)))
        var logger = Logger(label: "test.webhook")
        logger.logLevel = .critical
        let (ready, feed) = AsyncStream<Int>.makeStream()
        let app = Application(router: router, server: try .tls(.http1(), tlsConfiguration: tls),
                              configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in feed.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        let task = Task { try await app.run() }
        var port = 0
        for await p in ready {
            port = p
            break
        }
        return TestWebhookServer(caPEM: try ca.certificatePEM(), port: port, task: task)
    }

    func configuration(kind: String, name: String, path: String, failurePolicy: String = "Fail", port: Int? = nil) -> String {
        """
        apiVersion: admissionregistration.k8s.io/v1
        kind: \(kind)
        metadata:
          name: \(name)
        webhooks:
        - name: \(name)
          admissionReviewVersions: ["v1"]
          sideEffects: None
          failurePolicy: \(failurePolicy)
          timeoutSeconds: 5
          clientConfig:
            url: https://127.0.0.1:\(port ?? self.port)\(path)
            caBundle: \(Data(caPEM.utf8).base64EncodedString())
          namespaceSelector:
            matchLabels:
              webhooks: "on"
          rules:
          - operations: ["CREATE"]
            apiGroups: [""]
            apiVersions: ["v1"]
            resources: ["configmaps"]
        """
    }
}

@Suite("kubectl: admission webhooks", .serialized)
struct WebhookTests {
    @Test func mutatingAndValidatingWebhooksAreCalledOverTLS() async throws {
        let hook = try await TestWebhookServer.start()
        defer { hook.task.cancel() }
        let c = try await TestCluster.start()
        defer { c.shutdown() }
        var r = try await c.kubectl("apply", "-f", "-", stdin: hook.configuration(kind: "MutatingWebhookConfiguration", name: "mutate.example.com", path: "/mutate"))
        #expect(r.code == 0, "\(r)")
        r = try await c.kubectl("apply", "-f", "-", stdin: hook.configuration(kind: "ValidatingWebhookConfiguration", name: "deny.example.com", path: "/deny"))
        #expect(r.code == 0, "\(r)")
        _ = try await c.kubectl("create", "ns", "on")
        _ = try await c.kubectl("label", "ns", "on", "webhooks=on")
        _ = try await c.kubectl("create", "ns", "off")
        r = try await c.kubectl("create", "configmap", "a", "-n", "on", "--from-literal=k=v")
        #expect(r.code == 0, "\(r)")
        #expect(r.err.contains("label added"), "webhook warnings reach the client: \(r)")
        r = try await c.kubectl("get", "cm", "a", "-n", "on", "-o", "jsonpath={.metadata.labels.injected}")
        #expect(r.out == "true", "the mutating webhook's patch was applied: \(r)")
        r = try await c.kubectl("create", "configmap", "b", "-n", "off", "--from-literal=k=v")
        r = try await c.kubectl("get", "cm", "b", "-n", "off", "-o", "jsonpath={.metadata.labels}")
        #expect(r.out.isEmpty, "the namespaceSelector excludes other namespaces: \(r)")
        r = try await c.kubectl("apply", "-n", "on", "-f", "-", stdin: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: d\n  labels:\n    deny: \"yes\"\n")
        #expect(r.code == 1, "\(r)")
        #expect(r.err.contains("admission webhook \"deny.example.com\" denied the request: no thanks"), "\(r)")
        r = try await c.kubectl("get", "cm", "d", "-n", "on")
        #expect(r.code == 1, "a denied object is not stored")
    }

    @Test func failurePolicyDecidesWhenTheWebhookIsDown() async throws {
        let hook = try await TestWebhookServer.start()
        hook.task.cancel()
        let c = try await TestCluster.start()
        defer { c.shutdown() }
        let closedPort = 1
        var r = try await c.kubectl("apply", "-f", "-", stdin: hook.configuration(kind: "ValidatingWebhookConfiguration", name: "down.example.com", path: "/deny", failurePolicy: "Fail", port: closedPort))
        _ = try await c.kubectl("create", "ns", "on")
        _ = try await c.kubectl("label", "ns", "on", "webhooks=on")
        r = try await c.kubectl("create", "configmap", "a", "-n", "on", "--from-literal=k=v")
        #expect(r.code == 1 && r.err.contains("failed calling webhook \"down.example.com\""), "\(r)")
        r = try await c.kubectl("apply", "-f", "-", stdin: hook.configuration(kind: "ValidatingWebhookConfiguration", name: "down.example.com", path: "/deny", failurePolicy: "Ignore", port: closedPort))
        r = try await c.kubectl("create", "configmap", "a", "-n", "on", "--from-literal=k=v")
        #expect(r.code == 0, "failurePolicy Ignore lets the request through: \(r)")
    }
}
