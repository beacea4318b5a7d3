// Where the listeners report what happens to connections: metrics, the JSON access log (one
// line per connection, written with one write(2) so lines never interleave) and denial counts.
import Logging
import NIOCore
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// What the proxy knows about one connection when it opens.
public struct ConnectionInfo: Sendable {
    /// Inbound or outbound.
    public var direction: TrafficDirection
    /// The metrics label of the other party: the peer service (outbound) or identity (inbound).
    public var peer: String
    /// The app's (outbound) or remote client's (inbound) address.
    public var source: String
    /// The original destination.
    public var destination: String
    /// Where the proxy connected.
    public var upstream: String?
    /// The verified peer identity, when there is one.
    public var peerIdentity: String?
    /// The mesh service.
    public var service: String?
    /// The route or rule that allowed it.
    public var route: String?
    /// When it was accepted (Unix seconds) and the monotonic start for its duration.
    public var startTime: Double
    var started: NIODeadline

    /// Info for a connection accepted now.
    public init(direction: TrafficDirection, peer: String, source: String, destination: String, upstream: String? = nil,
                peerIdentity: String? = nil, service: String? = nil, route: String? = nil) {
        self.direction = direction
        self.peer = peer
        self.source = source
        self.destination = destination
        self.upstream = upstream
        self.peerIdentity = peerIdentity
        self.service = service
        self.route = route
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        self.startTime = Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
        self.started = .now()
    }
}

/// Metrics plus access log plus logs, shared by all listeners.
public final class ProxyTelemetry: Sendable, TunnelTelemetry {
    /// The Prometheus metrics.
    public let metrics: ProxyMetrics
    /// Whether a JSON access-log line is written to stdout per connection.
    public let accessLog: Bool
    let logger: Logger
    private let afterHandshake = Mutex<[@Sendable () -> Void]>([])

    /// Telemetry writing the access log to stdout when `accessLog` is on.
    public init(metrics: ProxyMetrics = ProxyMetrics(), accessLog: Bool, logger: Logger) {
        self.metrics = metrics
        self.accessLog = accessLog
        self.logger = logger
    }

    /// A proxied connection opened.
    func opened(_ info: ConnectionInfo) {
        metrics.connectionOpened(direction: info.direction, peer: info.peer)
    }

    /// A proxied connection ended.
    func closed(_ info: ConnectionInfo, _ outcome: StreamOutcome) {
        let seconds = Double((NIODeadline.now() - info.started).nanoseconds) / 1e9
        metrics.connectionClosed(
            direction: info.direction, peer: info.peer, bytesReceived: outcome.bytesFromLocal,
            bytesSent: outcome.bytesToLocal, durationSeconds: seconds)
        write(info, received: outcome.bytesFromLocal, sent: outcome.bytesToLocal, seconds: seconds,
              result: outcome.clean ? .ok : .error, reason: outcome.reason)
    }

    /// A connection refused by policy or failure before any byte was proxied.
    func refused(_ info: ConnectionInfo, category: String, reason: String) {
        metrics.denied(direction: info.direction, reason: category)
        logger.info("connection refused", metadata: [
            "direction": "\(info.direction.rawValue)", "source": "\(info.source)",
            "destination": "\(info.destination)", "category": "\(category)", "reason": "\(reason)",
        ])
        write(info, received: 0, sent: 0, seconds: 0, result: .denied, reason: "\(category): \(reason)")
    }

    private func write(_ info: ConnectionInfo, received: UInt64, sent: UInt64, seconds: Double,
                       result: AccessLogRecord.Outcome, reason: String?) {
        guard accessLog else { return }
        let record = AccessLogRecord(
            startTime: info.startTime, direction: info.direction, source: info.source, destination: info.destination,
            upstream: info.upstream, peerIdentity: info.peerIdentity, service: info.service, route: info.route,
            bytesReceived: received, bytesSent: sent, durationMillis: seconds * 1000, result: result, reason: reason)
        var line = record.jsonLine()
        line.append("\n")
        line.withUTF8 { bytes in _ = Glibc.write(1, bytes.baseAddress, bytes.count) }
    }

    func tunnelOpened() { metrics.tunnelsOpen(delta: 1) }

    func tunnelClosed() { metrics.tunnelsOpen(delta: -1) }

    func handshakeFailed(_ direction: TrafficDirection, reason: String) {
        metrics.handshakeFailed(direction: direction, reason: reason)
    }

    func handshakeSucceeded() {
        for hook in afterHandshake.withLock({ $0 }) { hook() }
    }

    /// Adds `hook`, run after every completed tunnel handshake (either direction), on its event loop.
    public func onHandshake(_ hook: @escaping @Sendable () -> Void) {
        afterHandshake.withLock { $0.append(hook) }
    }
}
