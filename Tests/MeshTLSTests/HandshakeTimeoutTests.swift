// A handshake that does not finish in time fails with its own reason and closes the connection,
// on either side: a client that connects and says nothing, and a server that accepts and never
// answers, hold nothing beyond the timeout.
import MeshTestSupport
import MeshProtocol
import MeshTLS
import NIOCore
import NIOPosix
import Testing

@Suite("Mesh TLS handshake timeouts")
struct HandshakeTimeoutTests {
    @Test func aClientThatSaysNothingIsDroppedAfterTheTimeout() async throws {
        try await withEventLoopGroup { group in
            let verifier = PeerVerifier(store: try CredentialStore(TestPKI.credentials(TestPKI.tcpEcho)))
            let accepted = AcceptedHandshakes()
            let server = try await ServerBootstrap(group: group)
                .childChannelInitializer { child in
                    child.eventLoop.makeCompletedFuture {
                        accepted.append(try child.pipeline.syncOperations.addMeshTLSServer(
                            verifier: verifier, timeout: .milliseconds(200)))
                    }
                }
                .bind(host: "127.0.0.1", port: 0).get()
            let inbox = Inbox()
            let silent = try await ClientBootstrap(group: group)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(InboxHandler(inbox)) }
                }
                .connect(host: "127.0.0.1", port: server.localAddress!.port!).get()
            let future = try await poll { accepted.at(0) }
            let result = await outcome { try await within(5) { try await future.get() } }
            guard case .failure(let error) = result else { Issue.record("the handshake succeeded"); return }
            #expect(handshakeFailureReason(error) == MeshHandshakeHandler.timeoutReason)
            // The server closed the connection: the silent client sees its end.
            await #expect(throws: ClosedEarly.self) { _ = try await poll(5) { try inbox.take(1) } }
            try? await silent.close()
            try await server.close()
        }
    }

    @Test func aServerThatNeverAnswersFailsTheClientAfterTheTimeout() async throws {
        try await withEventLoopGroup { group in
            // A listener that accepts and never says a word.
            let mute = try await ServerBootstrap(group: group)
                .childChannelInitializer { $0.eventLoop.makeSucceededVoidFuture() }
                .bind(host: "127.0.0.1", port: 0).get()
            let verifier = PeerVerifier(store: try CredentialStore(TestPKI.credentials(TestPKI.curl)))
            let client = try await TestClient(group: group, port: mute.localAddress!.port!) { pipeline in
                try pipeline.addMeshTLSClient(
                    context: verifier.store.clientContext, verifier: verifier, serverName: TestPKI.echoService.sni,
                    allowing: .identities([TestPKI.tcpEcho]), timeout: .milliseconds(200))
            }
            let started = ContinuousClock.now
            let result = await outcome { try await client.established() }
            guard case .failure(let error) = result else { Issue.record("the handshake succeeded"); return }
            #expect(handshakeFailureReason(error) == MeshHandshakeHandler.timeoutReason)
            #expect(ContinuousClock.now - started < .seconds(5))
            try await client.channel.closeFuture.get()
            try await mute.close()
        }
    }
}
