// Watching a collection: one streaming request per watch on its own connection, each line of
// the chunked body one event.
import KubeModel
import NIOCore
import NIOHTTP1

/// One watch event.
public struct WatchEvent: Sendable, Equatable {
    /// `ADDED`, `MODIFIED`, `DELETED`, `BOOKMARK` or `ERROR`.
    public var type: String
    /// The object (a `Status` for `ERROR`).
    public var object: JSON
}

extension KubeClient {
    /// Watches a collection path (e.g. `/api/v1/namespaces/x/pods`) from `resourceVersion`. The
    /// stream ends when the server ends the watch; an `ERROR` event with code 410 means the
    /// version is too old (list again). Cancelling the consuming task closes the connection.
    /// With `timeoutSeconds` the server ends the watch after that long, and the client closes the
    /// connection itself a few seconds later if the server did not (a server that went away
    /// without closing the connection would otherwise leave the watch silent forever).
    public func watch(_ path: String, resourceVersion: String?, labelSelector: String? = nil, timeoutSeconds: Int? = nil)
        -> AsyncThrowingStream<WatchEvent, any Error>
    {
        var query = ["watch=1", "allowWatchBookmarks=true"]
        if let timeoutSeconds { query.append("timeoutSeconds=\(timeoutSeconds)") }
        if let resourceVersion { query.append("resourceVersion=\(resourceVersion)") }
        if let labelSelector { query.append("labelSelector=\(Self.escape(labelSelector))") }
        let uri = path + (path.contains("?") ? "&" : "?") + query.joined(separator: "&")
        let (stream, continuation) = AsyncThrowingStream<WatchEvent, any Error>.makeStream()
        let task = Task {
            do {
                let connection = try await connect()
                continuation.onTermination = { _ in connection.channel.close(promise: nil) }
                if let timeoutSeconds {
                    let channel = connection.channel
                    channel.eventLoop.scheduleTask(in: .seconds(Int64(timeoutSeconds) + 3)) { channel.close(promise: nil) }
                }
                let head = connection.channel.eventLoop.makePromise(of: HTTPResponseHead.self)
                connection.start(
                    .lines(
                        head: head,
                        line: { bytes in
                            guard let json = try? JSON.parse(bytes), let type = json["type"].stringValue else {
                                return continuation.finish(throwing: KubeClientError.badResponse("watch line is not an event"))
                            }
                            continuation.yield(WatchEvent(type: type, object: json["object"]))
                        },
                        end: { error in
                            if let error { continuation.finish(throwing: error) } else { continuation.finish() }
                            connection.channel.close(promise: nil)
                        }),
                    head: requestHead(.GET, uri, bodyLength: nil, contentType: nil), body: nil, idle: {})
                _ = try await head.futureResult.get()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        _ = task
        return stream
    }

    /// Percent-escapes a query value.
    public static func escape(_ value: String) -> String {
        var out = ""
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                 UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        return out
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
