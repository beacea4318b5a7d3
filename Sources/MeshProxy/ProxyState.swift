// The proxy's shared state: the live configuration, the mesh credentials, endpoint load, the
// per-event-loop tunnel pools and the server-side tunnels (for re-checks and draining).
import MeshProtocol
import MeshTLS
import NIOCore
import Synchronization

/// The proxy's live configuration and shared bookkeeping, used by every connection on every loop.
public final class ProxyState: Sendable {
    private let config: Mutex<(config: ProxyConfig, table: OutboundTable)>
    private let load = Mutex<[String: Int]>([:])
    private let denials = Mutex<[String: UInt64]>([:])
    private let pools = Mutex<[ObjectIdentifier: NIOLoopBound<TunnelPool>]>([:])
    private let serverTunnels = Mutex<[ObjectIdentifier: NIOLoopBound<TunnelConnection>]>([:])
    private let active = Atomic<Int>(0)
    /// The mesh credentials and verifier; nil until the proxy has a certificate.
    public let verifier: PeerVerifier?

    /// Starts with a configuration and, when it has them, mesh credentials.
    public init(config: ProxyConfig, verifier: PeerVerifier? = nil) {
        self.config = Mutex((config, OutboundTable(config)))
        self.verifier = verifier
    }

    /// The configuration new connections use.
    public var current: ProxyConfig { config.withLock { $0.config } }

    /// The configuration and its route index, read together.
    var snapshot: (config: ProxyConfig, table: OutboundTable) { config.withLock { $0 } }

    /// Replaces the configuration; established connections are re-checked by the caller.
    public func update(_ next: ProxyConfig) {
        let table = OutboundTable(next)
        config.withLock { $0 = (next, table) }
    }

    /// Active connections to an endpoint.
    public func activeConnections(_ key: String) -> Int { load.withLock { $0[key] ?? 0 } }

    /// Counts a connection to an endpoint opening (+1) or closing (-1).
    public func adjustLoad(_ key: String, by delta: Int) {
        load.withLock { l in
            let v = (l[key] ?? 0) + delta
            l[key] = v > 0 ? v : nil
        }
    }

    /// Counts a refused connection under its reason category (e.g. `no_route`).
    public func countDenial(_ category: String) { denials.withLock { $0[category, default: 0] += 1 } }

    /// Refused connections by reason category.
    public var denialCounts: [String: UInt64] { denials.withLock { $0 } }

    /// Proxied connections open now (both directions).
    public var activeConnectionCount: Int { active.load(ordering: .relaxed) }

    /// Counts a proxied connection opening (+1) or closing (-1).
    func adjustActive(by delta: Int) { active.add(delta, ordering: .relaxed) }

    /// The tunnel pool of `loop`, made on first use. Call on `loop`.
    func pool(on loop: any EventLoop, make: () -> TunnelPool) -> TunnelPool {
        let key = ObjectIdentifier(loop)
        if let existing = pools.withLock({ $0[key] }) { return existing.value }
        let pool = make()
        pools.withLock { $0[key] = NIOLoopBound(pool, eventLoop: loop) }
        return pool
    }

    /// Every pool, with its loop.
    var allPools: [NIOLoopBound<TunnelPool>] { pools.withLock { Array($0.values) } }

    /// Remembers an accepted tunnel until it closes. Call on its loop.
    func addServerTunnel(_ tunnel: TunnelConnection, loop: any EventLoop) {
        let bound = NIOLoopBound(tunnel, eventLoop: loop)
        serverTunnels.withLock { $0[ObjectIdentifier(tunnel)] = bound }
    }

    /// Forgets a closed tunnel.
    func removeServerTunnel(_ id: ObjectIdentifier) {
        _ = serverTunnels.withLock { $0.removeValue(forKey: id) }
    }

    /// Every accepted tunnel, with its loop.
    var allServerTunnels: [NIOLoopBound<TunnelConnection>] { serverTunnels.withLock { Array($0.values) } }
}
