// Loading the client's configuration from kubeconfig documents and from a pod's mounted
// service-account files.
import Foundation
@testable import KubeClient
import Testing

@Suite("Client configuration")
struct ClientConfigTests {
    static let yaml = """
        apiVersion: v1
        kind: Config
        current-context: swift-osm
        clusters:
        - name: swift-osm
          cluster:
            server: https://127.0.0.1:6443
            certificate-authority-data: \(Data("-----BEGIN CERTIFICATE-----\\nX\\n".utf8).base64EncodedString())
        - name: other
          cluster:
            server: https://kube.example.com
        users:
        - name: admin
          user:
            token: abc
        contexts:
        - name: swift-osm
          context: {cluster: swift-osm, user: admin, namespace: tcp-demo}
        - name: remote
          context: {cluster: other, user: admin}
        """

    @Test func currentContextGivesServerCATokenAndNamespace() throws {
        let c = try ClientConfig.kubeconfig(text: Self.yaml)
        #expect(c == ClientConfig(host: "127.0.0.1", port: 6443, caPEM: "-----BEGIN CERTIFICATE-----\\nX\\n", token: "abc",
                                  namespace: "tcp-demo"))
        let remote = try ClientConfig.kubeconfig(text: Self.yaml, context: "remote")
        #expect(remote.host == "kube.example.com" && remote.port == 443 && remote.caPEM == nil && remote.namespace == "default")
    }

    @Test func mistakesNameWhatIsWrong() {
        #expect(throws: ClientConfigError("kubeconfig: contexts has no entry named \"nope\"")) {
            try ClientConfig.kubeconfig(text: Self.yaml, context: "nope")
        }
        #expect(throws: ClientConfigError("kubeconfig is not a YAML mapping")) { try ClientConfig.kubeconfig(text: "- a") }
        let http = Self.yaml.replacingOccurrences(of: "https://127.0.0.1:6443", with: "http://127.0.0.1:8080")
        #expect(throws: ClientConfigError("kubeconfig: cluster \"swift-osm\" has no https server URL")) {
            try ClientConfig.kubeconfig(text: http)
        }
    }

    @Test func inClusterReadsTheMountedServiceAccount() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sa-\(UUID().uuidString.prefix(6))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "tok\n".write(toFile: dir + "/token", atomically: true, encoding: .utf8)
        try "CA".write(toFile: dir + "/ca.crt", atomically: true, encoding: .utf8)
        try "osm-system".write(toFile: dir + "/namespace", atomically: true, encoding: .utf8)
        let env = ["KUBERNETES_SERVICE_HOST": "10.96.0.1", "KUBERNETES_SERVICE_PORT": "443"]
        let c = try ClientConfig.inCluster(environment: env, directory: dir)
        #expect(c == ClientConfig(host: "10.96.0.1", port: 443, caPEM: "CA\n", token: "tok", namespace: "osm-system"))
        #expect(throws: ClientConfigError.self) { try ClientConfig.inCluster(environment: [:], directory: dir) }
    }
}
