import LinuxNet
import Logging
import MeshProtocol
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// Accepts redirected outbound connections (port 15001), finds their route by `SO_ORIGINAL_DST` and the live
/// config, and splices them to a chosen endpoint — or resets them at once when no route allows them.
public struct OutboundListener: Sendable {
    let state: ProxyState
    let logger: Logger
    let connectTimeout: TimeAmount

    /// Creates the listener's logic.
    public init(state: ProxyState, logger: Logger, connectTimeout: TimeAmount = .seconds(5)) {
        self.state = state
        self.logger = logger
        self.connectTimeout = connectTimeout
    }

    /// Binds and serves until the returned channel is closed.
    public func bind(host: String, port: Int, group: any EventLoopGroup) async throws -> any Channel {
        try await ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.tcpOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in self.accept(channel) }
            .bind(host: host, port: port).get()
    }

    /// Handles one accepted connection.
    func accept(_ channel: any Channel) -> EventLoopFuture<Void> {
        Splicer.prepareAccepted(channel)
            .flatMap { OriginalDestination.of(channel) }
            .flatMap { destination in self.route(channel, destination) }
            .flatMapError { error in
                self.reset(channel, category: "no_original_destination", reason: "\(error)")
                return channel.eventLoop.makeSucceededVoidFuture()
            }
    }

    private func route(_ channel: any Channel, _ destination: IPv4Endpoint) -> EventLoopFuture<Void> {
        switch state.current.outboundDecision(for: (ip: destination.address, port: destination.port)) {
        case .reset(let reason):
            reset(channel, category: "no_route", reason: reason)
            return channel.eventLoop.makeSucceededVoidFuture()
        case .passthrough:
            guard let target = try? SocketAddress(ipAddress: destination.host, port: Int(destination.port)) else {
                reset(channel, category: "no_route", reason: "bad original destination \(destination)")
                return channel.eventLoop.makeSucceededVoidFuture()
            }
            return splice(channel, to: target, key: "passthrough")
        case .route(let resolved):
            var rng = SystemRandomNumberGenerator()
            guard let cluster = resolved.backend(at: rng.next()),
                let endpoint = LeastLoaded.pick(cluster, load: state.activeConnections, random: { rng.next() }),
                let address = try? SocketAddress(ipAddress: endpoint.address, port: Int(endpoint.port))
            else {
                reset(channel, category: "no_endpoint", reason: "route \"\(resolved.route.name)\" has no usable endpoint")
                return channel.eventLoop.makeSucceededVoidFuture()
            }
            return splice(channel, to: address, key: LeastLoaded.key(endpoint))
        }
    }

    private func splice(_ channel: any Channel, to address: SocketAddress, key: String) -> EventLoopFuture<Void> {
        state.adjustLoad(key, by: 1)
        channel.closeFuture.whenComplete { _ in self.state.adjustLoad(key, by: -1) }
        return Splicer.splice(channel, to: address, connectTimeout: connectTimeout).map { _ in }.flatMapError { error in
            self.state.countDenial("connect_failed")
            self.logger.warning("upstream connect failed", metadata: ["upstream": "\(address)", "error": "\(error)"])
            return channel.eventLoop.makeSucceededVoidFuture()
        }
    }

    /// Closes with an RST (SO_LINGER 0) so the client fails at once, and counts and logs why.
    func reset(_ channel: any Channel, category: String, reason: String) {
        state.countDenial(category)
        logger.info("connection reset", metadata: ["direction": "outbound", "reason": "\(reason)"])
        guard let provider = channel as? any SocketOptionProvider else {
            channel.close(promise: nil)
            return
        }
        provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in channel.close(promise: nil) }
    }
}
