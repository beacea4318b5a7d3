// EarlyRead on real accepted sockets handed to NIO: bytes the client wrote before the accept are
// taken and the rest is read by NIO; nothing waiting answers at once; an end of input is left for
// NIO; a reset is reported (the read consumed it, so NIO would not see it).
@testable import MeshProxy
import LinuxNet
import NIOCore
import NIOPosix
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Early read")
struct EarlyReadTests {
    /// A blocking client connected to a raw listener, and the accepted end (not yet NIO's).
    static func connectedPair() throws -> (client: Int32, accepted: Int32, listener: Int32) {
        let (listener, port) = try LoopbackConnectTests.listener(backlog: 4)
        let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = LoopbackConnect.address(port: port)
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(client, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(rc == 0)
        let accepted = accept(listener, nil, nil)
        try #require(accepted >= 0)
        return (client, accepted, listener)
    }

    /// Waits (up to 5 s) until `fd` has something to read: bytes, an end of input or an error.
    static func waitReadable(_ fd: Int32) {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        _ = poll(&p, 1, 5000)
    }

    /// Hands `fd` to NIO and runs `EarlyRead.take` in the channel's initializer; answers what it
    /// took and the channel, which collects what NIO reads afterwards.
    static func adopt(_ fd: Int32, group: any EventLoopGroup, limit: Int) async throws -> (EarlyRead.Outcome, any Channel, Collector) {
        let collector = Collector()
        let box = Taken()
        let channel = try await ClientBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    box.value.withLock { $0 = EarlyRead.take(from: channel, upTo: limit) }
                    try channel.pipeline.syncOperations.addHandler(collector)
                }
            }
            .withConnectedSocket(fd).get()
        return (box.value.withLock { $0 }, channel, collector)
    }

    final class Taken: Sendable {
        let value = Mutex<EarlyRead.Outcome>(.nothing)
    }

    final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        private let received = Mutex(ByteBuffer())
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var b = unwrapInboundIn(data)
            received.withLock { $0.writeBuffer(&b) }
        }
        var bytes: ByteBuffer { received.withLock { $0 } }
    }

    @Test func bytesWrittenBeforeTheAcceptAreTakenAndTheRestIsReadByNIO() async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        let (client, accepted, listener) = try Self.connectedPair()
        defer { close(client); close(listener) }
        let request = Array("GET / HTTP/1.0\r\n\r\n".utf8)
        #expect(write(client, request, request.count) == request.count)
        Self.waitReadable(accepted)
        let (taken, channel, collector) = try await Self.adopt(accepted, group: group, limit: 4)
        guard case .bytes(let first) = taken else {
            Issue.record("nothing taken: \(taken)")
            return
        }
        #expect(first == ByteBuffer(bytes: request.prefix(4)), "at most the limit")
        let deadline = NIODeadline.now() + .seconds(5)
        while collector.bytes.readableBytes < request.count - 4, NIODeadline.now() < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(collector.bytes == ByteBuffer(bytes: request.dropFirst(4)), "nothing lost, nothing twice")
        try await channel.close()
    }

    @Test func nothingWaitingAnswersAtOnce() async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        let (client, accepted, listener) = try Self.connectedPair()
        defer { close(client); close(listener) }
        let (taken, channel, _) = try await Self.adopt(accepted, group: group, limit: 1024)
        guard case .nothing = taken else {
            Issue.record("expected nothing: \(taken)")
            return
        }
        try await channel.close()
    }

    @Test func anEndOfInputIsLeftForNIO() async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        let (client, accepted, listener) = try Self.connectedPair()
        defer { close(client); close(listener) }
        shutdown(client, Int32(SHUT_WR))
        Self.waitReadable(accepted)
        let (taken, channel, _) = try await Self.adopt(accepted, group: group, limit: 1024)
        guard case .nothing = taken else {
            Issue.record("expected nothing: \(taken)")
            return
        }
        // NIO still sees the end of input: without half-closure allowed, it closes the channel.
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await channel.closeFuture.get() }
            tasks.addTask { try await Task.sleep(for: .seconds(5)); throw ChannelError.ioOnClosedChannel }
            try await tasks.next()
            tasks.cancelAll()
        }
    }

    @Test func aResetIsReportedBecauseTheReadConsumedIt() async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        let (client, accepted, listener) = try Self.connectedPair()
        defer { close(listener) }
        var reset = linger(l_onoff: 1, l_linger: 0)
        setsockopt(client, SOL_SOCKET, SO_LINGER, &reset, socklen_t(MemoryLayout<linger>.size))
        close(client)  // RST
        Self.waitReadable(accepted)
        let (taken, channel, _) = try await Self.adopt(accepted, group: group, limit: 1024)
        guard case .failed(let code) = taken else {
            Issue.record("expected a failure: \(taken)")
            return
        }
        #expect(code == ECONNRESET)
        try? await channel.close()
    }
}
