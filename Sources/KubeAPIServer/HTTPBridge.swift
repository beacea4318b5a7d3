import Foundation
import Hummingbird
import HTTPTypes
import KubeModel
import NIOCore

/// Adapts Hummingbird requests and responses to the server's own request and response types.
struct KubeResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let core: APIServerCore
    let authenticator: Authenticator

    /// Largest request body accepted (kube-apiserver's limit is 3 MiB per object; allow headroom).
    static let maxBody = 16 * 1024 * 1024

    func respond(to request: Request, context: Context) async throws -> Response {
        var request = request
        var headers: [String: String] = [:]
        for field in request.headers {
            let name = field.name.canonicalName.lowercased()
            headers[name] = headers[name].map { "\($0), \(field.value)" } ?? field.value
        }
        let path = request.uri.path
        guard await authenticator.authenticate(headers: headers, path: path) != nil else {
            return Self.response(.error(.unauthorized))
        }
        let body: ByteBuffer
        do { body = try await request.collectBody(upTo: Self.maxBody) } catch {
            return Self.response(.error(APIError(code: 413, reason: "RequestEntityTooLarge",
                                                 message: "the request body is larger than \(Self.maxBody) bytes")))
        }
        let req = APIRequest(method: request.method.rawValue, path: path, query: QueryParameters(request.uri.query ?? ""),
                             headers: headers, body: Array(buffer: body))
        let started = ContinuousClock.now
        let answer = await core.handle(req)
        if case .stream = answer {} else {
            core.logger.debug("request", metadata: ["verb": "\(req.method)", "path": "\(path)",
                                                     "latency": "\(ContinuousClock.now - started)"])
        }
        return Self.response(answer)
    }

    static func response(_ answer: APIResponse) -> Response {
        switch answer {
        case .json(let code, let json, let contentType, let warnings):
            var fields = HTTPFields()
            fields[.contentType] = contentType
            for w in warnings {
                fields.append(HTTPField(name: HTTPField.Name("Warning")!, value: "299 - \"\(w.replacingQuotes)\""))
            }
            return Response(status: .init(code: code), headers: fields,
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: json.serialized())))
        case .bytes(let code, let bytes, let contentType):
            return Response(status: .init(code: code), headers: [.contentType: contentType],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        case .stream(let contentType, let producer):
            let body = ResponseBody { writer in
                let feed = BoundedFeed<[UInt8]>(limit: StreamFeed.limit)
                async let produced: Void = {
                    try? await producer(StreamFeed(feed: feed))
                    feed.finish()
                }()
                for await chunk in feed.stream {
                    try await writer.write(ByteBuffer(bytes: chunk))
                }
                await produced
                try await writer.finish(nil)
            }
            return Response(status: .ok, headers: [.contentType: contentType], body: body)
        }
    }
}

/// Hands stream chunks from a producer task to the task writing the response; the producer waits
/// while `limit` chunks are queued, so a client that does not read holds it back.
struct StreamFeed: StreamSink {
    /// Chunks that may wait for the response writer.
    static let limit = 16
    let feed: BoundedFeed<[UInt8]>

    func write(_ bytes: [UInt8]) async throws {
        if Task.isCancelled { throw CancellationError() }
        guard await feed.send(bytes) else { throw CancellationError() }
    }
}

extension String {
    var replacingQuotes: String { replacingOccurrences(of: "\"", with: "\\\"") }
}
