// Bytes for a server stream whose local socket NIO has not adopted yet: written to the socket at
// once, credited only for what the socket took; what it could not take, and everything after it,
// reaches the socket through NIO once adopted, in order; a socket whose peer is gone loses
// nothing silently and raises no SIGPIPE; a stream reset before the adoption resets the app —
// on EmbeddedChannel, and end to end through a real server sidecar.
@testable import MeshProxy
import LinuxNet
import MeshTLS
import MeshTestSupport
import NIOCore
import NIOEmbedded
import NIOPosix
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Early write")
struct EarlyWriteTests {
    /// A server tunnel on EmbeddedChannel whose streams get `fd` as their unadopted socket.
    final class Server {
        let loop = EmbeddedEventLoop()
        var channel: EmbeddedChannel!
        var streams: [UInt32: TunnelStream] = [:]

        init(fd: CInt, window: Int = 1024 * 1024) throws {
            let tunnel = TunnelConnection(role: .server) { [unowned self] t, id, _, _ in
                let stream = TunnelStream(window: StreamWindow(window: window), idleTimeout: nil) { _ in }
                stream.unadoptedSocket = fd
                t.accept(stream, id: id)
                self.streams[id] = stream
            }
            channel = try TunnelHandlerTests.channel(tunnel, loop: loop)
        }

        func send(_ frames: [TunnelFrame]) throws {
            try channel.writeInbound(TunnelHandlerTests.read(frames))
        }

        func written() throws -> [TunnelFrame] {
            loop.run()
            var frames: [TunnelFrame] = []
            while var b = try channel.readOutbound(as: ByteBuffer.self) {
                while let f = try TunnelFrame.read(from: &b) { frames.append(f) }
            }
            return frames
        }

