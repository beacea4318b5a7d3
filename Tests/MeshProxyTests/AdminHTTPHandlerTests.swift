// Tests for AdminHTTPHandler behind NIO's HTTP server pipeline on an EmbeddedChannel: raw request bytes in,
// raw response bytes out; keep-alive, connection: close, HEAD, 405, pipelining and client half-close.
import Foundation
import MeshProxy
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

@Suite("AdminHTTPHandler on EmbeddedChannel")
struct AdminHTTPHandlerTests {
    /// One parsed response: status line, lower-cased header names, body.
    struct Response {
        var statusLine: String
        var headers: [String: String]
        var body: String
    }

    func channel(ready: Bool = true) throws -> EmbeddedChannel {
        let routes = AdminRoutes(ready: { ready }, config: { "{}" }, metrics: { "osm_tunnels_open 0\n" })
        let ch = EmbeddedChannel()
        try ch.pipeline.syncOperations.configureHTTPServerPipeline()
        try ch.pipeline.syncOperations.addHandler(AdminHTTPHandler(routes: routes))
        try ch.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return ch
    }

    /// Writes `request` as raw bytes and returns everything the channel wrote back.
    func exchange(_ ch: EmbeddedChannel, _ request: String) throws -> String {
        try ch.writeInbound(ByteBuffer(string: request))
        ch.embeddedEventLoop.run()
        var text = ""
        while let buffer = try ch.readOutbound(as: ByteBuffer.self) { text += String(buffer: buffer) }
        return text
    }

    /// Splits raw bytes into responses, using content-length to find each body (HEAD responses have none).
    func parse(_ raw: String, head: Bool = false) -> [Response] {
        var rest = Substring(raw)
        var responses: [Response] = []
        while let end = rest.range(of: "\r\n\r\n") {
            let lines = rest[..<end.lowerBound].components(separatedBy: "\r\n")
            var headers: [String: String] = [:]
            for line in lines.dropFirst() {
                let parts = line.split(separator: ":", maxSplits: 1)
                headers[parts[0].lowercased()] = parts[1].trimmingCharacters(in: .whitespaces)
            }
            let length = head ? 0 : Int(headers["content-length"] ?? "0") ?? 0
            let bodyStart = end.upperBound
            let bodyEnd = rest.index(bodyStart, offsetBy: length)
            responses.append(Response(statusLine: lines[0], headers: headers, body: String(rest[bodyStart..<bodyEnd])))
            rest = rest[bodyEnd...]
        }
        return responses
    }

    @Test func keepAliveThenClose() throws {
        let ch = try channel()
        let first = parse(try exchange(ch, "GET /ready HTTP/1.1\r\nHost: proxy\r\n\r\n"))
        #expect(first.count == 1)
        #expect(first[0].statusLine == "HTTP/1.1 200 OK")
        #expect(first[0].headers["content-type"] == "text/plain; charset=utf-8")
        #expect(first[0].headers["content-length"] == "6")
        #expect(first[0].headers["connection"] == nil)
        #expect(first[0].body == "ready\n")
        #expect(ch.isActive, "HTTP/1.1 keeps the connection open by default")

        let second = parse(try exchange(ch, "GET /metrics?x=1 HTTP/1.1\r\nHost: proxy\r\nConnection: close\r\n\r\n"))
        #expect(second.count == 1)
        #expect(second[0].headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8")
        #expect(second[0].headers["connection"] == "close")
        #expect(second[0].body == "osm_tunnels_open 0\n")
        #expect(!ch.isActive, "closed after a connection: close request")
    }

    @Test func http10ClosesUnlessKeepAliveAsked() throws {
        let ch = try channel(ready: false)
        let kept = parse(try exchange(ch, "GET /ready HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"))
        #expect(kept.first?.statusLine == "HTTP/1.0 503 Service Unavailable")
        #expect(kept.first?.headers["connection"] == "keep-alive")
        #expect(kept.first?.body == "not ready\n")
        #expect(ch.isActive)
        let closed = parse(try exchange(ch, "GET /live HTTP/1.0\r\n\r\n"))
        #expect(closed.first?.headers["connection"] == "close")
        #expect(closed.first?.body == "live\n")
        #expect(!ch.isActive)
    }

    @Test func headHasLengthButNoBody() throws {
        let ch = try channel()
        let raw = try exchange(ch, "HEAD /metrics HTTP/1.1\r\nHost: proxy\r\n\r\n")
        #expect(raw.hasSuffix("\r\n\r\n"), "no body bytes after the head")
        let response = parse(raw, head: true)
        #expect(response.first?.statusLine == "HTTP/1.1 200 OK")
        #expect(response.first?.headers["content-length"] == "19")
        #expect(ch.isActive)
    }

    @Test func postGets405AndTheConnectionStaysUsable() throws {
        let ch = try channel()
        let raw = try exchange(ch, "POST /ready HTTP/1.1\r\nHost: proxy\r\nContent-Length: 5\r\n\r\nhello")
        let response = parse(raw)
        #expect(response.first?.statusLine == "HTTP/1.1 405 Method Not Allowed")
        #expect(response.first?.headers["allow"] == "GET, HEAD")
        #expect(ch.isActive)
        #expect(parse(try exchange(ch, "GET /nope HTTP/1.1\r\nHost: proxy\r\n\r\n")).first?.statusLine
            == "HTTP/1.1 404 Not Found")
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        let ch = try channel()
        let raw = try exchange(ch, "GET /live HTTP/1.1\r\nHost: p\r\n\r\nGET /config HTTP/1.1\r\nHost: p\r\n\r\n")
        let responses = parse(raw)
        #expect(responses.map(\.body) == ["live\n", "{}"])
        #expect(responses.last?.headers["content-type"] == "application/json")
    }

    @Test func halfCloseClosesAfterTheResponse() throws {
        let ch = try channel()
        _ = try exchange(ch, "GET /live HTTP/1.1\r\nHost: p\r\n\r\n")
        ch.pipeline.syncOperations.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        ch.embeddedEventLoop.run()
        #expect(!ch.isActive)
    }

    @Test func malformedRequestGets400() throws {
        let ch = try channel()
        let raw = try exchange(ch, "NOT HTTP AT ALL\r\n\r\n")
        #expect(raw.hasPrefix("HTTP/1.1 400 Bad Request"))
        #expect(!ch.isActive)
    }
}
