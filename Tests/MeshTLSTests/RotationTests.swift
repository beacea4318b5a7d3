// Certificate rotation at runtime: after `CredentialStore.replace`, the next handshake uses the
// new certificate (server side through the per-handshake callback, client side through a new
// client context) while a connection opened before keeps working.
import MeshTestSupport
import MeshProtocol
import MeshTLS
import NIOCore
import NIOSSL
import Testing
import X509

@Suite("Certificate rotation")
struct RotationTests {
    @Test("a server rotation applies to the next handshake; the open connection keeps working")
    func serverRotation() async throws {
        try await withEventLoopGroup { group in
            let first = try TestPKI.credentials(TestPKI.tcpEcho)
            let second = try TestPKI.credentials(TestPKI.tcpEcho)
            #expect(first.leaf != second.leaf)
            let store = try CredentialStore(first)
            let server = try await EchoServer(group: group, verifier: PeerVerifier(store: store))
            let context = store.serverContext
            let verifier = PeerVerifier(store: try CredentialStore(TestPKI.credentials(TestPKI.curl)))
            let connect: ClientSetup = { pipeline in
                try pipeline.addMeshTLSClient(verifier: verifier, service: TestPKI.echoService, serverIdentities: [TestPKI.tcpEcho])
            }

            let before = try await TestClient(group: group, port: server.port, setup: connect)
            #expect(try await before.established().chain.first == first.leaf)
            #expect(try await before.roundTrip("one") == "one")

            try store.replace(second)
            #expect(store.generation == 1)
            #expect(store.serverContext === context)

            let after = try await TestClient(group: group, port: server.port, setup: connect)
            #expect(try await after.established().chain.first == second.leaf)
            #expect(try await after.roundTrip("two") == "two")
            #expect(try await before.roundTrip("still open") == "still open")
            #expect(try await before.established().chain.first == first.leaf)

            _ = try await server.nextOutcome().get()
            _ = try await server.nextOutcome().get()
            await before.close()
            await after.close()
            try await server.close()
        }
    }

    @Test("a client rotation applies to the next connection; the open connection keeps working")
    func clientRotation() async throws {
        try await withEventLoopGroup { group in
            let server = try await EchoServer(
                group: group, verifier: PeerVerifier(store: try CredentialStore(TestPKI.credentials(TestPKI.tcpEcho))))
            let first = try TestPKI.credentials(TestPKI.curl)
            let second = try TestPKI.credentials(TestPKI.curl)
            let store = try CredentialStore(first)
            let verifier = PeerVerifier(store: store)
            let connect: ClientSetup = { pipeline in
                try pipeline.addMeshTLSClient(verifier: verifier, service: TestPKI.echoService, serverIdentities: [TestPKI.tcpEcho])
            }

            let before = try await TestClient(group: group, port: server.port, setup: connect)
            #expect(try await before.roundTrip("one") == "one")
            #expect(try await server.nextOutcome().get().chain.first == first.leaf)

            let oldContext = store.clientContext
            try store.replace(second)
            #expect(store.clientContext !== oldContext)
            #expect(store.credentials.leaf == second.leaf)

            let after = try await TestClient(group: group, port: server.port, setup: connect)
            #expect(try await after.roundTrip("two") == "two")
            #expect(try await server.nextOutcome().get().chain.first == second.leaf)
            #expect(try await before.roundTrip("still open") == "still open")

            await before.close()
            await after.close()
            try await server.close()
        }
    }

    @Test("a failed replacement keeps the old credentials")
    func failedReplacementKeepsOld() throws {
        let store = try CredentialStore(TestPKI.credentials(TestPKI.curl))
        let old = store.credentials.leaf
        #expect(throws: MeshTLSError.self) {
            try store.update(tls: TLSSettings(minVersion: .v1_3, maxVersion: .v1_2))
        }
        #expect(store.credentials.leaf == old)
        #expect(store.generation == 0)
        #expect(store.tls == TLSSettings())
    }
}
