// The outbound side (port 15001): each redirected connection's SO_ORIGINAL_DST is looked up in
// the live config; a route becomes a stream on a pooled mTLS tunnel to a chosen endpoint's
// sidecar, egress passthrough a plain splice, and anything else an immediate reset.
import LinuxNet
import NetSplice
import Logging
import MeshProtocol
import MeshTLS
import NIOCore
import NIOPosix
import SeededRandom

/// Accepts redirected outbound connections and sends each where the config says, or resets it.
public struct OutboundListener: Sendable {
    let state: ProxyState
    let telemetry: ProxyTelemetry
    let logger: Logger
    /// Where a connection was addressed, when not read from its socket's `SO_ORIGINAL_DST` (tests).
    let originalDestination: (@Sendable (any Channel) -> EventLoopFuture<IPv4Endpoint>)?

    /// Creates the listener's logic; without `originalDestination`, `SO_ORIGINAL_DST` is read.
    public init(
        state: ProxyState, telemetry: ProxyTelemetry, logger: Logger,
        originalDestination: (@Sendable (any Channel) -> EventLoopFuture<IPv4Endpoint>)? = nil
    ) {
        self.state = state
        self.telemetry = telemetry
        self.logger = logger
        self.originalDestination = originalDestination
    }

    /// Binds and serves until the returned channel is closed.
    public func bind(host: String, port: Int, group: any EventLoopGroup) async throws -> any Channel {
        try await ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(ChannelOptions.backlog, value: 1024)
            .childChannelInitializer { channel in self.accept(channel) }
            .bind(host: host, port: port).get()
    }

    /// The most read from a new connection before NIO reads it (`EarlyRead`).
    static let earlyReadLimit = 16 * 1024

    /// Handles one accepted connection.
    func accept(_ channel: any Channel) -> EventLoopFuture<Void> {
        // Options set in place (the bootstrap's child options and Splicer's setOption go through a
        // future each); TCP_NODELAY comes from the listening socket, where NIO sets it.
        do {
            let options = channel.syncOptions
            try options?.setOption(ChannelOptions.recvAllocator, value: SocketTuning.readAllocator)
            try options?.setOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            try options?.setOption(ChannelOptions.autoRead, value: false)
        } catch {
            channel.close(promise: nil)
            return channel.eventLoop.makeSucceededVoidFuture()
        }
        guard let originalDestination else {
            switch OriginalDestination.now(channel) {
            case .success(let destination): route(channel, destination)
            case .failure(let error): unaddressed(channel, error)
            }
            return channel.eventLoop.makeSucceededVoidFuture()
        }
        return originalDestination(channel)
            .map { destination in self.route(channel, destination) }
            .flatMapError { error in
                self.unaddressed(channel, error)
                return channel.eventLoop.makeSucceededVoidFuture()
            }
    }

    private func unaddressed(_ channel: any Channel, _ error: any Error) {
        let info = self.info(channel, destination: "unknown", peer: "unknown")
        refuse(channel, info, category: "no_original_destination", reason: "\(error)")
    }

    private func route(_ channel: any Channel, _ destination: IPv4Endpoint) {
        let (config, table) = state.snapshot
        let original = "\(destination.host):\(destination.port)"
        switch table.decision(ip: destination.address, port: destination.port) {
        case .reset(let reason):
            refuse(channel, info(channel, destination: original, peer: "unknown"), category: "no_route", reason: reason)
        case .passthrough:
            passthrough(channel, destination, info(channel, destination: original, peer: "passthrough"))
        case .egress(let policy):
            passthrough(channel, destination, info(channel, destination: original, peer: "egress:\(policy)"))
        case .route(let resolved):
            // Weighted and least-loaded choices need spread, not secrecy: no getrandom(2) per connection.
            var rng = SplitMix64(seed: UInt64(truncatingIfNeeded: NIODeadline.now().uptimeNanoseconds)
                &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(destination.address) << 16 ^ UInt64(destination.port))
            let service = resolved.route.service.description
            var info = info(channel, destination: original, peer: service)
            info.service = service
            info.route = resolved.route.name
            guard let cluster = resolved.backend(at: rng.next()),
                  let endpoint = LeastLoaded.pick(cluster, load: state.activeConnections, random: { rng.next() })
            else {
                return refuse(channel, info, category: "no_endpoint", reason: "route \(resolved.route.name) has no usable endpoint")
            }
            guard let verifier = state.verifier else {
                return refuse(channel, info, category: "no_certificate", reason: "the proxy has no mesh certificate yet")
            }
            info.upstream = "\(endpoint.address):\(endpoint.port)"
            tunnel(channel, info, cluster: cluster, endpoint: endpoint, verifier: verifier,
                   destination: (destination.address, destination.port), config: config)
        }
    }

