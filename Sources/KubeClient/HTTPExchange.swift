// One HTTP/1.1 request/response over a NIO channel: the handler that collects a whole response
// (CRUD) or streams the body line by line (watch), and the connection it runs on.
import NIOCore
import NIOHTTP1

/// A whole response.
public struct KubeResponse: Sendable {
    /// The HTTP status.
    public var status: Int
    /// The response headers.
    public var headers: HTTPHeaders
    /// The body bytes.
    public var body: [UInt8]
}

/// What the response handler does with the body.
enum BodyMode: Sendable {
    /// Collect the whole body, then complete `promise`.
    case whole(EventLoopPromise<KubeResponse>)
    /// Complete `head` at the response head, then hand each newline-terminated line to `line`;
    /// `end` runs once when the body ends or the connection fails.
    case lines(
        head: EventLoopPromise<HTTPResponseHead>, line: @Sendable ([UInt8]) -> Void, end: @Sendable ((any Error)?) -> Void)
}

/// Collects or streams the response of the one request in flight on its connection.
final class ResponseHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart

    private var mode: BodyMode?
    private var head: HTTPResponseHead?
    private var body: [UInt8] = []
    private var headIsSuccess: Bool { head.map { (200..<300).contains(Int($0.status.code)) } ?? false }
    /// Runs when a whole response ended and the connection may be reused.
    var onIdle: (() -> Void)?

    /// Starts waiting for the response to a request just written.
    func expect(_ mode: BodyMode) {
        self.mode = mode
        head = nil
        body = []
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h):
            head = h
            if case .lines(let headPromise, _, _) = mode { headPromise.succeed(h) }
        case .body(var buffer):
            switch mode {
            case .whole: body += buffer.readBytes(length: buffer.readableBytes) ?? []
            case .lines where !headIsSuccess:
                body += buffer.readBytes(length: buffer.readableBytes) ?? []  // a Status, read whole
            case .lines(_, let line, _):
                body += buffer.readBytes(length: buffer.readableBytes) ?? []
                while let newline = body.firstIndex(of: UInt8(ascii: "\n")) {
                    let text = Array(body[..<newline])
                    body.removeSubrange(...newline)
                    if !text.isEmpty { line(text) }
                }
            case nil: break
            }
        case .end:
            let finished = mode
            mode = nil
            switch finished {
            case .whole(let promise):
                if let head {
                    promise.succeed(KubeResponse(status: Int(head.status.code), headers: head.headers, body: body))
                }
            case .lines(_, let line, let end):
                if !headIsSuccess {
                    end(KubeClientError.from(status: Int(head?.status.code ?? 0), body: body))
                } else {
                    if !body.isEmpty { line(body) }
                    end(nil)
                }
            case nil: break
            }
            body = []
            if let head, head.isKeepAlive { onIdle?() } else { context.close(promise: nil) }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(KubeClientError.connectionClosed)
        context.fireChannelInactive()
    }

    private func fail(_ error: any Error) {
        let pending = mode
        mode = nil
        switch pending {
        case .whole(let promise): promise.fail(error)
        case .lines(let head, _, let end):
            head.fail(error)
            end(error)
        case nil: break
        }
    }
}

@available(*, unavailable)
extension ResponseHandler: Sendable {}
