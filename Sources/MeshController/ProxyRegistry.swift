// The proxies connected to this controller and what each was last sent: every new snapshot is
// run through the policy engine for each proxy's pod, and a proxy is sent a new, higher-numbered
// config only when its config actually changed.
import Foundation
import KubeModel
import MeshPolicy
import MeshProtocol

/// Connected proxies and their configs.
public actor ProxyRegistry {
    struct Entry {
        var namespace: String
        var pod: String
        var identity: ServiceIdentity
        var send: @Sendable (ConfigStreamMessage) -> Void
        /// The hash of the last config sent (with version 0): what is compared, so the registry
        /// does not keep a copy of every proxy's config.
        var last: Int?
        /// The proxy's signing request, its current workload certificate, and when to renew it.
        var csr: String?
        var bundle: CertificateBundle?
        var renewAt: ContinuousClock.Instant?
    }

    var entries: [Int: Entry] = [:]
    var nextID = 0
    var builder: ProxyConfigBuilder?
    var pods: [String: JSON] = [:]
    /// The last version sent: wall-clock milliseconds of the push, kept increasing.
    var version = UInt64(Date().timeIntervalSince1970 * 1000)
    /// Signs proxies' workload certificates (none: proxies keep their bootstrap certificates).
    let issuer: CertificateIssuer?
    /// Workload certificate validity, from MeshConfig.
    var validity: Double = 86400

    /// Counters for the health server's `/metrics`.
    public nonisolated let stats: ControlPlaneStats

    /// A registry; `issuer` signs the workload keys proxies send.
    public init(issuer: CertificateIssuer? = nil, stats: ControlPlaneStats = .controller()) {
        self.issuer = issuer
        self.stats = stats
    }

    /// How many proxies are connected.
    public var count: Int { entries.count }

    /// Takes a new snapshot and pushes every proxy whose config changed; returns the snapshot's policy builder.
    @discardableResult
    public func update(_ snapshot: MeshSnapshot) -> ProxyConfigBuilder {
        let builder = ProxyConfigBuilder(snapshot)
        self.builder = builder
        stats.add("osm_controller_snapshots_total")
        validity = snapshot.settings.certificateValidity
        pods = Dictionary(snapshot.pods.map { ("\($0.namespace)/\($0.name)", $0) }, uniquingKeysWith: { a, _ in a })
        for id in entries.keys { push(id) }
        return builder
    }

    /// Registers a proxy that proved `identity` (its certificate) and says it serves `pod`;
    /// returns its id, or why it is refused (the pod runs as another identity).
    public func register(namespace: String, pod: String, identity: ServiceIdentity, csr: String? = nil,
                         send: @escaping @Sendable (ConfigStreamMessage) -> Void) -> Result<Int, RegistryRefusal> {
        if let known = pods["\(namespace)/\(pod)"], MeshCatalog.identity(of: known) != identity {
            return .failure(RegistryRefusal(description:
                "certificate identity \(identity) does not match pod \(namespace)/\(pod), which runs as \(MeshCatalog.identity(of: known))"))
        }
        var entry = Entry(namespace: namespace, pod: pod, identity: identity, send: send, csr: csr)
        if let csr, let issuer {
            do {
                entry.bundle = try issuer.issue(identity: identity, csrPEM: csr, validFor: validity)
                entry.renewAt = Self.renewal(after: validity)
                stats.add("osm_controller_certificates_issued_total")
            } catch {
                return .failure(RegistryRefusal(description: "cannot sign the proxy's certificate: \(error)"))
            }
        }
        let id = nextID
        nextID += 1
        entries[id] = entry
        stats.set("osm_controller_proxies_connected", Double(entries.count))
        push(id)
        return .success(id)
    }

    /// When a certificate valid `seconds` from now is renewed: at two thirds of its life.
    static func renewal(after seconds: Double) -> ContinuousClock.Instant {
        .now + .milliseconds(Int64(seconds * 1000 * 2 / 3))
    }

    /// Re-signs the workload certificates due for renewal (same key: it never leaves the pod) and
    /// pushes them; returns how many were renewed.
    @discardableResult
    public func renewDue(now: ContinuousClock.Instant = .now) -> Int {
        guard let issuer else { return 0 }
        var renewed = 0
        for (id, entry) in entries {
            guard let csr = entry.csr, let due = entry.renewAt, due <= now,
                  let bundle = try? issuer.issue(identity: entry.identity, csrPEM: csr, validFor: validity)
            else { continue }
            entries[id]?.bundle = bundle
            entries[id]?.renewAt = Self.renewal(after: validity)
            stats.add("osm_controller_certificates_issued_total")
            push(id)
            renewed += 1
        }
        return renewed
    }

    /// Forgets a proxy whose stream closed.
    public func unregister(_ id: Int) {
        entries[id] = nil
        stats.set("osm_controller_proxies_connected", Double(entries.count))
    }

    /// Sends proxy `id` its config when it differs from the last one sent (nothing while its pod is unknown).
    func push(_ id: Int) {
        guard let builder, var entry = entries[id], let pod = pods["\(entry.namespace)/\(entry.pod)"] else { return }
        guard MeshCatalog.identity(of: pod) == entry.identity else { return }
        var config = builder.config(for: pod, version: 0)
        config.certificates = entry.bundle
        let fingerprint = config.hashValue
        guard fingerprint != entry.last else { return }
        entry.last = fingerprint
        entries[id] = entry
        // Wall-clock milliseconds (kept increasing): a proxy moving to another replica, or to a
        // restarted controller, gets a version above the last one it accepted.
        version = max(version + 1, UInt64(Date().timeIntervalSince1970 * 1000))
        config.version = version
        stats.add("osm_controller_config_pushes_total")
        stats.set("osm_controller_config_version", Double(version))
        entry.send(.config(config))
    }
}

/// Why a proxy is not served.
public struct RegistryRefusal: Error, CustomStringConvertible, Equatable {
    /// One line.
    public let description: String
}
