import Dispatch
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import KubeModel
import KubeStorage
import Logging
import NIOCore
import NIOSSL
import NodeAPI
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// How to run an API server.
public struct APIServerConfiguration: Sendable {
    /// Address to listen on.
    public var host: String
    /// Port to listen on (0 picks a free one).
    public var port: Int
    /// SQLite database file; nil keeps state in memory.
    public var databasePath: String?
    /// Serving certificate chain and key, PEM; nil serves plain HTTP (tests only: kubectl sends no credentials over HTTP).
    public var servingCertificatePEM: String?
    /// Private key of the serving certificate, PEM.
    public var servingKeyPEM: String?
    /// The admin bearer token.
    public var adminToken: String
    /// Secret used to sign service-account tokens.
    public var signingSecret: [UInt8]
    /// Address published in the `kubernetes` Service's Endpoints.
    public var advertiseAddress: String
    /// How many recent changes are kept for watches resuming from an older resourceVersion.
    public var watchHistory: Int = 20_000
    /// How many changes a watch may have waiting for a client that does not read; past that the
    /// watch ends and the client resumes from the last change it saw.
    public var watchBacklog: Int = 10_000

    /// Creates a configuration.
    public init(host: String = "127.0.0.1", port: Int = 6443, databasePath: String?, servingCertificatePEM: String?,
                servingKeyPEM: String?, adminToken: String, signingSecret: [UInt8], advertiseAddress: String = "127.0.0.1") {
        self.host = host
        self.port = port
        self.databasePath = databasePath
        self.servingCertificatePEM = servingCertificatePEM
        self.servingKeyPEM = servingKeyPEM
        self.adminToken = adminToken
        self.signingSecret = signingSecret
        self.advertiseAddress = advertiseAddress
    }
}

/// The embedded Kubernetes API server.
public final class APIServer: Sendable {
    let core: APIServerCore
    let configuration: APIServerConfiguration
    /// The serving certificate, replaceable while the server runs (nil: plain HTTP).
    public let servingTLS: ServingTLS?
    private let boundPort = Mutex<Int?>(nil)

    /// Opens the store and prepares the server; `run()` serves.
    public init(configuration: APIServerConfiguration, logger: Logger) async throws {
        self.configuration = configuration
        if let certPEM = configuration.servingCertificatePEM, let keyPEM = configuration.servingKeyPEM {
            servingTLS = try ServingTLS(certificatePEM: certPEM, keyPEM: keyPEM)
        } else {
            servingTLS = nil
        }
        let store = try KubeStore(path: configuration.databasePath, history: configuration.watchHistory)
        let tokens = TokenAuthority(adminToken: configuration.adminToken, signingSecret: configuration.signingSecret)
        core = APIServerCore(store: store, tokens: tokens, logger: logger,
                             advertiseAddress: configuration.advertiseAddress, port: configuration.port,
                             watchBacklog: configuration.watchBacklog)
        await core.loadCustomResources()
        await core.claimExistingServiceAddresses()
        try await core.bootstrap()
    }

    /// The port the server listens on, once running.
    public var port: Int? { boundPort.withLock { $0 } }

    /// Connects the node that serves exec, log and port-forward streams.
    public func setPodStreams(_ provider: (any PodStreamProvider)?) { core.setPodStreams(provider) }

    /// Sets how the server reaches webhooks served by pods when their network is not routed here.
    public func setPodNetworkDialer(_ dial: PodNetworkDialer?) { core.setPodNetworkDialer(dial) }

    /// Serves until the task is cancelled (or SIGTERM/SIGINT when `handleSignals`).
    public func run(handleSignals: Bool = false, onReady: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let authenticator = Authenticator(tokens: core.tokens, store: core.store)
        let responder = KubeResponder(core: core, authenticator: authenticator)
        let exec = ExecUpgrade(core: core, authenticator: authenticator)
        let portForward = PortForwardUpgrade(core: core, authenticator: authenticator)
        let shouldUpgrade: @Sendable (HTTPRequest, any Channel, Logger) async throws -> ShouldUpgradeResult<ExecUpgrade.Handler> = { head, _, _ in
            if (head.path ?? "").split(separator: "?").first?.hasSuffix("/portforward") == true {
                return await portForward.shouldUpgrade(head)
            }
            return await exec.shouldUpgrade(head)
        }
        let tls = servingTLS
        // TLS, then the filter that turns SPDY upgrade requests into plain ones (UpgradeHeaderFilter), then HTTP/1
        // with the WebSocket upgrades.
        let server = HTTPServerBuilder { responder in
            let http = UpgradeHeaderFilterChannel(base: HTTP1WebSocketUpgradeChannel(
                responder: responder, configuration: .init(ws: .init(maxFrameSize: 1 << 20, autoPing: .disabled)),
                shouldUpgrade: shouldUpgrade))
            if let tls { return ReloadableTLSChannel(base: http, tls: tls) }
            return http
        }
        let app = Application(
            responder: responder, server: server,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { [self] channel in
                let port = channel.localAddress?.port ?? 0
                self.boundPort.withLock { $0 = port }
                do { try await self.core.reconcileKubernetesService(port: port) } catch {
                    self.core.logger.error("cannot publish the kubernetes Service", metadata: ["error": "\(error)"])
                }
                await onReady(port)
            },
            logger: core.logger)
        // Open watches end as soon as shutdown starts (SIGTERM/SIGINT, or this task's cancellation),
        // so the graceful shutdown does not wait on clients that keep their watches open.
        let shutdown = core.shutdown
        var sources: [any DispatchSourceSignal] = []
        if handleSignals {
            for sig in [SIGTERM, SIGINT] {
                signal(sig, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
                source.setEventHandler { shutdown.begin() }
                source.resume()
                sources.append(source)
            }
        }
        defer { for source in sources { source.cancel() } }
        try await withTaskCancellationHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await self.core.runControllers() }
                group.addTask {
                    if handleSignals { try await app.runService() } else { try await app.run() }
                }
                try await group.next()
                group.cancelAll()
            }
        } onCancel: {
            shutdown.begin()
        }
    }
}
