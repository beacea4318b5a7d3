// Binds a plain HTTP server: NIO's HTTP/1.1 server pipeline in front of PlainHTTPHandler.
import NIOCore
import NIOHTTP1
import NIOPosix

/// Starts plain HTTP servers.
public enum PlainHTTPServer {
    /// Listens on `host`:`port` (port 0 picks a free one; see the channel's `localAddress`) and serves `routes`
    /// until the returned channel is closed.
    public static func bind(
        host: String, port: Int, group: any EventLoopGroup, routes: @escaping PlainHTTPRoutes
    ) async throws -> any Channel {
        try await ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(ChannelOptions.backlog, value: 64)
            .childChannelOption(ChannelOptions.tcpOption(.tcp_nodelay), value: 1)
            .childChannelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(PlainHTTPHandler(routes: routes))
                }
            }
            .bind(host: host, port: port)
            .get()
    }
}
