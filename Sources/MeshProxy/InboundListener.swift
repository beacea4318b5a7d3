// The inbound side (port 15003): every redirected connection must complete mesh mTLS (client
// certificate from the mesh CA, ALPN `osm`); it then carries tunnel streams, each authorized by
// the live config for its target port, the peer's identity and the SNI, and spliced to
// 127.0.0.1:<port>. Anything else is reset, counted and logged with the rule that said no.
import LinuxNet
import Logging
import MeshProtocol
import MeshTLS
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// Accepts mesh tunnels from other sidecars and opens their streams to the local app.
public struct InboundListener: Sendable {
    let state: ProxyState
    let telemetry: ProxyTelemetry
    let logger: Logger
    let verifier: PeerVerifier

    /// Creates the listener's logic.
    public init(state: ProxyState, verifier: PeerVerifier, telemetry: ProxyTelemetry, logger: Logger) {
        self.state = state
        self.verifier = verifier
        self.telemetry = telemetry
        self.logger = logger
    }

    /// Binds and serves until the returned channel is closed.
    public func bind(host: String, port: Int, group: any EventLoopGroup) async throws -> any Channel {
        try await ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(ChannelOptions.backlog, value: 1024)
            .childChannelOption(ChannelOptions.recvAllocator, value: SocketTuning.readAllocator)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try self.accept(channel) }
            }
            .bind(host: host, port: port).get()
    }

    /// The least time an accepted tunnel gets for its handshake.
    static let handshakeTimeoutFloor = TimeAmount.seconds(10)

    /// 127.0.0.1:`port`, built without parsing text.
    static func loopback(port: UInt16) -> SocketAddress {
        SocketAddress(LoopbackConnect.address(port: port), host: "127.0.0.1")
    }

    /// Installs TLS and the tunnel on an accepted connection.
    func accept(_ channel: any Channel) throws {
        let ops = channel.pipeline.syncOperations
        // A client that connects and never completes the handshake is dropped: after the
        // config's connect timeout, but no sooner than `handshakeTimeoutFloor` (this only has to
        // stop silent clients from holding sockets, never to cut a slow but honest handshake).
        let configured = TimeAmount.milliseconds(Int64(state.current.timeouts.connectTimeoutMillis))
        let established = try ops.addMeshTLSServer(verifier: verifier, timeout: max(configured, Self.handshakeTimeoutFloor))
        let source = OutboundListener.text(channel.remoteAddress)
        let peerBox = NIOLoopBoundBox<MeshPeer?>(nil, eventLoop: channel.eventLoop)
        // The pod address the tunnel came in on, for every stream's log line (formatted once).
        let localHost = channel.localAddress?.ipAddress ?? "?"
        let tunnel = TunnelConnection(role: .server, allocator: channel.allocator) { tunnel, id, port, origin in
            guard let peer = peerBox.value else { return tunnel.refuse(id, reason: "no verified peer") }
            self.open(tunnel, id: id, port: port, origin: origin, peer: peer, localHost: localHost, channel: channel)
        }
        try ops.addHandler(tunnel)
        state.addServerTunnel(tunnel, loop: channel.eventLoop)
        telemetry.tunnelOpened()
        let tunnelID = ObjectIdentifier(tunnel)
        channel.closeFuture.whenComplete { _ in
            self.state.removeServerTunnel(tunnelID)
            self.telemetry.tunnelClosed()
        }
        established.whenComplete { result in
            switch result {
            case .success(let peer):
                peerBox.value = peer
                self.telemetry.handshakeSucceeded()
            case .failure(let error):
                let reason = handshakeFailureReason(error)
                self.telemetry.handshakeFailed(.inbound, reason: reason)
                self.state.countDenial("bad_tls")
                self.logger.info("inbound handshake refused", metadata: ["source": "\(source)", "reason": "\(reason)"])
                SocketTuning.reset(channel)
            }
        }
    }

    private func open(
        _ tunnel: TunnelConnection, id: UInt32, port: UInt16, origin: String, peer: MeshPeer, localHost: String,
        channel: any Channel
    ) {
        let config = state.current
        let decision = config.inboundDecision(port: port, peer: peer.identity, serverName: peer.serverName)
        // The loopback handshake completes inside connect(2), and wakes the app for its accept: the
        // rest of the setup overlaps that wake-up. The socket goes to NIO connected; a SYN the
        // app's full backlog dropped (or whose processing the kernel deferred) takes the usual
        // path, with its timeout.
        let attempt: LoopbackConnect.Outcome?
        if case .allow(let localPort, _) = decision {
            attempt = LoopbackConnect.attempt(port: localPort)
        } else {
            attempt = nil
        }
        var info = ConnectionInfo(
            direction: .inbound, peer: peer.identity.description, source: origin,
            destination: "\(localHost):\(port)",
            peerIdentity: peer.identity.description)
        telemetry.metrics.authorized(direction: .inbound, policy: decision.policy, allowed: attempt != nil)
        guard case .allow(let localPort, let policy) = decision, let attempt else {
            if case .deny(let rule, let reason) = decision {
                state.countDenial("unauthorized")
                telemetry.refused(info, category: "unauthorized", reason: "\(rule): \(reason)")
                tunnel.refuse(id, reason: "\(rule): \(reason)")
            }
            return
        }
        info.route = policy
        info.upstream = "127.0.0.1:\(localPort)"
        let state = self.state, telemetry = self.telemetry
        let idle = config.timeouts.idleTimeoutMillis
        let stream = TunnelStream(idleTimeout: idle == 0 ? nil : .milliseconds(Int64(idle))) { outcome in
            state.adjustActive(by: -1)
            telemetry.closed(info, outcome)
        }
        stream.recheck = { next in
            if case .deny(let rule, let reason) = next.inboundDecision(port: port, peer: peer.identity, serverName: peer.serverName) {
                return "authorization revoked (\(rule)): \(reason)"
            }
            return nil
        }
        tunnel.accept(stream, id: id)
        let bound = NIOLoopBound(stream, eventLoop: channel.eventLoop)
        state.adjustActive(by: 1)
        telemetry.opened(info)
        let bootstrap = ClientBootstrap(group: channel.eventLoop)
            .channelInitializer { local in
                local.eventLoop.makeCompletedFuture {
                    guard !bound.value.isFinished else { throw ChannelError.ioOnClosedChannel }
                    // Set in place (bootstrap channel options cost a future each); NIO's client
                    // bootstrap sets TCP_NODELAY itself.
                    let options = local.syncOptions
                    try options?.setOption(ChannelOptions.allowRemoteHalfClosure, value: true)
                    try options?.setOption(ChannelOptions.recvAllocator, value: SocketTuning.readAllocator)
                    try local.pipeline.syncOperations.addHandler(bound.value)
                }
            }
        let local: EventLoopFuture<any Channel>
        switch attempt {
        case .connected(let fd):
            // NIO adopts the socket once this wake-up's events are handled: the request that came
            // with the OPEN (in the same read) is written to it first, straight away.
            bound.value.unadoptedSocket = fd
            let adopted = channel.eventLoop.makePromise(of: (any Channel).self)
            channel.eventLoop.assumeIsolated().execute {
                // From here NIO owns the descriptor (and closes it on any failure): the stream
                // must not touch that number again, which another socket may get.
                bound.value.unadoptedSocket = nil
                bootstrap.withConnectedSocket(fd).cascade(to: adopted)
            }
            local = adopted.futureResult
        case .failed(let code):
            return bound.value.abort("local port \(localPort) unreachable: \(String(cString: strerror(code)))")
        case .pending:
            local = bootstrap.connectTimeout(.milliseconds(Int64(config.timeouts.connectTimeoutMillis)))
                .connect(to: Self.loopback(port: localPort))
        }
        local.assumeIsolated().whenFailure { error in
            bound.value.abort("local port \(localPort) unreachable: \(error)")
        }
    }
}
