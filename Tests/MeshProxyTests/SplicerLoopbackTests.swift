import MeshProxy
import NetSplice
import NIOCore
import NIOPosix
import Testing

/// An echo server that answers once the client has finished sending (it waits for FIN), like OSM's tcp-echo.
final class EchoOnEOF: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    private var received = ByteBuffer()

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var b = unwrapInboundIn(data)
        received.writeBuffer(&b)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard let e = event as? ChannelEvent, case .inputClosed = e else { return }
        var out = ByteBuffer(string: "echo response: ")
        out.writeBuffer(&received)
        context.writeAndFlush(wrapOutboundOut(out)).whenComplete { _ in context.close(promise: nil) }
    }
}

/// Collects everything a client receives until the server closes.
final class Collector: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    let done: EventLoopPromise<String>
    private var text = ""
    init(done: EventLoopPromise<String>) { self.done = done }
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        text += String(buffer: unwrapInboundIn(data))
    }
    func channelInactive(context: ChannelHandlerContext) { done.succeed(text) }
}

@Suite("Splicer over loopback sockets")
struct SplicerLoopbackTests {
    @Test func halfCloseTravelsEndToEndLikeEchoPipedIntoNc() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let echo = try await ServerBootstrap(group: group)
            .childChannelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { ch in ch.eventLoop.makeCompletedFuture { try ch.pipeline.syncOperations.addHandler(EchoOnEOF()) } }
            .bind(host: "127.0.0.1", port: 0).get()
        let upstream = echo.localAddress!
        let relay = try await ServerBootstrap(group: group)
            .childChannelInitializer { channel in
                Splicer.prepareAccepted(channel).flatMap {
                    Splicer.splice(channel, to: upstream, connectTimeout: .seconds(2)).map { _ in }
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let done = group.next().makePromise(of: String.self)
        let client = try await ClientBootstrap(group: group)
            .channelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            .channelInitializer { ch in ch.eventLoop.makeCompletedFuture { try ch.pipeline.syncOperations.addHandler(Collector(done: done)) } }
            .connect(to: relay.localAddress!).get()
        try await client.writeAndFlush(ByteBuffer(string: "hello\n"))
        try await client.close(mode: CloseMode.output)
        let answer = try await done.futureResult.get()
        #expect(answer == "echo response: hello\n")
        try await relay.close()
        try await echo.close()
        try await group.shutdownGracefully()
    }

    @Test func anUnreachableUpstreamClosesTheClientAtOnce() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let closedPort = try SocketAddress(ipAddress: "127.0.0.1", port: 1)
        let relay = try await ServerBootstrap(group: group)
            .childChannelInitializer { channel in
                Splicer.prepareAccepted(channel).flatMap {
                    Splicer.splice(channel, to: closedPort, connectTimeout: .seconds(2)).map { _ in }.recover { _ in }
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let done = group.next().makePromise(of: String.self)
        _ = try await ClientBootstrap(group: group)
            .channelInitializer { ch in ch.eventLoop.makeCompletedFuture { try ch.pipeline.syncOperations.addHandler(Collector(done: done)) } }
            .connect(to: relay.localAddress!).get()
        let answer = try await done.futureResult.get()
        #expect(answer.isEmpty)
        try await relay.close()
        try await group.shutdownGracefully()
    }
}
