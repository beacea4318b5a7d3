// Bytes for a server stream whose local socket NIO has not adopted yet: written to the socket at
// once, credited only for what the socket took; what it could not take, and everything after it,
// reaches the socket through NIO once adopted, in order; a socket whose peer is gone loses
// nothing silently and raises no SIGPIPE; a stream reset before the adoption resets the app.
@testable import MeshProxy
import LinuxNet
import NIOCore
import NIOEmbedded
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
            channel = EmbeddedChannel(handler: tunnel, loop: loop)
            try channel.connect(to: SocketAddress(ipAddress: "10.244.0.11", port: 40000)).wait()
        }

        func send(_ frames: [TunnelFrame]) throws {
            var buffer = ByteBuffer()
            for f in frames { f.write(to: &buffer) }
            try channel.writeInbound(buffer)
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
}
