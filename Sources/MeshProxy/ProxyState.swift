import MeshProtocol
import Synchronization

/// The proxy's live configuration and counters, shared by every connection on every event loop.
public final class ProxyState: Sendable {
    private let config: Mutex<ProxyConfig>
    private let load = Mutex<[String: Int]>([:])
    private let denials = Mutex<[String: UInt64]>([:])

    /// Starts with a configuration.
    public init(config: ProxyConfig) {
        self.config = Mutex(config)
    }

    /// The configuration new connections use.
    public var current: ProxyConfig { config.withLock { $0 } }

    /// Replaces the configuration; established connections are not affected.
    public func update(_ next: ProxyConfig) { config.withLock { $0 = next } }

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
}