        /// NIO adopts the stream's socket (here: an EmbeddedChannel standing for it).
        func adopt(_ id: UInt32) throws -> EmbeddedChannel {
            let stream = try #require(streams[id])
            let local = EmbeddedChannel(handler: stream, loop: loop)
            try local.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9000)).wait()
            return local
        }
    }

    static func socketPair() throws -> (CInt, CInt) {
        var fds: [CInt] = [0, 0]
        try #require(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0)
        return (fds[0], fds[1])
    }

    /// Everything readable on `fd` now.
    static func drain(_ fd: CInt) -> [UInt8] {
        var all: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &chunk, chunk.count, Int32(MSG_DONTWAIT))
            if n <= 0 { return all }
            all += chunk[..<n]
        }
    }

    static func outbound(_ channel: EmbeddedChannel) throws -> [UInt8] {
        var all: [UInt8] = []
        while let b = try channel.readOutbound(as: ByteBuffer.self) { all += b.readableBytesView }
        return all
    }

    @Test func theRequestThatCameWithTheOpenIsOnTheSocketBeforeNIOAdoptsIt() throws {
        let (mine, app) = try Self.socketPair()
        defer { close(mine); close(app) }
        let s = try Server(fd: mine, window: 64)
        try s.send([.open(stream: 1, port: 9000, origin: "a"), .data(stream: 1, payload: ByteBuffer(string: "GET / HTTP/1.0\r\n\r\n"))])
        #expect(Self.drain(app) == Array("GET / HTTP/1.0\r\n\r\n".utf8))
        // The socket took the bytes: their credit goes back to the peer (a quarter window is 16).
        #expect(try s.written() == [.window(stream: 1, increment: 18)])
        #expect(s.streams[1]?.bytesToLocal == 18)
        // Once NIO owns the socket, bytes go through the channel.
        let local = try s.adopt(1)
        try s.send([.data(stream: 1, payload: ByteBuffer(string: "more"))])
        #expect(Self.drain(app) == [])
        #expect(try Self.outbound(local) == Array("more".utf8))
    }

    @Test func whatTheSocketCannotTakeWaitsForNIOAndNothingOvertakesIt() throws {
        let (mine, app) = try Self.socketPair()
        defer { close(mine); close(app) }
        var small: CInt = 4096
        setsockopt(mine, SOL_SOCKET, SO_SNDBUF, &small, socklen_t(MemoryLayout<CInt>.size))
        let s = try Server(fd: mine)
        let big = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try s.send([.open(stream: 1, port: 9000, origin: "a"), .data(stream: 1, payload: ByteBuffer(bytes: big))])
        let early = Self.drain(app)
        #expect(!early.isEmpty && early.count < big.count, "the socket took part of it: \(early.count)")
        // Room on the socket again, but the rest still waits for NIO: bytes after it must not overtake it.
        try s.send([.data(stream: 1, payload: ByteBuffer(string: "tail"))])
        #expect(Self.drain(app) == [])
        let local = try s.adopt(1)
        #expect(early + (try Self.outbound(local)) == big + Array("tail".utf8))
    }

    @Test func aSocketWhosePeerIsGoneKeepsTheBytesForNIO() throws {
        let (mine, app) = try Self.socketPair()
        defer { close(mine) }
        close(app)
        let s = try Server(fd: mine)
        try s.send([.open(stream: 1, port: 9000, origin: "a"), .data(stream: 1, payload: ByteBuffer(string: "hello"))])
        // No SIGPIPE (the test process would die of it); NIO's write meets the failure.
        let local = try s.adopt(1)
        #expect(try Self.outbound(local) == Array("hello".utf8))
        #expect(s.streams[1]?.bytesToLocal == 5)
    }

    @Test func aStreamResetBeforeTheAdoptionResetsTheApp() throws {
        let (listener, port) = try LoopbackConnectTests.listener(backlog: 4)
        defer { close(listener) }
        guard case .connected(let mine) = LoopbackConnect.attempt(port: port) else {
            Issue.record("no loopback connection")
            return
        }
        let app = accept(listener, nil, nil)
        try #require(app >= 0)
        defer { close(app) }
        let s = try Server(fd: mine)
        try s.send([.open(stream: 1, port: 9000, origin: "a"), .reset(stream: 1, reason: "client went away")])
        #expect(s.streams[1]?.isFinished == true)
        close(mine)  // what NIO does when the finished stream refuses the socket
        var byte: UInt8 = 0
        let n = recv(app, &byte, 1, 0)
        #expect(n == -1 && errno == ECONNRESET, "the app sees a reset, not an end of input (recv gave \(n))")
    }

    /// A client tunnel end made by hand (mTLS to a real server sidecar), to send frames of choice.
    final class HandTunnel: Sendable {
        /// What the channel initializer leaves for the test: the tunnel and the handshake's result.
        final class Parts: Sendable {
            let tunnel = Mutex<NIOLoopBound<TunnelConnection>?>(nil)
            let handshake = Mutex<EventLoopFuture<MeshPeer>?>(nil)
        }
        private let parts = Parts()
        let channel: any Channel

        init(to port: UInt16) async throws {
            let verifier = PeerVerifier(store: try CredentialStore(TestPKI.credentials(TestPKI.curl)))
            let parts = self.parts
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let ops = channel.pipeline.syncOperations
                        let done = try ops.addMeshTLSClient(
                            verifier: verifier, service: TestPKI.echoService, serverIdentities: [TestPKI.tcpEcho])
                        parts.handshake.withLock { $0 = done }
                        let tunnel = TunnelConnection(role: .client)
                        try ops.addHandler(tunnel)
                        parts.tunnel.withLock { $0 = NIOLoopBound(tunnel, eventLoop: channel.eventLoop) }
                    }
                }
                .connect(host: "127.0.0.1", port: Int(port)).get()
            let handshake = try #require(parts.handshake.withLock { $0 })
            _ = try await handshake.get()
        }

        /// Runs `body` with the tunnel on its event loop.
        func run(_ body: @escaping @Sendable (TunnelConnection) -> Void) async throws {
            let tunnel = try #require(parts.tunnel.withLock { $0 })
            try await channel.eventLoop.submit { body(tunnel.value) }.get()
        }
    }

    @Test func aRequestAndItsResetInOneRecordReachTheAppAsTheBytesThenAReset() async throws {
        let (listener, appPort) = try LoopbackConnectTests.listener(backlog: 8)
        defer { close(listener) }
        let mesh = try await MeshPair(appPort: appPort)
        let hand = try await HandTunnel(to: mesh.inboundPort)
        let target = mesh.inboundPort
        // OPEN, DATA and RESET in one TLS record: the server reads them in one go.
        try await hand.run { tunnel in
            let stream = TunnelStream(idleTimeout: nil) { _ in }
            guard let id = tunnel.open(stream, port: target, origin: "127.0.0.1:40000") else { return }
            tunnel.send(data: ByteBuffer(string: "request"), stream: id)
            tunnel.send(reset: id, reason: "client went away")
            tunnel.flush()
        }
        var ready = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
        #expect(poll(&ready, 1, 5000) == 1, "the server sidecar connected to the app")
        let app = accept(listener, nil, nil)
        try #require(app >= 0)
        defer { close(app) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(app, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var got: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64)
        var end: Int32 = 0
        while true {
            let n = recv(app, &chunk, chunk.count, 0)
            if n > 0 { got += chunk[..<n]; continue }
            end = n == 0 ? 0 : errno
            break
        }
        // The request was written before NIO adopted the socket (a stream reset before adoption
        // drops what waits for NIO), and NIO's close of the refused socket is a reset.
        #expect(String(decoding: got, as: UTF8.self) == "request")
        #expect(end == ECONNRESET, "the app sees a reset (errno \(end)), not an end of input")
        try await hand.channel.close()
        try await mesh.shutdown()
    }
}
