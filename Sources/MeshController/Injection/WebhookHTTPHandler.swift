// The webhook server's HTTP handler: collects one request, asks `respond` (the policy lives
// there) for the status and JSON body, writes the response; one request at a time per connection.
import NIOCore
import NIOHTTP1

/// Serves webhook requests with an async responder.
public final class WebhookHTTPHandler: ChannelInboundHandler, @unchecked Sendable {
    public typealias InboundIn = HTTPServerRequestPart
    public typealias OutboundOut = HTTPServerResponsePart

    /// The answer to (method, path, body): HTTP status and JSON body.
    public typealias Responder = @Sendable (_ method: String, _ path: String, _ body: [UInt8]) async -> (status: Int, body: [UInt8])

    private let respond: Responder
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    /// Requests larger than this are refused (an AdmissionReview of a pod is far smaller).
    private let maxBody = 8 << 20

    /// A handler answering with `respond`.
    public init(respond: @escaping Responder) { self.respond = respond }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h):
            head = h
            body = []
        case .body(var chunk):
            body += chunk.readBytes(length: chunk.readableBytes) ?? []
            if body.count > maxBody {
                write(context, status: 413, body: Array(#"{"error":"request too large"}"#.utf8), keepAlive: false)
                head = nil
            }
        case .end:
            guard let head else { return }
            self.head = nil
            let request = (head.method.rawValue, head.uri, body, head.isKeepAlive)
            let respond = self.respond, loop = context.eventLoop
            let bound = NIOLoopBound((self, context), eventLoop: loop)
            Task {
                let answer = await respond(request.0, request.1, request.2)
                loop.execute { bound.value.0.write(bound.value.1, status: answer.status, body: answer.body, keepAlive: request.3) }
            }
        }
    }

    private func write(_ context: ChannelHandlerContext, status: Int, body: [UInt8], keepAlive: Bool) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Content-Length", value: String(body.count))
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil)
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive { done.whenComplete { _ in context.close(promise: nil) } }
    }
}
