// The sidecar's side of the config stream: a mesh-mTLS connection to osm-controller (its
// certificate must carry the controller's identity), a hello naming the pod, then every complete
// config the controller sends, handed to `onConfig`. When the controller is away the proxy keeps
// its last config and reconnects with back-off (0.5 s doubling to 30 s).
import Logging
import MeshProtocol
import MeshStream
import MeshTLS
import NIOCore
import NIOPosix

/// Where the controller's config stream listens and who it must be.
public struct ControllerEndpoint: Sendable {
    /// Host and port (`osm-controller.osm-system.svc.cluster.local:15128` in a cluster).
    public var host: String
    public var port: Int
    /// The SNI sent.
    public var serverName: String
    /// The identity the controller's certificate must carry.
    public var identity: ServiceIdentity

    /// The controller of the control plane in `namespace`, reached at `host`:`port`.
    public init(host: String, port: Int = 15128, namespace: String = "osm-system") {
        self.host = host
        self.port = port
        identity = ServiceIdentity(serviceAccount: "osm-controller", namespace: namespace)
        serverName = "osm-controller.\(namespace).svc.cluster.local"
    }
}

/// Receives configs from the controller for one pod.
public struct ConfigStreamClient: Sendable {
    let controller: ControllerEndpoint
    let namespace: String
    let pod: String
    let verifier: PeerVerifier
    let group: any EventLoopGroup
    let logger: Logger
    /// The signing request for the proxy's own key, sent with every hello.
    let csr: String?

    /// A client for pod `namespace`/`pod`, proving its identity with `verifier`'s credentials and
    /// asking for a certificate for the key of `csr` (PEM), if given.
    public init(controller: ControllerEndpoint, namespace: String, pod: String, verifier: PeerVerifier, csr: String? = nil,
                group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger) {
        self.controller = controller
        self.namespace = namespace
        self.pod = pod
        self.csr = csr
        self.verifier = verifier
        self.group = group
        self.logger = logger
    }

    /// Connects, and reconnects after every failure, until the task is cancelled.
    public func run(onConfig: @escaping @Sendable (ProxyConfig) async -> Void) async {
        var delay: Duration = .milliseconds(500)
        while !Task.isCancelled {
            do {
                if try await session(onConfig: onConfig) { delay = .milliseconds(500) }
                if Task.isCancelled { return }
                logger.warning("config stream closed by the controller; keeping the last config")
            } catch {
                if Task.isCancelled || error is CancellationError { return }
                logger.warning("config stream unavailable; keeping the last config", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(30))
        }
    }

    /// One connection; true when at least one config arrived.
    func session(onConfig: @escaping @Sendable (ProxyConfig) async -> Void) async throws -> Bool {
        let verifier = self.verifier, controller = self.controller
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(.seconds(5))
            .connect(host: controller.host, port: controller.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    try sync.addMeshTLSClient(context: verifier.store.clientContext, verifier: verifier,
                                              serverName: controller.serverName, allowing: .identities([controller.identity]))
                    try sync.addHandler(ByteToMessageHandler(ConfigStreamDecoder()))
                    try sync.addHandler(MessageToByteHandler(ConfigStreamEncoder()))
                    return try NIOAsyncChannel<ConfigStreamMessage, ConfigStreamMessage>(wrappingChannelSynchronously: channel)
                }
            }
        var received = false
        try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(.hello(namespace: namespace, pod: pod, csr: csr))
            for try await message in inbound {
                switch message {
                case .config(let config):
                    received = true
                    await onConfig(config)
                case .refused(let reason):
                    logger.error("the controller refused this proxy", metadata: ["reason": "\(reason)"])
                case .hello:
                    throw ConfigStreamError.undecodable("a hello from the controller")
                }
            }
        }
        return received
    }
}
