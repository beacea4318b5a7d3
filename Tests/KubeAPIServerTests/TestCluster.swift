import Foundation
import KubeAPIServer
import KubeModel
import Logging
import MeshPKI
import NodeAPI

/// An API server on a free loopback port with TLS and a kubeconfig, driven by the real kubectl.
final class TestCluster: @unchecked Sendable {
    let dir: String
    let credentials: (ca: String, cert: String, key: String, token: String)
    private(set) var server: APIServer!
    private var task: Task<Void, any Error>?
    private(set) var port = 0
    private var watchHistory = 20_000
    private var watchBacklog = 10_000
    var kubeconfig: String { dir + "/kubeconfig" }

    /// Starts a cluster with its state in a new temporary directory.
    static func start(streams: (any PodStreamProvider)? = nil, watchHistory: Int = 20_000,
                      watchBacklog: Int = 10_000) async throws -> TestCluster {
        let c = try TestCluster()
        c.watchHistory = watchHistory
        c.watchBacklog = watchBacklog
        try await c.boot(streams: streams)
        return c
    }

    private init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("osm-test-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let ca = try CertificateAuthority.create(commonName: "test CA")
        let leaf = try ca.issue(LeafNames(commonName: "kube-apiserver", dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"]),
                                validFor: 3600)
        credentials = (try ca.certificatePEM(), leaf.certificatePEM, leaf.privateKeyPEM, UUID().uuidString)
    }

    /// Starts (or restarts) the server on the same database.
    func boot(streams: (any PodStreamProvider)? = nil) async throws {
        var logger = Logger(label: "test.apiserver")
        logger.logLevel = .critical
        var config = APIServerConfiguration(
            host: "127.0.0.1", port: 0, databasePath: dir + "/state.db", servingCertificatePEM: credentials.cert,
            servingKeyPEM: credentials.key, adminToken: credentials.token, signingSecret: Array("secret".utf8))
        config.watchHistory = watchHistory
        config.watchBacklog = watchBacklog
        let server = try await APIServer(configuration: config, logger: logger)
        server.setPodStreams(streams)
        self.server = server
        let (ready, readyFeed) = AsyncStream<Int>.makeStream()
        task = Task { try await server.run { port in readyFeed.yield(port) } }
        for await p in ready {
            port = p
            break
        }
        let kc: JSON = [
            "apiVersion": "v1", "kind": "Config", "current-context": "t",
            "clusters": [["name": "t", "cluster": ["server": .string("https://127.0.0.1:\(port)"),
                                                  "certificate-authority-data": .string(Data(credentials.ca.utf8).base64EncodedString())]]],
            "users": [["name": "t", "user": ["token": .string(credentials.token)]]],
            "contexts": [["name": "t", "context": ["cluster": "t", "user": "t"]]],
        ]
        try Data(kc.serialized()).write(to: URL(fileURLWithPath: kubeconfig))
    }

    /// Stops the server (state stays on disk).
    func stop() async {
        task?.cancel()
        _ = try? await task?.value
        task = nil
    }

    /// Stops the server and removes its files (usable from `defer`).
    func shutdown() {
        task?.cancel()
        task = nil
        try? FileManager.default.removeItem(atPath: dir)
    }

    /// Runs kubectl against this cluster.
    func kubectl(_ args: String..., stdin: String? = nil, env: [String: String] = [:]) async throws -> Kubectl.Result {
        try await Kubectl.run(["--kubeconfig", kubeconfig, "--cache-dir", dir + "/cache"] + args, stdin: stdin, env: env)
    }

    /// Starts kubectl without waiting (for `get -w`).
    func kubectlBackground(_ args: String...) throws -> Kubectl.Background {
        try Kubectl.Background(["--kubeconfig", kubeconfig, "--cache-dir", dir + "/cache"] + args)
    }
}
