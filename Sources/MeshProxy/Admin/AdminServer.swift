// The sidecar's admin server: PlainHTTP's handler and server answering from AdminRoutes.
import NIOCore
import PlainHTTP

/// The admin server's handler (PlainHTTP's, answering from AdminRoutes).
public typealias AdminHTTPHandler = PlainHTTPHandler

extension PlainHTTPHandler {
    /// A handler answering from the sidecar's admin routes.
    public convenience init(routes: AdminRoutes) {
        self.init(allow: AdminRoutes.allowedMethods) { method, target in routes.respond(method: method, path: target) }
    }
}

/// Binds the sidecar's admin server.
public enum AdminServer {
    /// Listens on `host`:`port` (0 picks a free port) and serves `routes` until the channel is closed.
    public static func bind(host: String, port: Int, routes: AdminRoutes, group: any EventLoopGroup) async throws -> any Channel {
        try await PlainHTTPServer.bind(host: host, port: port, group: group) { method, target in routes.respond(method: method, path: target) }
    }
}

