// The sidecar admin server's routing, as a pure function from method and path to a response:
// /ready, /live, /config and /metrics; the HTTP handler only moves bytes.

import PlainHTTP

/// A complete admin response.
public typealias AdminResponse = PlainHTTPResponse
/// Maps admin requests to responses, reading live state through the closures it was given.
public struct AdminRoutes: Sendable {
    /// The paths served, in the order listed by the 404 body.
    public static let paths = ["/ready", "/live", "/config", "/metrics"]
    /// The methods every path accepts, as an `allow` header value for 405 responses.
    public static let allowedMethods = "GET, HEAD"
    /// Content type of the plain-text responses.
    public static let textType = "text/plain; charset=utf-8"
    /// Content type of `/metrics` (Prometheus text exposition format 0.0.4).
    public static let metricsType = "text/plain; version=0.0.4; charset=utf-8"

    private let ready: @Sendable () -> Bool
    private let config: @Sendable () -> String
    private let metrics: @Sendable () -> String

    /// Routes backed by readiness, the already-redacted config JSON, and the rendered metrics.
    public init(
        ready: @escaping @Sendable () -> Bool,
        config: @escaping @Sendable () -> String,
        metrics: @escaping @Sendable () -> String
    ) {
        self.ready = ready
        self.config = config
        self.metrics = metrics
    }

    /// The response to `method` on `path` (a request target; any query string or fragment is ignored).
    /// HEAD is answered like GET; unknown paths get 404, other methods 405.
    public func respond(method: String, path: String) -> AdminResponse {
        let route = path.prefix { $0 != "?" && $0 != "#" }
        guard Self.paths.contains(where: { $0 == route }) else { return Self.notFound }
        guard method == "GET" || method == "HEAD" else {
            return AdminResponse(status: 405, contentType: Self.textType, body: "method not allowed\n")
        }
        switch route {
        case "/ready":
            return ready()
                ? AdminResponse(status: 200, contentType: Self.textType, body: "ready\n")
                : AdminResponse(status: 503, contentType: Self.textType, body: "not ready\n")
        case "/live":
            return AdminResponse(status: 200, contentType: Self.textType, body: "live\n")
        case "/config":
            return AdminResponse(status: 200, contentType: "application/json", body: config())
        case "/metrics":
            return AdminResponse(status: 200, contentType: Self.metricsType, body: metrics())
        default:
            return Self.notFound
        }
    }

    /// 404 with the list of known paths.
    private static var notFound: AdminResponse {
        let list = paths.map { "  \($0)\n" }.joined()
        return AdminResponse(status: 404, contentType: textType, body: "not found; known paths:\n" + list)
    }
}