    private func tunnel(
        _ channel: any Channel, _ info: ConnectionInfo, cluster: Cluster, endpoint: Endpoint, verifier: PeerVerifier,
        destination: (UInt32, UInt16), config: ProxyConfig
    ) {
        let loadKey = LeastLoaded.key(endpoint)
        let state = self.state, telemetry = self.telemetry
        let idle = config.timeouts.idleTimeoutMillis
        let stream = TunnelStream(idleTimeout: idle == 0 ? nil : .milliseconds(Int64(idle))) { outcome in
            state.adjustLoad(loadKey, by: -1)
            state.adjustActive(by: -1)
            telemetry.closed(info, outcome)
        }
        let routeName = info.route ?? ""
        stream.recheck = { next in
            if case .route(let r) = next.outboundDecision(for: destination), r.route.name == routeName { return nil }
            return "route \(routeName) was removed"
        }
        let key = TunnelKey(
            address: endpoint.address, port: endpoint.port, sni: cluster.sni,
            serverIdentities: cluster.serverIdentities.sorted { $0.description < $1.description },
            generation: verifier.store.generation)
        let pool = state.pool(on: channel.eventLoop) {
            TunnelPool(eventLoop: channel.eventLoop, logger: logger, telemetry: telemetry)
        }
        let timeout = TimeAmount.milliseconds(Int64(config.timeouts.connectTimeoutMillis))
        guard pool.open(stream, key: key, port: endpoint.port, origin: info.source, verifier: verifier,
                        connectTimeout: timeout) != nil
        else { return refuse(channel, info, category: "no_tunnel", reason: "no tunnel to \(info.upstream ?? "?")") }
        state.adjustLoad(loadKey, by: 1)
        state.adjustActive(by: 1)
        telemetry.opened(info)
        do {
            try channel.pipeline.syncOperations.addHandler(stream)
        } catch {  // the connection closed under us: the stream ends (reset to the peer, counted once)
            stream.abort("local connection closed during setup: \(error)")
            return SocketTuning.reset(channel)
        }
        // Usually the request is already here: it leaves with the OPEN, now (on a tunnel still
        // connecting, once it is up). Otherwise the OPEN leaves alone at the end of this tick.
        if stream.tunnel?.isWritable ?? false {
            switch EarlyRead.take(from: channel, upTo: Self.earlyReadLimit) {
            case .bytes(let first): stream.fromLocalEarly(first)
            case .nothing: break
            case .failed(let code): return stream.localFailed(errno: code)
            }
        }
        // A failure here means the channel is closing: the stream sees it go inactive and ends.
        try? channel.syncOptions?.setOption(ChannelOptions.autoRead, value: true)
    }

    private func passthrough(_ channel: any Channel, _ destination: IPv4Endpoint, _ info: ConnectionInfo) {
        guard let target = try? SocketAddress(ipAddress: destination.host, port: Int(destination.port)) else {
            return refuse(channel, info, category: "no_route", reason: "bad original destination \(destination)")
        }
        let timeout = TimeAmount.milliseconds(Int64(state.current.timeouts.connectTimeoutMillis))
        state.adjustActive(by: 1)
        telemetry.opened(info)
        let state = self.state, telemetry = self.telemetry
        Splicer.splice(channel, to: target, connectTimeout: timeout).whenComplete { result in
            switch result {
            case .success(let upstream):
                upstream.closeFuture.and(channel.closeFuture).whenComplete { _ in
                    state.adjustActive(by: -1)
                    telemetry.closed(info, StreamOutcome(bytesFromLocal: 0, bytesToLocal: 0, clean: true, reason: nil))
                }
            case .failure(let error):
                state.adjustActive(by: -1)
                telemetry.closed(info, StreamOutcome(
                    bytesFromLocal: 0, bytesToLocal: 0, clean: false, reason: "connect_failed: \(error)"))
            }
        }
    }

    private func info(_ channel: any Channel, destination: String, peer: String) -> ConnectionInfo {
        ConnectionInfo(direction: .outbound, peer: peer, source: Self.text(channel.remoteAddress),
                       destination: destination)
    }

    static func text(_ address: SocketAddress?) -> String {
        guard let address, let ip = address.ipAddress, let port = address.port else { return "unknown" }
        return "\(ip):\(port)"
    }

    /// Closes with an RST (SO_LINGER 0) so the client fails at once, and counts and logs why.
    func refuse(_ channel: any Channel, _ info: ConnectionInfo, category: String, reason: String) {
        state.countDenial(category)
        telemetry.refused(info, category: category, reason: reason)
        SocketTuning.reset(channel)
    }
}
