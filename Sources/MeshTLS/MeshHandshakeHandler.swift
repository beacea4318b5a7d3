// Sits after the NIOSSL handler and turns the handshake into one answer: the verified peer
// (identity, SNI, ALPN, TLS version) or a short reason why there is none. It enforces ALPN
// `osm`, which BoringSSL alone does not (a client offering no shared protocol still connects).
import MeshProtocol
import NIOCore
import NIOSSL
import NIOTLS
import Synchronization
import X509

/// What a completed mesh handshake established about the other side.
public struct MeshPeer: Sendable, Hashable {
    /// The peer's workload identity, from its verified certificate.
    public var identity: ServiceIdentity
    /// The SPIFFE ID the identity came from.
    public var spiffeID: String
    /// The validated chain, leaf first, ending at the mesh CA.
    public var chain: [Certificate]
    /// The SNI of the handshake: what the client sent (server side) or asked for (client side).
    public var serverName: String?
    /// The negotiated ALPN protocol.
    public var applicationProtocol: String?
    /// The negotiated TLS version.
    public var tlsVersion: TLSVersion?
}

/// What the verification callback and the SNI sniffer learnt about one connection; written
/// from the verification task, read on the event loop.
final class HandshakeRecord: Sendable {
    private let value = Mutex<(verdict: PeerVerdict?, serverName: String?)>((nil, nil))

    init(serverName: String? = nil) { value.withLock { $0.serverName = serverName } }

    /// The verification outcome, once the peer's certificate was checked.
    var verdict: PeerVerdict? {
        get { value.withLock { $0.verdict } }
        set { value.withLock { $0.verdict = newValue } }
    }

    /// The SNI name.
    var serverName: String? {
        get { value.withLock { $0.serverName } }
        set { value.withLock { $0.serverName = newValue } }
    }
}

/// Reports the outcome of the mesh handshake on its channel; passes all traffic through.
public final class MeshHandshakeHandler: ChannelInboundHandler, RemovableChannelHandler {
    /// Anything; this handler does not touch data.
    public typealias InboundIn = NIOAny

    private let record: HandshakeRecord
    private let requiredALPN: String?
    private let promise: EventLoopPromise<MeshPeer>
    private var pending = true
    private let timeout: TimeAmount?
    private var deadline: Scheduled<Void>?

    /// The peer, once the handshake completed and passed every check.
    public private(set) var peer: MeshPeer?

    /// Succeeds with the peer when the handshake completes; fails with
    /// `MeshTLSError.handshakeFailed(reason:)` when it does not.
    public var established: EventLoopFuture<MeshPeer> { promise.futureResult }

    /// With `timeout`, a handshake not done that long after the handler was added fails, and the
    /// connection closes: a peer that accepts and never answers (or never speaks) holds nothing.
    init(eventLoop: any EventLoop, record: HandshakeRecord, requiredALPN: String? = MeshProtocol.alpn,
         timeout: TimeAmount? = nil) {
        self.record = record
        self.requiredALPN = requiredALPN
        self.timeout = timeout
        self.promise = eventLoop.makePromise(of: MeshPeer.self)
    }

    public func handlerAdded(context: ChannelHandlerContext) {
        guard let timeout, pending else { return }
        arm(context: context, in: timeout, last: false)
    }

    /// Fails the handshake when `delay` has passed. A channel still connecting then is left a
    /// moment more to its own connect timeout, set to the same time and scheduled just after
    /// this one, so a destination that never answers reads as a connect timeout, not as a
    /// handshake closed under it.
    private func arm(context: ChannelHandlerContext, in delay: TimeAmount, last: Bool) {
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: delay) { [self] in
            guard pending else { return }
            if !last, !context.channel.isActive { return arm(context: context, in: Self.connectGrace, last: true) }
            refuse(context: context, reason: Self.timeoutReason)
        }
    }

    /// How long past the deadline a channel still connecting is left to its connect timeout.
    static let connectGrace = TimeAmount.seconds(1)

    /// The reason a handshake that ran out of time gives.
    public static let timeoutReason = "handshake timed out"

    /// Completes the handshake answer when NIOSSL reports the handshake done.
    public func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if pending, let tls = event as? TLSUserEvent, case .handshakeCompleted(let negotiated) = tls {
            complete(context: context, negotiated: negotiated)
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// Replaces a handshake error with a `MeshTLSError` carrying a short reason.
    public func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard pending else { return context.fireErrorCaught(error) }
        let failure = MeshTLSError.handshakeFailed(reason: rejectionReason ?? handshakeFailureReason(error))
        fail(failure)
        context.fireErrorCaught(failure)
    }

    /// A connection that closes mid-handshake fails the answer.
    public func channelInactive(context: ChannelHandlerContext) {
        if pending { fail(.handshakeFailed(reason: rejectionReason ?? "connection closed during handshake")) }
        context.fireChannelInactive()
    }

    /// Removing the handler early fails the answer rather than leaving it open.
    public func handlerRemoved(context: ChannelHandlerContext) {
        if pending { fail(.handshakeFailed(reason: "mesh handshake handler removed before the handshake completed")) }
        deadline?.cancel()
    }

    private var rejectionReason: String? {
        if case .rejected(let reason) = record.verdict { return reason }
        return nil
    }

    private func complete(context: ChannelHandlerContext, negotiated: String?) {
        if let requiredALPN, negotiated != requiredALPN {
            return refuse(context: context, reason: "ALPN mismatch")
        }
        guard case .verified(let identity, let spiffeID, let chain) = record.verdict else {
            return refuse(context: context, reason: "peer certificate was not verified")
        }
        let version = try? context.pipeline.syncOperations.nioSSL_tlsVersion()
        let peer = MeshPeer(
            identity: identity, spiffeID: spiffeID, chain: chain, serverName: record.serverName,
            applicationProtocol: negotiated, tlsVersion: version ?? nil)
        self.peer = peer
        pending = false
        deadline?.cancel()
        promise.succeed(peer)
    }

    /// Fails the answer, reports the error down the pipeline and closes the connection.
    private func refuse(context: ChannelHandlerContext, reason: String) {
        let failure = MeshTLSError.handshakeFailed(reason: reason)
        fail(failure)
        context.fireErrorCaught(failure)
        context.close(promise: nil)
    }

    private func fail(_ error: MeshTLSError) {
        guard pending else { return }
        pending = false
        deadline?.cancel()
        promise.fail(error)
    }
}

@available(*, unavailable)
extension MeshHandshakeHandler: Sendable {}
