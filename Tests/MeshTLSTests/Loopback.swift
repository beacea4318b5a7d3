// Real sockets for the handshake tests: a mesh TLS echo server on 127.0.0.1 (port 0) that
// reports every accepted handshake, and a client whose pipeline each test sets up.
import MeshTLS
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// Something that did not happen in time.
struct TimedOut: Error {}

/// The connection ended before the expected answer came.
struct ClosedEarly: Error {}

/// Runs `body`, failing with `TimedOut` after `seconds`.
func within<T: Sendable>(_ seconds: Double = 10, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            throw TimedOut()
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}

/// Asks `check` every few milliseconds until it answers, for at most `seconds`.
func poll<T>(_ seconds: Double = 10, _ check: () throws -> T?) async throws -> T {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while true {
        if let answer = try check() { return answer }
        guard ContinuousClock.now < deadline else { throw TimedOut() }
        try await Task.sleep(for: .milliseconds(5))
    }
}

/// Echoes every byte back; closes on error.
final class EchoHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.writeAndFlush(data, promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

/// Bytes a connection received and how it ended, readable from the test.
final class Inbox: Sendable {
    private let state = Mutex<(bytes: [UInt8], ended: (any Error)?)>(([], nil))

    func append(_ buffer: ByteBuffer) { state.withLock { $0.bytes += buffer.readableBytesView } }
    func end(_ error: any Error) { state.withLock { if $0.ended == nil { $0.ended = error } } }

    /// The first `count` bytes once there, or the error that ended the connection before.
    func take(_ count: Int) throws -> [UInt8]? {
        try state.withLock { state in
            if state.bytes.count >= count { return Array(state.bytes.prefix(count)) }
            if let ended = state.ended { throw ended }
            return nil
        }
    }
}

/// Fills an Inbox; an error or the end of the connection ends it.
final class InboxHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    let inbox: Inbox

    init(_ inbox: Inbox) { self.inbox = inbox }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) { inbox.append(unwrapInboundIn(data)) }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        inbox.end(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        inbox.end(ClosedEarly())
        context.fireChannelInactive()
    }
}

/// Futures of the handshakes a server accepted, in order.
final class AcceptedHandshakes: Sendable {
    private let list = Mutex<[EventLoopFuture<MeshPeer>]>([])

    func append(_ future: EventLoopFuture<MeshPeer>) { list.withLock { $0.append(future) } }
    func at(_ index: Int) -> EventLoopFuture<MeshPeer>? { list.withLock { $0.count > index ? $0[index] : nil } }
}

/// A mesh TLS echo server whose handshake outcomes the test can await one by one.
final class EchoServer {
    let channel: any Channel
    private let accepted = AcceptedHandshakes()
    private var taken = 0

    /// Listens on 127.0.0.1:0 with `verifier`'s store's server context.
    init(group: any EventLoopGroup, verifier: PeerVerifier, allowing: AllowedPeers = .anyMeshIdentity) async throws {
        let accepted = self.accepted
        channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    let established = try child.pipeline.syncOperations.addMeshTLSServer(verifier: verifier, allowing: allowing)
                    try child.pipeline.syncOperations.addHandler(EchoHandler())
                    accepted.append(established)
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    /// The port the server listens on.
    var port: Int { channel.localAddress!.port! }

    /// The outcome of the next accepted handshake.
    func nextOutcome() async throws -> Result<MeshPeer, any Error> {
        let index = taken
        let accepted = self.accepted
        let future = try await poll { accepted.at(index) }
        taken += 1
        do {
            return .success(try await within { try await future.get() })
        } catch let error as TimedOut {
            throw error
        } catch {
            return .failure(error)
        }
    }

    /// The reason the next accepted handshake failed, or nil if it succeeded.
    func nextFailureReason() async throws -> String? {
        if case .failure(let error) = try await nextOutcome() { return handshakeFailureReason(error) }
        return nil
    }

    /// Stops listening.
    func close() async throws { try await channel.close() }
}

/// Sets up a client pipeline's TLS; answers the mesh handshake's future if it added one.
typealias ClientSetup = @Sendable (ChannelPipeline.SynchronousOperations) throws -> EventLoopFuture<MeshPeer>?

/// A client connection with a test-chosen pipeline in front of an Inbox.
final class TestClient {
    let channel: any Channel
    let inbox = Inbox()
    private let handshake = AcceptedHandshakes()
    private var consumed = 0

    /// Connects to 127.0.0.1:`port` after `setup` added the TLS handlers (or none, for plaintext).
    init(group: any EventLoopGroup, port: Int, setup: @escaping ClientSetup) async throws {
        let inbox = self.inbox
        let handshake = self.handshake
        channel = try await ClientBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let established = try setup(channel.pipeline.syncOperations) { handshake.append(established) }
                    try channel.pipeline.syncOperations.addHandler(InboxHandler(inbox))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
    }

    /// The mesh handshake's answer on this side.
    func established() async throws -> MeshPeer {
        guard let future = handshake.at(0) else { throw ClosedEarly() }
        return try await within { try await future.get() }
    }

    /// Sends `text` and waits for as many bytes back.
    func roundTrip(_ text: String) async throws -> String {
        try await channel.writeAndFlush(ByteBuffer(string: text))
        let want = consumed + text.utf8.count
        let inbox = self.inbox
        let bytes = try await poll { try inbox.take(want) }
        defer { consumed = want }
        return String(decoding: bytes[consumed...], as: UTF8.self)
    }

    /// Closes the connection (quietly if already closed).
    func close() async { try? await channel.close() }
}

/// Runs `body` with a two-thread event loop group that is shut down afterwards.
func withEventLoopGroup<T>(_ body: (any EventLoopGroup) async throws -> T) async throws -> T {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
    do {
        let result = try await body(group)
        try await group.shutdownGracefully()
        return result
    } catch {
        try? await group.shutdownGracefully()
        throw error
    }
}
