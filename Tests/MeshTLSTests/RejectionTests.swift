// Refused mesh handshakes over real loopback sockets, each with the short reason the refusing
// side logs: wrong identity, foreign CA, plaintext, no client certificate, TLS version, ALPN.
import MeshTestSupport
import MeshPKI
import MeshProtocol
import MeshTLS
import NIOCore
import NIOSSL
import Testing

@Suite("Mesh TLS rejections")
struct RejectionTests {
    /// A server for tcp-echo accepting `allowing`, a client set up by `setup`; returns the
    /// server's failure reason for the connection and whether the echo still came back.
    func attempt(
        allowing: AllowedPeers = .anyMeshIdentity, serverTLS: TLSSettings = TLSSettings(),
        setup: @escaping ClientSetup
    ) async throws -> (serverReason: String?, echoed: Bool, client: Result<MeshPeer, any Error>) {
        try await withEventLoopGroup { group in
            let store = try CredentialStore(TestPKI.credentials(TestPKI.tcpEcho), tls: serverTLS)
            let server = try await EchoServer(group: group, verifier: PeerVerifier(store: store), allowing: allowing)
            let client = try await TestClient(group: group, port: server.port, setup: setup)
            let echoed = (try? await client.roundTrip("hello\n")) == "hello\n"
            let reason = try await server.nextFailureReason()
            let clientOutcome = await outcome { try await client.established() }
            await client.close()
            try await server.close()
            return (reason, echoed, clientOutcome)
        }
    }

    /// A mesh client for `identity` (credentials from `issuer`) with `tls`.
    static func meshClient(
        _ identity: ServiceIdentity, issuer: CertificateAuthority = TestPKI.meshCA, tls: TLSSettings = TLSSettings()
    ) throws -> ClientSetup {
        let verifier = PeerVerifier(store: try CredentialStore(TestPKI.credentials(identity, issuer: issuer), tls: tls))
        return { pipeline in
            try pipeline.addMeshTLSClient(verifier: verifier, service: TestPKI.echoService, serverIdentities: [TestPKI.tcpEcho])
        }
    }

    @Test("a client whose SPIFFE ID is not allowed is refused")
    func identityNotAllowed() async throws {
        let intruder = ServiceIdentity(serviceAccount: "intruder", namespace: "curl")
        let result = try await attempt(allowing: .identities([TestPKI.curl]), setup: Self.meshClient(intruder))
        #expect(result.serverReason == "identity not allowed: spiffe://cluster.local/ns/curl/sa/intruder")
        #expect(!result.echoed)
    }

    @Test("a server whose identity does not back the service is refused by the client")
    func serverIdentityNotBackingService() async throws {
        try await withEventLoopGroup { group in
            let impostor = ServiceIdentity(serviceAccount: "impostor", namespace: "tcp-demo")
            let server = try await EchoServer(
                group: group, verifier: PeerVerifier(store: try CredentialStore(TestPKI.credentials(impostor))))
            let client = try await TestClient(group: group, port: server.port, setup: try Self.meshClient(TestPKI.curl))
            let verdict = await outcome { try await client.established() }
            #expect(verdict.failureReason == "identity not allowed: spiffe://cluster.local/ns/tcp-demo/sa/impostor")
            let serverReason = try await server.nextFailureReason()
            #expect(serverReason == "peer rejected our certificate")
            await client.close()
            try await server.close()
        }
    }

    @Test("a client certificate from another CA is refused as unknown CA")
    func foreignCA() async throws {
        let result = try await attempt(setup: Self.meshClient(TestPKI.curl, issuer: TestPKI.foreignCA))
        #expect(result.serverReason == "unknown CA")
        #expect(!result.echoed)
    }

    @Test("plaintext to the TLS port is refused")
    func plaintext() async throws {
        let result = try await attempt { _ in nil }
        #expect(result.serverReason == "not TLS (plaintext?)")
        #expect(!result.echoed)
    }

    @Test("a client without a certificate is refused")
    func noClientCertificate() async throws {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        configuration.applicationProtocols = [MeshProtocol.alpn]
        let context = try NIOSSLContext(configuration: configuration)
        let result = try await attempt { pipeline in
            try pipeline.addHandler(NIOSSLClientHandler(context: context, serverHostname: TestPKI.echoService.sni))
            return nil
        }
        #expect(result.serverReason == "client presented no certificate")
        #expect(!result.echoed)
    }

    @Test("a TLS 1.2-only client cannot reach a server whose minimum is TLS 1.3")
    func tlsVersionTooOld() async throws {
        let result = try await attempt(
            serverTLS: TLSSettings(minVersion: .v1_3, maxVersion: .v1_3),
            setup: Self.meshClient(TestPKI.curl, tls: TLSSettings(minVersion: .v1_2, maxVersion: .v1_2)))
        #expect(result.serverReason == "TLS version not allowed")
        #expect(result.client.failureReason == "TLS version not allowed")
        #expect(!result.echoed)
    }

    @Test("a client that does not offer ALPN osm is refused by the server")
    func alpnMissing() async throws {
        var configuration = try MeshTLSContexts.clientConfiguration(
            credentials: TestPKI.credentials(TestPKI.curl), tls: TLSSettings())
        configuration.applicationProtocols = []
        let context = try NIOSSLContext(configuration: configuration)
        let result = try await attempt { pipeline in
            try pipeline.addHandler(NIOSSLClientHandler(
                context: context, serverHostname: TestPKI.echoService.sni,
                customVerificationCallback: { _, promise in promise.succeed(.certificateVerified) }))
            return nil
        }
        #expect(result.serverReason == "ALPN mismatch")
        #expect(!result.echoed)
    }

    @Test("a mesh client refuses a handshake that did not negotiate ALPN osm")
    func alpnNotNegotiated() async throws {
        var configuration = try MeshTLSContexts.clientConfiguration(
            credentials: TestPKI.credentials(TestPKI.curl), tls: TLSSettings())
        configuration.applicationProtocols = []
        let context = try NIOSSLContext(configuration: configuration)
        let verifier = PeerVerifier(store: try CredentialStore(TestPKI.credentials(TestPKI.curl)))
        try await withEventLoopGroup { group in
            let store = try CredentialStore(TestPKI.credentials(TestPKI.tcpEcho))
            let server = try await EchoServer(group: group, verifier: PeerVerifier(store: store))
            let client = try await TestClient(group: group, port: server.port) { pipeline in
                try pipeline.addMeshTLSClient(
                    context: context, verifier: verifier, serverName: TestPKI.echoService.sni, allowing: .anyMeshIdentity)
            }
            #expect(await outcome { try await client.established() }.failureReason == "ALPN mismatch")
            #expect((try? await client.roundTrip("hello")) != "hello")
            await client.close()
            try await server.close()
        }
    }
}

extension Result where Success == MeshPeer {
    /// The short reason of a failure; nil on success.
    var failureReason: String? {
        if case .failure(let error) = self { return handshakeFailureReason(error) }
        return nil
    }
}

/// The outcome of an async throwing call.
func outcome<T>(_ body: () async throws -> T) async -> Result<T, any Error> {
    do { return .success(try await body()) } catch { return .failure(error) }
}
