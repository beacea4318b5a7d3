// The client side's pooled tunnels, one pool per event loop (so streams and their tunnel share
// a loop and need no locks): a new application connection becomes a stream on an open tunnel to
// the same endpoint, SNI and server identities, and a tunnel is dialled only when none has room.
import Logging
import MeshProtocol
import MeshTLS
import NIOCore
import NIOPosix

/// What a tunnel is shared by: the endpoint address, the SNI, the identities its server may
/// have and the credentials generation (after a rotation new tunnels use the new certificate).
struct TunnelKey: Hashable {
    var address: String
    var port: UInt16
    var sni: String
    var serverIdentities: [ServiceIdentity]
    var generation: UInt64
}

/// Tunnels of one event loop.
final class TunnelPool {
    let eventLoop: any EventLoop
    private let logger: Logger
    private let telemetry: any TunnelTelemetry
    private var tunnels: [TunnelKey: [TunnelConnection]] = [:]
    private var sweeping = false
    /// Streams one tunnel carries before another is dialled.
    static let maxStreamsPerTunnel = 512
    /// How long a tunnel without streams stays open for reuse.
    static let idleTunnelTimeout = TimeAmount.seconds(30)

    init(eventLoop: any EventLoop, logger: Logger, telemetry: any TunnelTelemetry) {
        self.eventLoop = eventLoop
        self.logger = logger
        self.telemetry = telemetry
    }

    /// A tunnel that takes `stream` now (dialling one if needed); answers the stream id, or nil
    /// when no tunnel could take it.
    func open(
        _ stream: TunnelStream, key: TunnelKey, port: UInt16, origin: String, verifier: PeerVerifier,
        connectTimeout: TimeAmount
    ) -> UInt32? {
        let usable = tunnels[key]?.first { !$0.closed && !$0.draining && $0.streamCount < Self.maxStreamsPerTunnel }
        let tunnel = usable ?? dial(key, verifier: verifier, connectTimeout: connectTimeout)
        let id = tunnel.open(stream, port: port, origin: origin)
        // The OPEN leaves at the end of this tick: a server that speaks first must not wait for the
        // client to write, and the peer starts its local connect while the first bytes are read.
        if id != nil { tunnel.flushAtEndOfTick() }
        return id
    }

    /// Sends GOAWAY on every tunnel (draining): open streams finish, nothing new starts.
    func drain() {
        for tunnel in tunnels.values.joined() { tunnel.goAway(reason: "client draining") }
    }

    /// Every stream of every tunnel, for policy re-checks.
    var streams: [TunnelStream] { tunnels.values.joined().flatMap(\.openStreams) }

    private func dial(_ key: TunnelKey, verifier: PeerVerifier, connectTimeout: TimeAmount) -> TunnelConnection {
        let tunnel = TunnelConnection(role: .client)
        guard let address = try? SocketAddress(ipAddress: key.address, port: Int(key.port)) else {
            tunnel.fail("endpoint address \(key.address) is not an IP address")
            return tunnel
        }
        tunnels[key, default: []].append(tunnel)
        tunnel.onChange = { [weak self] t in self?.changed(t, key: key) }
        telemetry.tunnelOpened()
        startSweeping()
        let identities = key.serverIdentities
        let sni = key.sni
        let logger = self.logger
        let telemetry = self.telemetry
        let target = "\(key.address):\(key.port)"
        let bound = NIOLoopBound(tunnel, eventLoop: eventLoop)
        ClientBootstrap(group: eventLoop)
            .connectTimeout(connectTimeout)
            .channelOption(ChannelOptions.tcpOption(.tcp_nodelay), value: 1)
            .channelOption(ChannelOptions.recvAllocator, value: SocketTuning.readAllocator)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let ops = channel.pipeline.syncOperations
                    let established = try ops.addMeshTLSClient(
                        context: verifier.store.clientContext, verifier: verifier, serverName: sni,
                        allowing: .identities(Set(identities)), timeout: connectTimeout)
                    established.whenComplete { result in
                        switch result {
                        case .success: telemetry.handshakeSucceeded()
                        case .failure(let error):
                            // A connect that failed is logged as such below; no handshake was tried.
                            guard bound.value.wasConnected else { return }
                            telemetry.handshakeFailed(.outbound, reason: handshakeFailureReason(error))
                            logger.warning("tunnel handshake failed", metadata: ["upstream": "\(target)", "sni": "\(sni)", "error": "\(error)"])
                        }
                    }
                    try ops.addHandler(bound.value)
                }
            }
            .connect(to: address)
            .assumeIsolated().whenFailure { error in
                logger.warning("tunnel connect failed", metadata: ["upstream": "\(target)", "error": "\(error)"])
                bound.value.fail("upstream \(target) unreachable: \(error)")
            }
        return tunnel
    }

    private func changed(_ tunnel: TunnelConnection, key: TunnelKey) {
        guard tunnel.closed else { return }
        tunnels[key]?.removeAll { $0 === tunnel }
        if tunnels[key]?.isEmpty == true { tunnels[key] = nil }
        telemetry.tunnelClosed()
    }

    /// Closes tunnels that carried no stream for `idleTunnelTimeout`; runs every few seconds
    /// while the pool has tunnels.
    private func startSweeping() {
        guard !sweeping else { return }
        sweeping = true
        eventLoop.assumeIsolated().scheduleTask(in: .seconds(5)) { [weak self] in self?.sweep() }
    }

    private func sweep() {
        let now = NIODeadline.now()
        for tunnel in tunnels.values.joined() {
            if let since = tunnel.idleSince, since + Self.idleTunnelTimeout <= now { tunnel.goAway(reason: "idle") }
        }
        sweeping = false
        if !tunnels.isEmpty { startSweeping() }
    }
}

@available(*, unavailable)
extension TunnelPool: Sendable {}

/// The tunnel events the proxy counts (implemented by the proxy's telemetry).
protocol TunnelTelemetry: Sendable {
    func tunnelOpened()
    func tunnelClosed()
    func handshakeFailed(_ direction: TrafficDirection, reason: String)
    func handshakeSucceeded()
}
