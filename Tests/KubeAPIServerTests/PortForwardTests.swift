import KubeClient
import NIOCore
import NIOPosix
import NodeAPI
import Testing

/// The stand-in node forwards to the test process's own loopback (no pod namespaces here).
extension LocalCommandRunner: PortForwardProvider {
    func portForward(_ request: PortForwardRequest, input: AsyncStream<[UInt8]>,
                     output: @escaping @Sendable ([UInt8]) async -> Void) async throws {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: Int(request.port)) { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
        try await channel.executeThenClose { inbound, outbound in
            let writer = Task {
                for await bytes in input { try await outbound.write(ByteBuffer(bytes: bytes)) }
                outbound.finish()
            }
            for try await buffer in inbound { await output(Array(buffer: buffer)) }
            writer.cancel()
        }
    }
}

/// A loopback server that reads one request line and answers with a canned HTTP response, then closes.
private struct OneShotHTTPServer {
    let channel: NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>
    var port: Int { channel.channel.localAddress?.port ?? 0 }

    static func start() async throws -> OneShotHTTPServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0) { child in
                child.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: child) }
            }
        return OneShotHTTPServer(channel: channel)
    }

    /// Serves connections until the test ends: the reply echoes the request's first line.
    func serve() async throws {
        try await channel.executeThenClose { connections in
            for try await connection in connections {
                try await connection.executeThenClose { inbound, outbound in
                    var request: [UInt8] = []
                    for try await buffer in inbound {
                        request += Array(buffer: buffer)
                        if request.contains(UInt8(ascii: "\n")) { break }
                    }
                    let line = String(decoding: request.prefix { $0 != UInt8(ascii: "\r") }, as: UTF8.self)
                    let body = "you asked: \(line)"
                    try await outbound.write(ByteBuffer(string: "HTTP/1.1 200 OK\r\ncontent-length: \(body.utf8.count)\r\nconnection: close\r\n\r\n\(body)"))
                }
            }
        }
    }
}

@Suite("pods/portforward over WebSocket (v4.channel.k8s.io)", .serialized)
struct PortForwardTests {
    static func cluster() async throws -> (TestCluster, KubeClient) {
        let c = try await TestCluster.start(streams: LocalCommandRunner())
        _ = try await c.kubectl("create", "ns", "x")
        var r = try await c.kubectl("apply", "-f", "-", stdin: ExecTests.pod)
        #expect(r.code == 0, "\(r)")
        r = try await c.kubectl("patch", "pod", "curl", "-n", "x", "--subresource=status", "--type=merge",
                                "-p", #"{"status":{"phase":"Running"}}"#)
        #expect(r.code == 0, "\(r)")
        let client = try KubeClient(config: ClientConfig(host: "127.0.0.1", port: c.port, caPEM: c.credentials.ca,
                                                         token: c.credentials.token))
        return (c, client)
    }

    @Test func anExchangeReachesThePodPortAndReturnsItsAnswer() async throws {
        let (c, client) = try await Self.cluster()
        defer { client.shutdown(); c.shutdown() }
        let server = try await OneShotHTTPServer.start()
        let serving = Task { try await server.serve() }
        defer { serving.cancel() }
        let request = "GET /config HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\n\r\n"
        for _ in 0..<3 {
            let answer = try await client.portForwardExchange(namespace: "x", pod: "curl", port: UInt16(server.port),
                                                              request: Array(request.utf8))
            let text = String(decoding: answer, as: UTF8.self)
            #expect(text.hasPrefix("HTTP/1.1 200 OK"), "\(text)")
            #expect(text.hasSuffix("you asked: GET /config HTTP/1.1"), "\(text)")
        }
    }

    @Test func failuresNameTheirCause() async throws {
        let (c, client) = try await Self.cluster()
        defer { client.shutdown(); c.shutdown() }
        // Nothing listens on a port just released.
        let closed = try await OneShotHTTPServer.start()
        let port = UInt16(closed.port)
        try await closed.channel.channel.close()
        await #expect {
            try await client.portForwardExchange(namespace: "x", pod: "curl", port: port, request: [])
        } throws: { error in
            "\(error)".contains("error forwarding port \(port) to pod curl")
        }
        await #expect {
            try await client.portForwardExchange(namespace: "x", pod: "nope", port: port, request: [])
        } throws: { error in
            "\(error)".contains("pods \"nope\" not found")
        }
        // kubectl's own port-forward speaks SPDY (tunnelled or not), which this server does not: it fails at once
        // and says why.
        let r = try await c.kubectl("port-forward", "-n", "x", "pod/curl", "18080:\(port)", "--request-timeout=10s")
        #expect(r.code != 0 && r.err.contains("SPDY is not supported by this server"), "\(r)")
    }
}
