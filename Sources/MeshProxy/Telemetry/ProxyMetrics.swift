// The sidecar's Prometheus metrics: TCP connection counters, bytes and durations, TLS handshake failures,
// authorization decisions and refusals, rendered in text exposition format 0.0.4 for the admin server.
import Synchronization

/// Which way a connection goes through the sidecar: into this pod's app (inbound) or out of it (outbound).
public enum TrafficDirection: String, Sendable {
    /// Accepted from the mesh on behalf of this pod's app.
    case inbound
    /// Accepted from this pod's app, bound for a service or the outside world.
    case outbound
}

/// Connection-level metrics shared by every event loop; updated once per connection event, never per byte.
public final class ProxyMetrics: Sendable {
    /// Upper bounds in seconds of the duration histogram's finite buckets (`+Inf` is added when rendering).
    public static let durationBuckets: [Double] = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 60, 300]

    /// Label values of one series, ordered as the metric's label names; sorts lexicographically.
    private struct Key: Hashable, Comparable {
        let values: [String]
        static func < (a: Key, b: Key) -> Bool { a.values.lexicographicallyPrecedes(b.values) }
    }

    /// Everything counted for one (direction, peer) pair.
    private struct ConnectionSeries {
        var opened: UInt64 = 0
        var closed: UInt64 = 0
        var received: UInt64 = 0
        var sent: UInt64 = 0
        /// Non-cumulative counts per bucket; the last slot holds durations above the largest bound.
        var buckets = [UInt64](repeating: 0, count: ProxyMetrics.durationBuckets.count + 1)
        var durationSum: Double = 0

        mutating func closed(received: UInt64, sent: UInt64, bucket: Int, duration: Double) {
            closed += 1
            self.received &+= received
            self.sent &+= sent
            buckets[bucket] += 1
            durationSum += duration
        }
    }

    private struct State {
        var connections: [Key: ConnectionSeries] = [:]
        var handshakeFailures: [Key: UInt64] = [:]
        var authorizations: [Key: UInt64] = [:]
        var denials: [Key: UInt64] = [:]
        var configVersion: UInt64 = 0
        var tunnels: Int = 0
    }

    private let state = Mutex(State())

    /// Starts with every counter at zero.
    public init() {}

    /// Counts a connection opening; `peer` is the peer service, peer identity or `passthrough`.
    public func connectionOpened(direction: TrafficDirection, peer: String) {
        let key = Key(values: [direction.rawValue, peer])
        state.withLock { $0.connections[key, default: ConnectionSeries()].opened += 1 }
    }

    /// Counts a connection closing (same `peer` as when it opened): `bytesReceived` were read from the
    /// connection's client, `bytesSent` were written to it, and it lasted `durationSeconds`.
    public func connectionClosed(
        direction: TrafficDirection, peer: String, bytesReceived: UInt64, bytesSent: UInt64, durationSeconds: Double
    ) {
        let key = Key(values: [direction.rawValue, peer])
        let duration = durationSeconds.isFinite && durationSeconds > 0 ? durationSeconds : 0
        let bucket = Self.durationBuckets.firstIndex { duration <= $0 } ?? Self.durationBuckets.count
        state.withLock { s in
            // In place: a copy out and back would copy the bucket array on every close.
            s.connections[key, default: ConnectionSeries()].closed(
                received: bytesReceived, sent: bytesSent, bucket: bucket, duration: duration)
        }
    }

    /// Counts a failed TLS handshake under its reason (e.g. `bad_certificate`, `unknown_identity`).
    public func handshakeFailed(direction: TrafficDirection, reason: String) {
        let key = Key(values: [direction.rawValue, reason])
        state.withLock { $0.handshakeFailures[key, default: 0] += 1 }
    }

    /// Counts an authorization decision and the rule that made it (e.g. `permissive`, `traffic-target`).
    public func authorized(direction: TrafficDirection, policy: String, allowed: Bool) {
        let key = Key(values: [direction.rawValue, policy, allowed ? "allow" : "deny"])
        state.withLock { $0.authorizations[key, default: 0] += 1 }
    }

    /// Counts a refused or reset connection under its reason category (e.g. `no_route`, `connect_failed`).
    public func denied(direction: TrafficDirection, reason: String) {
        let key = Key(values: [direction.rawValue, reason])
        state.withLock { $0.denials[key, default: 0] += 1 }
    }

    /// Records the version of the configuration the proxy is running.
    public func configVersion(_ v: UInt64) {
        state.withLock { $0.configVersion = v }
    }

    /// Adjusts the gauge of open pooled sidecar-to-sidecar mTLS tunnels (+1 opened, -1 closed).
    public func tunnelsOpen(delta: Int) {
        state.withLock { $0.tunnels += delta }
    }

    /// All metrics in Prometheus text exposition format 0.0.4, series sorted by label values.
    public func render() -> String {
        let s = state.withLock { $0 }
        var out = ""
        let conns = s.connections.sorted { $0.key < $1.key }
        let connLabels = ["direction", "peer"]

        func family(_ name: String, _ type: String, _ help: String, _ rows: [(Key, String)], _ names: [String]) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
            for (key, value) in rows {
                out += "\(name)\(Self.labelSet(names, key.values)) \(value)\n"
            }
        }

        family("osm_tcp_connections_opened_total", "counter", "TCP connections opened.",
               conns.map { ($0.key, "\($0.value.opened)") }, connLabels)
        family("osm_tcp_connections_closed_total", "counter", "TCP connections closed.",
               conns.map { ($0.key, "\($0.value.closed)") }, connLabels)
        family("osm_tcp_connections_active", "gauge", "TCP connections currently open.",
               conns.map { ($0.key, "\($0.value.opened >= $0.value.closed ? $0.value.opened - $0.value.closed : 0)") },
               connLabels)
        family("osm_tcp_received_bytes_total", "counter", "Bytes read from the connections' clients.",
               conns.map { ($0.key, "\($0.value.received)") }, connLabels)
        family("osm_tcp_sent_bytes_total", "counter", "Bytes written to the connections' clients.",
               conns.map { ($0.key, "\($0.value.sent)") }, connLabels)

        let hist = "osm_tcp_connection_duration_seconds"
        out += "# HELP \(hist) Duration of closed TCP connections in seconds.\n# TYPE \(hist) histogram\n"
        for (key, series) in conns {
            var cumulative: UInt64 = 0
            for (i, count) in series.buckets.enumerated() {
                cumulative += count
                let le = i < Self.durationBuckets.count ? Self.number(Self.durationBuckets[i]) : "+Inf"
                out += "\(hist)_bucket\(Self.labelSet(connLabels + ["le"], key.values + [le])) \(cumulative)\n"
            }
            let labels = Self.labelSet(connLabels, key.values)
            out += "\(hist)_sum\(labels) \(Self.number(series.durationSum))\n"
            out += "\(hist)_count\(labels) \(series.closed)\n"
        }

        family("osm_tls_handshake_failures_total", "counter", "Failed TLS handshakes by reason.",
               s.handshakeFailures.sorted { $0.key < $1.key }.map { ($0.key, "\($0.value)") }, ["direction", "reason"])
        family("osm_authorization_total", "counter", "Authorization decisions by deciding policy and result.",
               s.authorizations.sorted { $0.key < $1.key }.map { ($0.key, "\($0.value)") },
               ["direction", "policy", "result"])
        family("osm_connections_denied_total", "counter", "Connections refused or reset, by reason.",
               s.denials.sorted { $0.key < $1.key }.map { ($0.key, "\($0.value)") }, ["direction", "reason"])
        family("osm_proxy_config_version", "gauge", "Version of the configuration the proxy is running.",
               [(Key(values: []), "\(s.configVersion)")], [])
        family("osm_tunnels_open", "gauge", "Open pooled sidecar-to-sidecar mTLS tunnel connections.",
               [(Key(values: []), "\(s.tunnels)")], [])
        return out
    }

    /// `{a="x",b="y"}`, or nothing when there are no labels.
    private static func labelSet(_ names: [String], _ values: [String]) -> String {
        guard !names.isEmpty else { return "" }
        let pairs = zip(names, values).map { "\($0)=\"\(escapeLabelValue($1))\"" }
        return "{" + pairs.joined(separator: ",") + "}"
    }

    /// A label value escaped for the text format: backslash, double quote and newline.
    static func escapeLabelValue(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for ch in value.unicodeScalars {
            switch ch {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// A sample value or bucket bound: integral values without a fraction (`1`, `300`), others as Swift prints them.
    private static func number(_ v: Double) -> String {
        if v.isFinite, v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return v.description
    }
}
