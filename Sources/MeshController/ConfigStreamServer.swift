// The controller's config stream listener (port 15128): mesh mTLS (any mesh identity may
// connect; what it gets is decided by its pod), then the frame codec and one
// ConfigStreamServerHandler per proxy.
import Logging
import MeshStream
import MeshTLS
import NIOCore
import NIOPosix

/// A bound config stream listener.
public struct ConfigStreamServer: Sendable {
    /// The listening channel.
    public let channel: any Channel
    /// The port it listens on.
    public var port: Int { channel.localAddress?.port ?? 0 }

    /// Listens on `host`:`port` with the credentials in `verifier`'s store.
    public static func start(host: String, port: Int, verifier: PeerVerifier, registry: ProxyRegistry, logger: Logger,
                             group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> ConfigStreamServer {
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    let sync = child.pipeline.syncOperations
                    try sync.addMeshTLSServer(verifier: verifier)
                    try sync.addHandler(ByteToMessageHandler(ConfigStreamDecoder()))
                    try sync.addHandler(MessageToByteHandler(ConfigStreamEncoder()))
                    // Asked on the child's event loop, after the handshake (the hello follows it).
                    try sync.addHandler(ConfigStreamServerHandler(registry: registry, logger: logger) { [weak child] in
                        child?.pipeline.syncOperations.meshPeerIdentity()
                    })
                }
            }
            .bind(host: host, port: port).get()
        return ConfigStreamServer(channel: channel)
    }

    /// Stops listening (open streams stay until their proxies go).
    public func close() async { try? await channel.close() }
}
