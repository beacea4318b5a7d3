// One access log entry per proxied connection, written as a single JSON line (pure formatting, no I/O).
// Timestamps are RFC 3339 UTC with milliseconds, computed with gmtime_r rather than Foundation.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What happened to one connection through the sidecar, for the JSON access log.
public struct AccessLogRecord: Sendable, Equatable {
    /// How a connection ended.
    public enum Outcome: String, Sendable {
        /// Proxied and closed normally.
        case ok
        /// Refused or reset by policy (no route, unauthorized, …).
        case denied
        /// Failed for another reason (upstream unreachable, TLS error, …).
        case error
    }

    /// When the connection was accepted, in seconds since the Unix epoch.
    public var startTime: Double
    /// Inbound or outbound.
    public var direction: TrafficDirection
    /// The client's address, `ip:port`.
    public var source: String
    /// The original destination the client connected to, `ip:port`.
    public var destination: String
    /// The address the proxy connected to, `ip:port`, if it got that far.
    public var upstream: String?
    /// The peer's mesh identity (e.g. `curl.curl`), when known from mTLS.
    public var peerIdentity: String?
    /// The mesh service the connection was for (e.g. `tcp-demo/tcp-echo`).
    public var service: String?
    /// The name of the route or rule that matched.
    public var route: String?
    /// Bytes read from the connection's client.
    public var bytesReceived: UInt64
    /// Bytes written to the connection's client.
    public var bytesSent: UInt64
    /// How long the connection lasted, in milliseconds.
    public var durationMillis: Double
    /// How the connection ended.
    public var result: Outcome
    /// A short reason category for `denied` or `error` (e.g. `no_route`, `connect_failed`).
    public var reason: String?

    /// A record with every field given; optional ones default to absent.
    public init(
        startTime: Double, direction: TrafficDirection, source: String, destination: String,
        upstream: String? = nil, peerIdentity: String? = nil, service: String? = nil, route: String? = nil,
        bytesReceived: UInt64, bytesSent: UInt64, durationMillis: Double, result: Outcome, reason: String? = nil
    ) {
        self.startTime = startTime
        self.direction = direction
        self.source = source
        self.destination = destination
        self.upstream = upstream
        self.peerIdentity = peerIdentity
        self.service = service
        self.route = route
        self.bytesReceived = bytesReceived
        self.bytesSent = bytesSent
        self.durationMillis = durationMillis
        self.result = result
        self.reason = reason
    }

    /// One JSON object on one line (no trailing newline), keys always in this order, absent optionals omitted:
    /// `start_time`, `direction`, `source`, `destination`, `upstream`, `peer_identity`, `service`, `route`,
    /// `bytes_received`, `bytes_sent`, `duration_ms`, `result`, `reason`.
    public func jsonLine() -> String {
        var fields: [(String, String)] = [
            ("start_time", Self.quoted(Self.rfc3339(startTime))),
            ("direction", Self.quoted(direction.rawValue)),
            ("source", Self.quoted(source)),
            ("destination", Self.quoted(destination)),
        ]
        if let upstream { fields.append(("upstream", Self.quoted(upstream))) }
        if let peerIdentity { fields.append(("peer_identity", Self.quoted(peerIdentity))) }
        if let service { fields.append(("service", Self.quoted(service))) }
        if let route { fields.append(("route", Self.quoted(route))) }
        fields.append(("bytes_received", String(bytesReceived)))
        fields.append(("bytes_sent", String(bytesSent)))
        fields.append(("duration_ms", Self.millis(durationMillis)))
        fields.append(("result", Self.quoted(result.rawValue)))
        if let reason { fields.append(("reason", Self.quoted(reason))) }
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    private static let hexDigits = Array("0123456789abcdef".unicodeScalars)

    /// A JSON string literal: quote, backslash and every control character (as `\u00XX`) escaped.
    static func quoted(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20:
                out += "\\u00"
                out.unicodeScalars.append(hexDigits[Int(scalar.value >> 4)])
                out.unicodeScalars.append(hexDigits[Int(scalar.value & 0xF)])
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A non-negative millisecond count with three decimals (microsecond precision); non-finite becomes 0.
    static func millis(_ ms: Double) -> String {
        let micros = ms.isFinite && ms > 0 ? min((ms * 1000).rounded(), 9.0e15) : 0
        let total = UInt64(micros)
        return "\(total / 1000)." + pad(Int(total % 1000), 3)
    }

    /// `2024-05-01T12:34:56.789Z` for a Unix time in seconds, truncated to the millisecond (after rounding to the
    /// microsecond, so `…56.789` stored as `…56.78899998` stays `.789`); non-finite is the epoch.
    static func rfc3339(_ seconds: Double) -> String {
        let micros = seconds.isFinite ? Int64(max(min(seconds * 1e6, 2.5e17), -6.2e16).rounded()) : 0
        let ms = micros >= 0 ? micros / 1000 : (micros - 999) / 1000
        var whole = time_t(ms >= 0 ? ms / 1000 : (ms - 999) / 1000)
        let fraction = Int(ms - Int64(whole) * 1000)
        var parts = tm()
        guard gmtime_r(&whole, &parts) != nil else { return "1970-01-01T00:00:00.000Z" }
        return pad(Int(parts.tm_year) + 1900, 4) + "-" + pad(Int(parts.tm_mon) + 1, 2) + "-" + pad(Int(parts.tm_mday), 2)
            + "T" + pad(Int(parts.tm_hour), 2) + ":" + pad(Int(parts.tm_min), 2) + ":" + pad(Int(parts.tm_sec), 2)
            + "." + pad(fraction, 3) + "Z"
    }

    /// A non-negative number left-padded with zeros to `width` digits.
    private static func pad(_ n: Int, _ width: Int) -> String {
        let digits = String(n)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
