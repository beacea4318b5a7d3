// The running sidecar: binds the admin, inbound and outbound listeners, applies new
// configurations (new connections at once; established ones re-checked, revoked ones closed),
// keeps "nothing listens on 15001" true while the config has no route and no egress, and drains
// on shutdown.
import LinuxNet
import Logging
import MeshProtocol
import MeshTLS
import NIOCore
import Synchronization

/// Addresses and limits of one sidecar.
public struct ProxyOptions: Sendable {
    /// The outbound listener (`127.0.0.1:15001`).
    public var outbound: (host: String, port: Int)
    /// The inbound listener (`0.0.0.0:15003`).
    public var inbound: (host: String, port: Int)
    /// The admin server (`127.0.0.1:15000`); nil for none.
    public var admin: (host: String, port: Int)?
    /// How an outbound connection's original destination is found; nil: `SO_ORIGINAL_DST`.
    public var originalDestination: (@Sendable (any Channel) -> EventLoopFuture<IPv4Endpoint>)?
    /// The probe listeners for the app's rewritten probes; nil for none.
    public var probes: ProbeServing?
    /// When set, this long after start-up and after every applied config, the pages of code and
    /// constants that only that work needed are handed back (`ResidentPages.release`).
    public var releasePagesAfter: Duration?
    /// When set (with `releasePagesAfter`), this long after a tunnel handshake the pages of the
    /// handshake's code (certificate parsing and verification, key exchange) are handed back too.
    public var releasePagesAfterHandshake: Duration?
    /// When set, this often the heap memory malloc holds free is handed back once it is more than
    /// `ProxyRuntime.heapTrimThreshold` (what bursts of large buffers leave; `HeapMemory.trim`).
    public var trimHeapEvery: Duration?

    /// Options with the given addresses.
    public init(
        outbound: (host: String, port: Int), inbound: (host: String, port: Int), admin: (host: String, port: Int)?,
        originalDestination: (@Sendable (any Channel) -> EventLoopFuture<IPv4Endpoint>)? = nil
    ) {
        self.outbound = outbound
        self.inbound = inbound
        self.admin = admin
        self.originalDestination = originalDestination
    }
}

