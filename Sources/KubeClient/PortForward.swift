// Port forwarding through the API server (`pods/portforward`, WebSocket subprotocol v4.channel.k8s.io, as the
// kubelet serves it behind any Kubernetes API server): one exchange with a port on the pod's loopback interface.
import KubeModel
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOWebSocket

extension KubeClient {
    /// Connects to `127.0.0.1:<port>` inside `pod`, writes `request`, and returns everything the pod sent until it
    /// closed the connection (an HTTP request with `Connection: close` is the typical use). Throws the server's
    /// Status when the upgrade is refused and the node's message when the connection cannot be made.
    public func portForwardExchange(namespace: String, pod: String, port: UInt16, request: [UInt8],
                                    timeout: TimeAmount = .seconds(15)) async throws -> [UInt8] {
        let path = "/api/v1/namespaces/\(KubeClient.escape(namespace))/pods/\(KubeClient.escape(pod))/portforward?ports=\(port)"
        var head = requestHead(.GET, path, bodyLength: nil, contentType: nil)
        head.headers.remove(name: "content-length")
        head.headers.replaceOrAdd(name: "sec-websocket-protocol", value: PortForwardReceiver.subprotocol)
        let loop = group.next()
        let promise = loop.makePromise(of: [UInt8].self)
        let channel: any Channel
        do {
            channel = try await connectTLS(on: loop) { channel in
                let upgrader = NIOWebSocketClientUpgrader(maxFrameSize: 1 << 20) { channel, _ in
                    channel.pipeline.addHandler(PortForwardFrameHandler(request: request, promise: promise))
                }
                // The HTTP handlers (and the one that reports a refused upgrade) leave the pipeline before
                // the WebSocket codec joins it.
                let encoder = HTTPRequestEncoder()
                let decoder = ByteToMessageHandler(HTTPResponseDecoder(leftOverBytesStrategy: .forwardBytes))
                let refused = RefusedUpgradeHandler(promise: promise)
                let upgrade = NIOHTTPClientUpgradeHandler(upgraders: [upgrader], httpHandlers: [encoder, decoder, refused],
                                                          upgradeCompletionHandler: { _ in })
                try channel.pipeline.syncOperations.addHandlers([encoder, decoder, upgrade, refused])
            }
        } catch {
            promise.fail(error)  // never left pending
            throw error
        }
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        let deadline = loop.scheduleTask(in: timeout) {
            promise.fail(KubeClientError.streamFailed("port forwarding to \(namespace)/\(pod):\(port) timed out"))
        }
        defer {
            deadline.cancel()
            channel.close(promise: nil)
        }
        return try await promise.futureResult.get()
    }
}

/// What a port-forward session delivered: data and error channel bytes without their port prefixes.
struct PortForwardReceiver: Sendable, Equatable {
    static let subprotocol = "v4.channel.k8s.io"
    private(set) var data: [UInt8] = []
    private(set) var error: [UInt8] = []
    /// Bytes of each channel's port prefix not yet seen.
    private var prefixLeft: [Int] = [2, 2]

    /// Takes one whole binary message (channel byte first). Each channel's first two bytes are its port.
    mutating func receive(_ message: [UInt8]) {
        guard let channel = message.first, channel <= 1 else { return }
        var payload = message.dropFirst()
        let skipped = min(prefixLeft[Int(channel)], payload.count)
        payload = payload.dropFirst(skipped)
        prefixLeft[Int(channel)] -= skipped
        if channel == 0 { data += payload } else { error += payload }
    }

    /// The session's outcome once the server closed it: the data, or the node's error.
    var outcome: Result<[UInt8], KubeClientError> {
        error.isEmpty ? .success(data) : .failure(.streamFailed(String(decoding: error, as: UTF8.self)))
    }
}

/// Fails the exchange with the server's Status when it answers the upgrade with anything but 101.
private final class RefusedUpgradeHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    private let promise: EventLoopPromise<[UInt8]>
    private var status = 0
    private var body: [UInt8] = []

    init(promise: EventLoopPromise<[UInt8]>) { self.promise = promise }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): status = Int(head.status.code)
        case .body(var buffer): body += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end:
            promise.fail(KubeClientError.from(status: status, body: body))
            context.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.fail(KubeClientError.transport("\(error)"))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.fail(KubeClientError.connectionClosed)
    }
}

/// Sends the request on the data channel, collects messages, answers pings and the server's close.
private final class PortForwardFrameHandler: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame
    private let request: [UInt8]
    private let promise: EventLoopPromise<[UInt8]>
    private var receiver = PortForwardReceiver()
    private var partial: [UInt8] = []

    init(request: [UInt8], promise: EventLoopPromise<[UInt8]>) {
        self.request = request
        self.promise = promise
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let frame = WebSocketFrame(fin: true, opcode: .binary, maskKey: .random(), data: ByteBuffer(bytes: [0] + request))
        context.writeAndFlush(wrapOutboundOut(frame), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        var payload = frame.unmaskedData
        switch frame.opcode {
        case .binary, .continuation:
            partial += payload.readBytes(length: payload.readableBytes) ?? []
            if frame.fin {
                receiver.receive(partial)
                partial = []
            }
        case .ping:
            let pong = WebSocketFrame(fin: true, opcode: .pong, maskKey: .random(), data: payload)
            context.writeAndFlush(wrapOutboundOut(pong), promise: nil)
        case .connectionClose:
            let reply = WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: ByteBuffer())
            context.writeAndFlush(wrapOutboundOut(reply), promise: nil)
            context.close(promise: nil)
            finish()
        default:
            break
        }
    }

    func channelInactive(context: ChannelHandlerContext) { finish() }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.fail(KubeClientError.transport("\(error)"))
        context.close(promise: nil)
    }

    private func finish() { promise.completeWith(receiver.outcome.mapError { $0 as any Error }) }
}
