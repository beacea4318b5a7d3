// The client's errors: a Kubernetes Status from the server, or a transport problem.
import KubeModel

/// A failed request.
public enum KubeClientError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The server answered with a `Status` (or a non-2xx code): HTTP code, reason, message.
    case status(code: Int, reason: String, message: String)
    /// The connection closed before the response was complete.
    case connectionClosed
    /// The connection or TLS handshake failed.
    case transport(String)
    /// The body was not the JSON expected.
    case badResponse(String)
    /// A stream through the API server (port forwarding) reported an error from the node.
    case streamFailed(String)

    /// The HTTP code of a `status` error.
    public var code: Int? { if case .status(let code, _, _) = self { code } else { nil } }

    /// Whether the server said the object does not exist (404).
    public var isNotFound: Bool { code == 404 }

    /// Whether the server said the object already exists or changed meanwhile (409).
    public var isConflict: Bool { code == 409 }

    /// One line.
    public var description: String {
        switch self {
        case .status(let code, let reason, let message): "\(message) (\(reason), HTTP \(code))"
        case .connectionClosed: "the API server closed the connection"
        case .transport(let what): "cannot reach the API server: \(what)"
        case .badResponse(let what): "unexpected response from the API server: \(what)"
        case .streamFailed(let what): what
        }
    }

    /// The error a non-2xx response stands for, from its `Status` body when it has one.
    static func from(status: Int, body: [UInt8]) -> KubeClientError {
        let json = try? JSON.parse(body)
        let reason = json?["reason"].stringValue ?? "HTTP\(status)"
        let message = json?["message"].stringValue ?? String(decoding: body.prefix(200), as: UTF8.self)
        return .status(code: status, reason: reason, message: message)
    }
}
