// The control plane's health and metrics endpoints (OSM's port 9091): `/health/ready`, `/health/alive`,
// `/healthz`, `/metrics` (Prometheus text) and `/version`, as a pure function of method and target.
import PlainHTTP

/// Routes for a control-plane component's health server.
public struct ControlPlaneHealth: Sendable {
    /// The port the health server listens on.
    public static let port = 9091
    /// The paths served.
    public static let paths = ["/health/ready", "/health/alive", "/healthz", "/metrics", "/version"]
    private let component: String
    private let version: String
    private let ready: @Sendable () -> Bool
    private let metrics: @Sendable () -> String

    /// Routes for `component` at `version`, reading readiness and metrics through the closures.
    public init(component: String, version: String, ready: @escaping @Sendable () -> Bool, metrics: @escaping @Sendable () -> String) {
        self.component = component
        self.version = version
        self.ready = ready
        self.metrics = metrics
    }

    /// The response to `method` on `target` (query ignored): GET/HEAD only, 404 for unknown paths.
    public func respond(method: String, target: String) -> PlainHTTPResponse {
        let text = "text/plain; charset=utf-8"
        let path = target.prefix { $0 != "?" }
        guard Self.paths.contains(String(path)) else {
            return PlainHTTPResponse(status: 404, contentType: text, body: "not found; known paths: \(Self.paths.joined(separator: " "))\n")
        }
        guard method == "GET" || method == "HEAD" else { return PlainHTTPResponse(status: 405, contentType: text, body: "method not allowed\n") }
        switch path {
        case "/health/ready", "/healthz":
            return ready() ? PlainHTTPResponse(status: 200, contentType: text, body: "ready\n")
                : PlainHTTPResponse(status: 503, contentType: text, body: "\(component) is not ready\n")
        case "/health/alive":
            return PlainHTTPResponse(status: 200, contentType: text, body: "alive\n")
        case "/metrics":
            return PlainHTTPResponse(status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8", body: metrics())
        default:
            return PlainHTTPResponse(status: 200, contentType: "application/json",
                                     body: "{\"component\":\"\(component)\",\"version\":\"\(version)\"}\n")
        }
    }
}
