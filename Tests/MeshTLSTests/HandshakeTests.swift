// Successful mesh handshakes over real loopback sockets: mutual TLS with SPIFFE identities on
// both sides, ALPN osm, the SNI the server sees, and TLS 1.2 when MeshConfig caps the version.
import MeshTestSupport
import MeshProtocol
import MeshTLS
import NIOCore
import NIOSSL
import Testing

@Suite("Mesh TLS handshakes")
struct HandshakeTests {
    @Test("mTLS succeeds: each side sees the other's identity, ALPN osm, TLS 1.3")
    func mutualTLS() async throws {
        try await withEventLoopGroup { group in
            let server = try await EchoServer(
                group: group, verifier: PeerVerifier(store: try CredentialStore(TestPKI.credentials(TestPKI.tcpEcho))))
            let verifier = PeerVerifier(store: try CredentialStore(TestPKI.credentials(TestPKI.curl)))
            let client = try await TestClient(group: group, port: server.port) { pipeline in
                try pipeline.addMeshTLSClient(verifier: verifier, service: TestPKI.echoService, serverIdentities: [TestPKI.tcpEcho])
            }
            let serverPeer = try await client.established()
            #expect(serverPeer.identity == TestPKI.tcpEcho)
            #expect(serverPeer.spiffeID == "spiffe://cluster.local/ns/tcp-demo/sa/tcp-echo")
            #expect(serverPeer.applicationProtocol == "osm")
            #expect(serverPeer.chain.count == 2)
            #expect(try await client.roundTrip("hello\n") == "hello\n")

            let clientPeer = try await server.nextOutcome().get()
            #expect(clientPeer.identity == TestPKI.curl)
            #expect(clientPeer.spiffeID == "spiffe://cluster.local/ns/curl/sa/curl")
            #expect(clientPeer.applicationProtocol == "osm")
            #expect(clientPeer.tlsVersion == .tlsv13)
            #expect(clientPeer.chain.last == TestPKI.meshCA.certificate)

            let channel = client.channel
            let identity = try await channel.eventLoop.submit { channel.pipeline.syncOperations.meshPeerIdentity() }.get()
            #expect(identity == TestPKI.tcpEcho)
            await client.close()
            try await server.close()
        }
    }

    @Test("the client sends SNI <svc>.<ns>.svc.cluster.local and the server reads it")
    func serverReadsSNI() async throws {
        try await withEventLoopGroup { group in
            let server = try await EchoServer(
                group: group, verifier: PeerVerifier(store: try CredentialStore(TestPKI.credentials(TestPKI.tcpEcho))))
            let verifier = PeerVerifier(store: try CredentialStore(TestPKI.credentials(TestPKI.curl)))
            let client = try await TestClient(group: group, port: server.port) { pipeline in
                try pipeline.addMeshTLSClient(verifier: verifier, service: TestPKI.echoService, serverIdentities: [TestPKI.tcpEcho])
            }
            #expect(try await client.roundTrip("x") == "x")
            let clientPeer = try await server.nextOutcome().get()
            #expect(clientPeer.serverName == "tcp-echo.tcp-demo.svc.cluster.local")
            #expect(clientPeer.serverName == TestPKI.echoService.sni)
            #expect(try await client.established().serverName == TestPKI.echoService.sni)
            await client.close()
            try await server.close()
        }
    }

    @Test("a client capped at TLS 1.2 (MeshConfig TLSv1_2) talks to a default server over TLS 1.2")
    func tls12WhenCapped() async throws {
        try await withEventLoopGroup { group in
            let server = try await EchoServer(
                group: group, verifier: PeerVerifier(store: try CredentialStore(TestPKI.credentials(TestPKI.tcpEcho))))
            let capped = TLSSettings(minVersion: .v1_2, maxVersion: .v1_2)
            let verifier = PeerVerifier(store: try CredentialStore(TestPKI.credentials(TestPKI.curl), tls: capped))
            let client = try await TestClient(group: group, port: server.port) { pipeline in
                try pipeline.addMeshTLSClient(verifier: verifier, service: TestPKI.echoService, serverIdentities: [TestPKI.tcpEcho])
            }
            #expect(try await client.roundTrip("twelve") == "twelve")
            let clientPeer = try await server.nextOutcome().get()
            #expect(clientPeer.tlsVersion == .tlsv12)
            #expect(clientPeer.identity == TestPKI.curl)
            #expect(try await client.established().tlsVersion == .tlsv12)
            await client.close()
            try await server.close()
        }
    }
}