/// One sidecar proxy process's listeners and configuration lifecycle.
public actor ProxyRuntime {
    /// The shared state (config, credentials, counters).
    public nonisolated let state: ProxyState
    /// Metrics and access log.
    public nonisolated let telemetry: ProxyTelemetry
    private let options: ProxyOptions
    private let group: any EventLoopGroup
    private let logger: Logger
    private var outboundChannel: (any Channel)?
    private var inboundChannel: (any Channel)?
    private var adminChannel: (any Channel)?
    private var probeChannels: [any Channel] = []
    private nonisolated let readyFlag = ReadyFlag()
    private var releaseGeneration = 0
    /// How many times resident pages were handed back.
    public private(set) var pageReleases = 0
    private var lastHandshakeRelease: ContinuousClock.Instant?
    private var heapTrimTask: Task<Void, Never>?
    /// How many times free heap memory was handed back.
    public private(set) var heapTrims = 0
    /// How many times the free heap was checked.
    public private(set) var heapChecks = 0
    /// Free heap memory worth handing back (less is what a working sidecar reuses at once).
    public static let heapTrimThreshold = 4 << 20
    private var heapTrimPolicy = HeapTrimPolicy(threshold: ProxyRuntime.heapTrimThreshold)

    /// A runtime for a first configuration.
    public init(state: ProxyState, telemetry: ProxyTelemetry, options: ProxyOptions, group: any EventLoopGroup, logger: Logger) {
        self.state = state
        self.telemetry = telemetry
        self.options = options
        self.group = group
        self.logger = logger
    }

    /// Whether every listener the config needs is bound.
    public nonisolated var isReady: Bool { readyFlag.value }

    /// The outbound listener's address while bound.
    public var outboundAddress: SocketAddress? { outboundChannel?.localAddress }

    /// The inbound listener's address while bound.
    public var inboundAddress: SocketAddress? { inboundChannel?.localAddress }

    /// The admin server's address.
    public var adminAddress: SocketAddress? { adminChannel?.localAddress }

    /// Binds what the current config needs.
    public func start() async throws {
        if let delay = options.releasePagesAfterHandshake {
            telemetry.onHandshake { [weak self] in
                Task { await self?.scheduleReleaseAfterHandshake(delay) }
            }
        }
        if let admin = options.admin {
            let state = self.state, metrics = telemetry.metrics
            let routes = AdminRoutes(
                ready: { [readyFlag] in readyFlag.value },
                config: { Self.redacted(state.current) },
                metrics: { metrics.render() })
            adminChannel = try await AdminServer.bind(host: admin.host, port: admin.port, routes: routes, group: group)
        }
        if let probes = options.probes {
            // The app's probes work from the start, whatever the mesh config says.
            let timeout = TimeAmount.milliseconds(Int64(state.current.timeouts.connectTimeoutMillis))
            probeChannels = try await ProbeServer.bind(probes, upstream: .loopback(timeout: .seconds(10)), connectTimeout: timeout, group: group)
        }
        if let verifier = state.verifier {
            let inbound = InboundListener(state: state, verifier: verifier, telemetry: telemetry, logger: logger)
            inboundChannel = try await inbound.bind(host: options.inbound.host, port: options.inbound.port, group: group)
        }
        telemetry.metrics.configVersion(state.current.version)
        try await bindOutboundIfNeeded(state.current)
        readyFlag.value = true
        scheduleRelease()
        if let interval = options.trimHeapEvery { startHeapTrims(every: interval) }
    }

    /// Applies a new snapshot: refused (problems returned, old config kept) when it is not newer
    /// or not valid; otherwise new connections use it at once and open ones are re-checked.
    @discardableResult
    public func apply(_ next: ProxyConfig) async -> [String] {
        let old = state.current
        guard next.version > old.version else {
            return ["snapshot version \(next.version) is not newer than the running \(old.version)"]
        }
        let problems = next.validate()
        guard problems.isEmpty else { return problems }
        if next.tls != old.tls, let store = state.verifier?.store {
            do { try store.update(tls: next.tls) } catch { return ["\(error)"] }
        }
        state.update(next)
        telemetry.metrics.configVersion(next.version)
        do { try await bindOutboundIfNeeded(next) } catch { return ["cannot bind the outbound listener: \(error)"] }
        recheck(next)
        scheduleRelease()
        logger.info("config applied", metadata: [
            "version": "\(next.version)", "routes": "\(next.outbound.count)", "inbound": "\(next.inbound.count)",
            "permissive": "\(next.permissive)",
        ])
        return []
    }

    /// Stops accepting, lets open connections finish for up to `grace`, then closes the rest.
    public func drain(grace: TimeAmount) async {
        readyFlag.value = false
        heapTrimTask?.cancel()
        heapTrimTask = nil
        try? await outboundChannel?.close()
        try? await inboundChannel?.close()
        outboundChannel = nil
        inboundChannel = nil
        forEachTunnel { $0.goAway(reason: "server draining") } clients: { $0.drain() }
        let deadline = NIODeadline.now() + grace
        while state.activeConnectionCount > 0, NIODeadline.now() < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        let left = state.activeConnectionCount
        if left > 0 {
            logger.warning("drain grace period over; closing open connections", metadata: ["open": "\(left)"])
            forEachTunnel { $0.close(reason: "proxy shut down") } clients: { pool in
                for stream in pool.streams { stream.abort("proxy shut down") }
            }
        }
        try? await adminChannel?.close()
        adminChannel = nil
        for channel in probeChannels { try? await channel.close() }
        probeChannels = []
    }

    private func bindOutboundIfNeeded(_ config: ProxyConfig) async throws {
        let needed = !config.outbound.isEmpty || config.egressPassthrough || !config.egress.isEmpty
        if needed, outboundChannel == nil {
            let listener = OutboundListener(
                state: state, telemetry: telemetry, logger: logger, originalDestination: options.originalDestination)
            outboundChannel = try await listener.bind(host: options.outbound.host, port: options.outbound.port, group: group)
            logger.info("outbound listener bound", metadata: ["address": "\(options.outbound.host):\(options.outbound.port)"])
        } else if !needed, let channel = outboundChannel {
            outboundChannel = nil
            try? await channel.close()
            logger.info("outbound listener closed: no route and no egress, connections are refused")
        }
    }

    /// Releases start-up pages once no other start-up, config or handshake work came after for
    /// the delay (`releasePagesAfter` unless given).
    private func scheduleRelease(after given: Duration? = nil) {
        guard let configured = options.releasePagesAfter else { return }
        let delay = given ?? configured
        releaseGeneration += 1
        let generation = releaseGeneration
        Task { [weak self] in
            try? await Task.sleep(for: delay)
            await self?.release(generation)
        }
    }

    /// After a handshake: `delay` later, but no sooner than `handshakeReleaseInterval` after the
    /// last release a handshake asked for (each one also drops the hot data path's pages, which
    /// fault back in: with tunnels opening all the time that would be a cost, not a saving).
    private func scheduleReleaseAfterHandshake(_ delay: Duration) {
        let now = ContinuousClock.now
        let due = max(now + delay, lastHandshakeRelease.map { $0 + Self.handshakeReleaseInterval } ?? now)
        lastHandshakeRelease = due
        scheduleRelease(after: due - now)
    }

    /// The least time between two releases that handshakes ask for.
    static let handshakeReleaseInterval = Duration.seconds(10)

    private func release(_ generation: Int) {
        guard generation == releaseGeneration else { return }
        pageReleases += 1
        guard let released = ResidentPages.release() else { return }
        logger.debug("released resident pages of start-up code", metadata: [
            "kB": "\(released.fileKB)", "mappings": "\(released.mappings)",
        ])
    }

    /// Every `interval`, hands back what malloc holds free once it is more than `heapTrimThreshold`.
    private func startHeapTrims(every interval: Duration) {
        heapTrimTask = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard let self else { return }
                await self.trimHeapIfWorthIt()
            }
        }
    }

    /// Trims when `heapTrimPolicy` says it is worth it. The resident memory beyond the blocks in
    /// use falls back to the free total where `/proc` cannot be read.
    private func trimHeapIfWorthIt() {
        func unaccounted() -> Int { HeapMemory.residentAnonymousBytes.map { $0 - HeapMemory.inUseBytes } ?? HeapMemory.freeBytes }
        heapChecks += 1
        let free = HeapMemory.freeBytes
        guard heapTrimPolicy.shouldTrim(free: free, unaccounted: unaccounted()) else { return }
        HeapMemory.trim()
        heapTrims += 1
        heapTrimPolicy.trimmed(unaccounted: unaccounted())
        logger.debug("handed back free heap memory", metadata: ["kB": "\(free / 1024)"])
    }

    /// Closes every established stream the new config no longer allows.
    private func recheck(_ config: ProxyConfig) {
        let logger = self.logger
        let check: @Sendable (TunnelStream) -> Void = { stream in
            guard let reason = stream.recheck?(config) else { return }
            logger.info("connection closed by policy change", metadata: ["reason": "\(reason)"])
            stream.abort(reason)
        }
        forEachTunnel { tunnel in tunnel.openStreams.forEach(check) } clients: { pool in pool.streams.forEach(check) }
    }

    private nonisolated func forEachTunnel(
        _ server: @escaping @Sendable (TunnelConnection) -> Void, clients: @escaping @Sendable (TunnelPool) -> Void
    ) {
        for bound in state.allServerTunnels {
            bound.eventLoop.execute { server(bound.value) }
        }
        for bound in state.allPools {
            bound.eventLoop.execute { clients(bound.value) }
        }
    }

    /// The config as JSON for `/config`: certificates shortened to their size (no private key is ever in it).
    static func redacted(_ config: ProxyConfig) -> String {
        var copy = config
        if let bundle = copy.certificates {
            copy.certificates = CertificateBundle(
                certificateChainPEM: "<\(bundle.certificateChainPEM.utf8.count) bytes of PEM>",
                trustBundlePEM: "<\(bundle.trustBundlePEM.utf8.count) bytes of PEM>")
        }
        return (try? copy.jsonData()).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

/// A flag read by the admin server's threads.
final class ReadyFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    var value: Bool {
        get { flag.load(ordering: .relaxed) }
        set { flag.store(newValue, ordering: .relaxed) }
    }
}
