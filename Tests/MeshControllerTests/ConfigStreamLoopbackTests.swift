// Controller and sidecar over real mesh mTLS on loopback: the proxy receives its pod's config,
// then a new one as soon as the snapshot changes; a client whose certificate is not its pod's is
// refused; a server that is not the controller is not believed.
import Logging
import MeshController
import MeshProtocol
import MeshProxy
import MeshTestSupport
import MeshTLS
import Synchronization
import Testing

@Suite("Config stream over mTLS", .serialized)
struct ConfigStreamLoopbackTests {
    static let controllerIdentity = ServiceIdentity(serviceAccount: "osm-controller", namespace: "osm-system")

    func verifier(_ identity: ServiceIdentity) throws -> PeerVerifier {
        try PeerVerifier(store: CredentialStore(TestPKI.credentials(identity)), trustDomain: TestPKI.trustDomain)
    }

    /// Runs a client until `until` holds for what it received (or `seconds` pass).
    func receive(_ client: ConfigStreamClient, seconds: Int = 60, until: @escaping @Sendable ([ProxyConfig]) -> Bool) async -> [ProxyConfig] {
        let got = Mutex<[ProxyConfig]>([])
        let task = Task { await client.run { config in got.withLock { $0.append(config) } } }
        for _ in 0..<(seconds * 100) where !until(got.withLock { $0 }) { try? await Task.sleep(for: .milliseconds(10)) }
        task.cancel()
        return got.withLock { $0 }
    }

    @Test func aProxyGetsItsConfigAndEveryChange() async throws {
        let registry = ProxyRegistry()
        await registry.update(Fixtures.snapshot(permissive: false))
        let server = try await ConfigStreamServer.start(host: "127.0.0.1", port: 0, verifier: verifier(Self.controllerIdentity),
                                                        registry: registry, logger: Logger(label: "controller"))
        defer { Task { await server.close() } }
        let client = ConfigStreamClient(controller: ControllerEndpoint(host: "127.0.0.1", port: server.port), namespace: "curl", pod: "curl-1",
                                        verifier: try verifier(TestPKI.curl), logger: Logger(label: "proxy"))
        let flip = Task {
            for _ in 0..<6000 where await registry.count == 0 { try? await Task.sleep(for: .milliseconds(10)) }
            await registry.update(Fixtures.snapshot(permissive: true))
        }
        let configs = await receive(client) { $0.count >= 2 }
        flip.cancel()
        #expect(configs.count == 2, "\(configs.map(\.version))")
        #expect(configs.first?.identity == TestPKI.curl && configs.first?.outbound.isEmpty == true)
        #expect(configs.last?.permissive == true && configs.last?.outbound.map(\.service.name) == ["tcp-echo"])
    }

    @Test func aCertificateForAnotherIdentityGetsNothing() async throws {
        let registry = ProxyRegistry()
        await registry.update(Fixtures.snapshot(permissive: true))
        let server = try await ConfigStreamServer.start(host: "127.0.0.1", port: 0, verifier: verifier(Self.controllerIdentity),
                                                        registry: registry, logger: Logger(label: "controller"))
        defer { Task { await server.close() } }
        // curl's certificate claiming to be the tcp-echo pod.
        let impostor = ConfigStreamClient(controller: ControllerEndpoint(host: "127.0.0.1", port: server.port), namespace: "tcp-demo",
                                          pod: "tcp-echo-1", verifier: try verifier(TestPKI.curl), logger: Logger(label: "proxy"))
        let got = await receive(impostor, seconds: 2) { _ in false }
        #expect(got.isEmpty)
        // A listener with a mesh certificate that is not the controller's is not believed either.
        let fake = try await ConfigStreamServer.start(host: "127.0.0.1", port: 0, verifier: verifier(TestPKI.tcpEcho),
                                                      registry: registry, logger: Logger(label: "fake"))
        defer { Task { await fake.close() } }
        let misled = ConfigStreamClient(controller: ControllerEndpoint(host: "127.0.0.1", port: fake.port), namespace: "curl",
                                        pod: "curl-1", verifier: try verifier(TestPKI.curl), logger: Logger(label: "proxy"))
        #expect(await receive(misled, seconds: 2) { _ in false }.isEmpty)
    }
}
