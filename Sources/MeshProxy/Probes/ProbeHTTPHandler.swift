// Serves kubelet probes on the sidecar's probe ports: asks ProbeRoutes for each request and carries out
// the answer (a GET to the app, a dial, or a direct reply); one request per connection.
import NIOCore
import NIOHTTP1
import NIOPosix

/// The last handler of a probe connection's HTTP pipeline; holds no policy of its own.
public final class ProbeHTTPHandler: ChannelInboundHandler {
    public typealias InboundIn = HTTPServerRequestPart
    public typealias OutboundOut = HTTPServerResponsePart

    private let routes: ProbeRoutes
    private let listenerPort: UInt16
    private let upstream: ProbeUpstream
    private var head: HTTPRequestHead?

    /// A handler for the listener on `listenerPort`; `upstream` reaches the app.
    public init(routes: ProbeRoutes, listenerPort: UInt16, upstream: ProbeUpstream) {
        self.routes = routes
        self.listenerPort = listenerPort
        self.upstream = upstream
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h): head = h
        case .body: break
        case .end:
            guard let h = head else { return }
            head = nil
            let headers = h.headers.map { (name: $0.name, value: $0.value) }
            let action = routes.action(listenerPort: listenerPort, target: h.uri, headers: headers)
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            let reply: @Sendable (Int, String) -> Void = { status, body in
                let (handler, context) = loopBound.value
                handler.respond(context: context, status: status, body: body)
            }
            switch action {
            case .respond(let status, let body):
                respond(context: context, status: status, body: body)
            case .dial(let port):
                upstream.dial(port: port, on: context.eventLoop).whenComplete { result in
                    switch result {
                    case .success: reply(200, "OK\n")
                    case .failure(let error): reply(404, "cannot connect to 127.0.0.1:\(port): \(error)\n")
                    }
                }
            case .forward(let port, let path):
                upstream.get(port: port, path: path, on: context.eventLoop).whenComplete { result in
                    switch result {
                    case .success(let (status, body)): reply(status, body)
                    case .failure(let error): reply(503, "probe target 127.0.0.1:\(port)\(path) failed: \(error)\n")
                    }
                }
            }
        }
    }

    public func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func respond(context: ChannelHandlerContext, status: Int, body: String) {
        guard context.channel.isActive else { return }
        let buffer = ByteBuffer(string: body)
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "text/plain; charset=utf-8")
        headers.add(name: "content-length", value: String(buffer.readableBytes))
        headers.add(name: "connection", value: "close")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: headers))),
                      promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }
}

@available(*, unavailable)
extension ProbeHTTPHandler: Sendable {}
