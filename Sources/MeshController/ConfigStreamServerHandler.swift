// One proxy's config stream on the controller side: the proxy's hello registers it (with the
// identity its certificate proved) in the ProxyRegistry, which decides what it is sent; the
// stream closing unregisters it. Anything but one hello from the proxy closes the stream.
import Logging
import MeshProtocol
import MeshStream
import NIOCore

/// Connects a config stream to the registry.
public final class ConfigStreamServerHandler: ChannelInboundHandler, @unchecked Sendable {
    public typealias InboundIn = ConfigStreamMessage
    public typealias OutboundOut = ConfigStreamMessage

    private let registry: ProxyRegistry
    private let peerIdentity: @Sendable () -> ServiceIdentity?
    private let logger: Logger
    // Event-loop state.
    private var helloSeen = false
    private var registered: Int?
    private var closed = false

    /// A handler registering with `registry`; `peerIdentity` gives the identity the TLS layer verified.
    public init(registry: ProxyRegistry, logger: Logger, peerIdentity: @escaping @Sendable () -> ServiceIdentity?) {
        self.registry = registry
        self.logger = logger
        self.peerIdentity = peerIdentity
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let message = unwrapInboundIn(data)
        guard case .hello(let namespace, let pod, let csr) = message, !helloSeen else {
            return refuse(context, "protocol violation: the proxy may send one hello only")
        }
        helloSeen = true
        guard let identity = peerIdentity() else { return refuse(context, "no verified mesh identity on this connection") }
        let channel = context.channel, registry = self.registry, loop = context.eventLoop
        let handler = NIOLoopBound(self, eventLoop: loop)
        let contextBox = NIOLoopBound(context, eventLoop: loop)
        Task {
            let result = await registry.register(namespace: namespace, pod: pod, identity: identity, csr: csr) { message in
                channel.writeAndFlush(message, promise: nil)
            }
            loop.execute {
                switch result {
                case .success(let id):
                    handler.value.registered = id
                    handler.value.logger.info("proxy connected", metadata: ["pod": "\(namespace)/\(pod)", "identity": "\(identity)"])
                    if handler.value.closed { Task { await registry.unregister(id) } }
                case .failure(let refusal):
                    handler.value.refuse(contextBox.value, refusal.description)
                }
            }
        }
    }

    public func channelInactive(context: ChannelHandlerContext) {
        closed = true
        if let id = registered {
            let registry = self.registry
            Task { await registry.unregister(id) }
        }
        context.fireChannelInactive()
    }

    public func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.warning("config stream closed", metadata: ["error": "\(error)"])
        context.close(promise: nil)
    }

    private func refuse(_ context: ChannelHandlerContext, _ reason: String) {
        logger.warning("proxy refused", metadata: ["reason": "\(reason)"])
        context.writeAndFlush(wrapOutboundOut(.refused(reason: reason))).whenComplete { _ in context.close(promise: nil) }
    }
}
