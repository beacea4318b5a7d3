// Installs mesh TLS on a channel in one call: for accepted connections an SNI sniffer, the
// NIOSSL server handler with PeerVerifier's callback and a MeshHandshakeHandler; for outgoing
// ones the NIOSSL client handler (SNI `<svc>.<ns>.svc.cluster.local`) and the same reporter.
import MeshProtocol
import NIOCore
import NIOSSL
import NIOTLS

extension ChannelPipeline.SynchronousOperations {
    /// Adds server-side mesh TLS; the future answers with the verified client (any mesh identity
    /// by default: which identities may use which port is decided by the caller afterwards).
    /// With `timeout`, a handshake not done by then fails and the connection closes.
    ///
    /// Call on the channel's event loop, before any other handler reads data.
    @discardableResult
    public func addMeshTLSServer(
        context: NIOSSLContext, verifier: PeerVerifier, allowing allowed: AllowedPeers = .anyMeshIdentity,
        timeout: TimeAmount? = nil
    ) throws -> EventLoopFuture<MeshPeer> {
        let record = HandshakeRecord()
        let eventLoop = self.eventLoop
        let sni = ByteToMessageHandler(SNIHandler { result in
            if case .hostname(let name) = result { record.serverName = name }
            return eventLoop.makeSucceededVoidFuture()
        })
        let tls = NIOSSLServerHandler(
            context: context,
            customVerificationCallbackWithMetadata: verifier.callback(allowing: allowed) { record.verdict = $0 })
        let handshake = MeshHandshakeHandler(eventLoop: eventLoop, record: record, timeout: timeout)
        try addHandlers([sni, tls, handshake])
        return handshake.established
    }

    /// Adds server-side mesh TLS with the verifier's store's current server context.
    @discardableResult
    public func addMeshTLSServer(
        verifier: PeerVerifier, allowing allowed: AllowedPeers = .anyMeshIdentity, timeout: TimeAmount? = nil
    ) throws -> EventLoopFuture<MeshPeer> {
        try addMeshTLSServer(context: verifier.store.serverContext, verifier: verifier, allowing: allowed, timeout: timeout)
    }

    /// Adds client-side mesh TLS sending SNI `serverName`; the future answers with the verified
    /// server, which must hold one of the `allowed` identities. With `timeout`, a handshake not
    /// done by then fails and the connection closes.
    @discardableResult
    public func addMeshTLSClient(
        context: NIOSSLContext, verifier: PeerVerifier, serverName: String, allowing allowed: AllowedPeers,
        timeout: TimeAmount? = nil
    ) throws -> EventLoopFuture<MeshPeer> {
        let record = HandshakeRecord(serverName: serverName)
        let tls = try NIOSSLClientHandler(
            context: context, serverHostname: serverName,
            customVerificationCallbackWithMetadata: verifier.callback(allowing: allowed) { record.verdict = $0 })
        let handshake = MeshHandshakeHandler(eventLoop: eventLoop, record: record, timeout: timeout)
        try addHandlers([tls, handshake])
        return handshake.established
    }

    /// Adds client-side mesh TLS to `service` with the store's current client context; the
    /// server must be one of `serverIdentities` (the ServiceAccounts behind the service).
    @discardableResult
    public func addMeshTLSClient(verifier: PeerVerifier, service: ServiceRef, serverIdentities: [ServiceIdentity])
        throws -> EventLoopFuture<MeshPeer>
    {
        try addMeshTLSClient(
            context: verifier.store.clientContext, verifier: verifier, serverName: service.sni,
            allowing: .identities(Set(serverIdentities)))
    }

    /// The verified peer of this channel, once its mesh handshake completed; nil before or without one.
    public func meshPeer() -> MeshPeer? {
        (try? handler(type: MeshHandshakeHandler.self))?.peer
    }

    /// The verified peer's identity (see `meshPeer()`).
    public func meshPeerIdentity() -> ServiceIdentity? { meshPeer()?.identity }
}
