// Counters of a control-plane process, shared by the parts that count and the health server that renders
// them in Prometheus text.
import Synchronization

/// A control-plane process's counters and gauges; safe to share between tasks.
public final class ControlPlaneStats: Sendable {
    private let values = Mutex<[String: Double]>([:])
    private let ready = Atomic<Bool>(false)
    /// Help text and type of each metric, in render order.
    private let families: [(name: String, type: String, help: String)]

    /// Stats with these metric families (all start at 0).
    public init(families: [(name: String, type: String, help: String)]) {
        self.families = families
        values.withLock { v in for f in families { v[f.name] = 0 } }
    }

    /// Adds `amount` to a counter.
    public func add(_ name: String, _ amount: Double = 1) { values.withLock { $0[name, default: 0] += amount } }

    /// Sets a gauge.
    public func set(_ name: String, _ value: Double) { values.withLock { $0[name] = value } }

    /// The current value.
    public func value(_ name: String) -> Double { values.withLock { $0[name] ?? 0 } }

    /// Whether the process is ready to serve.
    public var isReady: Bool { ready.load(ordering: .relaxed) }

    /// Marks the process ready (or not).
    public func setReady(_ value: Bool) { ready.store(value, ordering: .relaxed) }

    /// Prometheus text exposition of every family.
    public func render() -> String {
        let snapshot = values.withLock { $0 }
        var out = ""
        for f in families {
            let v = snapshot[f.name] ?? 0
            out += "# HELP \(f.name) \(f.help)\n# TYPE \(f.name) \(f.type)\n"
            out += v == v.rounded() && abs(v) < 1e15 ? "\(f.name) \(Int64(v))\n" : "\(f.name) \(v)\n"
        }
        return out
    }

    /// The controller's metric families.
    public static func controller() -> ControlPlaneStats {
        ControlPlaneStats(families: [
            ("osm_controller_proxies_connected", "gauge", "Sidecars connected to this controller's config stream."),
            ("osm_controller_config_pushes_total", "counter", "ProxyConfig snapshots sent to sidecars."),
            ("osm_controller_snapshots_total", "counter", "Mesh snapshots built from the watched objects."),
            ("osm_controller_certificates_issued_total", "counter", "Workload certificates signed (first issue and renewals)."),
            ("osm_controller_config_version", "gauge", "The version of the last ProxyConfig sent."),
            ("osm_controller_leader", "gauge", "1 while this replica holds the leader Lease."),
        ])
    }

    /// The injector's metric families.
    public static func injector() -> ControlPlaneStats {
        ControlPlaneStats(families: [
            ("osm_injector_admission_requests_total", "counter", "Admission reviews received."),
            ("osm_injector_sidecars_injected_total", "counter", "Pods given a sidecar."),
            ("osm_injector_admission_refused_total", "counter", "Admission reviews answered with a refusal (bad annotations, webhook errors)."),
        ])
    }
}
