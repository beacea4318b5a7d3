// Port forwarding through the API server (`pods/portforward`, WebSocket subprotocol v4.channel.k8s.io, as the
// kubelet serves it behind any Kubernetes API server): one exchange with a port on the pod's loopback interface.
import Foundation
import KubeModel
import NIOCore
import NIOPosix
import NIOSSL

extension KubeClient {
    /// Connects to `127.0.0.1:<port>` inside `pod`, writes `request`, and returns everything the pod sent until it
    /// closed the connection (an HTTP request with `Connection: close` is the typical use). Throws the server's
    /// Status when the upgrade is refused and the node's message when the connection cannot be made.
    public func portForwardExchange(namespace: String, pod: String, port: UInt16, request: [UInt8],
                                    timeout: TimeAmount = .seconds(15)) async throws -> [UInt8] {
        let path = "/api/v1/namespaces/\(KubeClient.escape(namespace))/pods/\(KubeClient.escape(pod))/portforward?ports=\(port)"
        var head = requestHead(.GET, path, bodyLength: nil, contentType: nil)
        head.headers.remove(name: "content-length")
        head.headers.replaceOrAdd(name: "upgrade", value: "websocket")
        head.headers.replaceOrAdd(name: "connection", value: "Upgrade")
        head.headers.replaceOrAdd(name: "sec-websocket-key", value: Data((0..<16).map { _ in UInt8.random(in: 0...255) }).base64EncodedString())
        head.headers.replaceOrAdd(name: "sec-websocket-version", value: "13")
        head.headers.replaceOrAdd(name: "sec-websocket-protocol", value: PortForwardReceiver.subprotocol)
        var text = "GET \(head.uri) HTTP/1.1\r\n"
        for (name, value) in head.headers { text += "\(name): \(value)\r\n" }
        text += "\r\n"
        let loop = group.next()
        let promise = loop.makePromise(of: [UInt8].self)
        let channel: any Channel
        do {
            channel = try await connectTLS(on: loop) { channel in
                try channel.pipeline.syncOperations.addHandler(
                    PortForwardConnectionHandler(session: PortForwardSession(request: request), promise: promise))
            }
        } catch {
            promise.fail(error)  // never left pending
            throw error
        }
        channel.writeAndFlush(ByteBuffer(string: text), promise: nil)
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

/// Feeds the connection's bytes to a `PortForwardSession` and carries out what it decides.
final class PortForwardConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    private var session: PortForwardSession
    private let promise: EventLoopPromise<[UInt8]>

    init(session: PortForwardSession, promise: EventLoopPromise<[UInt8]>) {
        self.session = session
        self.promise = promise
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        perform(session.receive(buffer.readBytes(length: buffer.readableBytes) ?? []), context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let last = session.closed() { perform([last], context) }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.fail(KubeClientError.transport("\(error)"))
        context.close(promise: nil)
    }

    private func perform(_ actions: [PortForwardAction], _ context: ChannelHandlerContext) {
        for action in actions {
            switch action {
            case .send(let bytes):
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: bytes)), promise: nil)
            case .finish(let result):
                promise.completeWith(result.mapError { $0 as any Error })
                context.close(promise: nil)
            }
        }
    }
}
