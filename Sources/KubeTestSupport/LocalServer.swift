// KubeTestSupport: for tests only — an embedded API server on a free loopback port with TLS,
// its state in a temporary directory, and a client configuration for it.
import Foundation
import KubeAPIServer
import KubeClient
import Logging
import MeshPKI

/// An in-process API server for tests; `shutdown()` stops it and removes its files.
public final class LocalServer: @unchecked Sendable {
    /// The state directory.
    public let dir: String
    /// The serving CA.
    public let caPEM: String
    /// The admin token.
    public let token = UUID().uuidString
    private var task: Task<Void, any Error>?
    /// The port it listens on.
    public private(set) var port = 0

    private var leafPEM = ("", "")

    /// Starts a server in a new temporary directory.
    public init(watchHistory: Int = 20_000) async throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("osm-client-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let ca = try CertificateAuthority.create(commonName: "test CA")
        let leaf = try ca.issue(LeafNames(commonName: "kube-apiserver", dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"]),
                                validFor: 3600)
        caPEM = try ca.certificatePEM()
        leafPEM = (leaf.certificatePEM, leaf.privateKeyPEM)
        try await boot(port: 0)
    }

    /// Starts the server on `port` (0: a free one) over the same database.
    private func boot(port: Int) async throws {
        var logger = Logger(label: "test.apiserver")
        logger.logLevel = .critical
        let config = APIServerConfiguration(
            host: "127.0.0.1", port: port, databasePath: dir + "/state.db", servingCertificatePEM: leafPEM.0,
            servingKeyPEM: leafPEM.1, adminToken: token, signingSecret: Array("secret".utf8))
        let server = try await APIServer(configuration: config, logger: logger)
        let (ready, feed) = AsyncStream<Int>.makeStream()
        task = Task { try await server.run { feed.yield($0) } }
        for await p in ready {
            self.port = p
            break
        }
    }

    /// Stops the server and starts it again on the same port and database.
    public func restart() async throws {
        task?.cancel()
        _ = try? await task?.value
        try await boot(port: port)
    }

    /// A client configuration with the admin token.
    public var config: ClientConfig { ClientConfig(host: "127.0.0.1", port: port, caPEM: caPEM, token: token) }

    /// Stops the server and removes its files.
    public func shutdown() {
        task?.cancel()
        try? FileManager.default.removeItem(atPath: dir)
    }
}
