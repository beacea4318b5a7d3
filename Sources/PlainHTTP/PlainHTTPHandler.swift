// PlainHTTP: small HTTP/1.1 endpoints (a sidecar's admin server, the control plane's health and metrics)
// answered by a routing function. This file: the handler, which asks the function for each complete request
// and writes the response, keeping the connection open for keep-alive requests and closing it otherwise.
import NIOCore
import NIOHTTP1

/// A complete response: status code, content type and body text.
public struct PlainHTTPResponse: Sendable, Equatable {
    /// The HTTP status code.
    public var status: Int
    /// The `content-type` header value.
    public var contentType: String
    /// The body, sent as UTF-8 (omitted on the wire for HEAD).
    public var body: String

    /// A response with the given parts.
    public init(status: Int, contentType: String, body: String) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }
}

/// Maps a request's method and target to its response.
public typealias PlainHTTPRoutes = @Sendable (_ method: String, _ target: String) -> PlainHTTPResponse

/// The last handler of a plain HTTP connection's server pipeline; holds no policy of its own.
public final class PlainHTTPHandler: ChannelInboundHandler {
    public typealias InboundIn = HTTPServerRequestPart
    public typealias OutboundOut = HTTPServerResponsePart

    private let routes: PlainHTTPRoutes
    private let allow: String
    private var request: HTTPRequestHead?
    /// The last response's final write, so a half-close from the client closes only after it is sent.
    private var lastWrite: EventLoopFuture<Void>?

    /// A handler answering from `routes`; `allow` is the `allow` header of 405 answers.
    public init(allow: String = "GET, HEAD", routes: @escaping PlainHTTPRoutes) {
        self.routes = routes
        self.allow = allow
    }

    /// Collects a request's head and answers at its end; bodies are ignored.
    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            request = head
        case .body:
            break  // No admin route takes a body.
        case .end:
            guard let head = request else { return }
            request = nil
            respond(to: head, context: context)
        }
    }

    /// On a client half-close, closes the connection after the last response.
    public func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard case ChannelEvent.inputClosed = event else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        // The client will send no more requests: close once the last response is out.
        let channel = context.channel
        if let lastWrite {
            lastWrite.whenComplete { _ in channel.close(promise: nil) }
        } else {
            context.close(promise: nil)
        }
    }

    /// Closes the connection on any error (the pipeline's error handler has already answered bad requests).
    public func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func respond(to head: HTTPRequestHead, context: ChannelHandlerContext) {
        let response = routes(head.method.rawValue, head.uri)
        let keepAlive = head.isKeepAlive
        let body = ByteBuffer(string: response.body)

        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: response.contentType)
        headers.add(name: "content-length", value: String(body.readableBytes))
        if response.status == 405 {
            headers.add(name: "allow", value: allow)
        }
        if !keepAlive {
            headers.add(name: "connection", value: "close")
        } else if head.version.major == 1 && head.version.minor == 0 {
            headers.add(name: "connection", value: "keep-alive")
        }
        let status = HTTPResponseStatus(statusCode: response.status)
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))),
                      promise: nil)
        if head.method != .HEAD {
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        }
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        lastWrite = done
        if !keepAlive {
            let channel = context.channel
            done.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
