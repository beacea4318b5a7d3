// The connection timeouts a proxy applies, carried explicitly in every snapshot.

/// Timeouts for proxied connections, always explicit: the proxy has no defaults of its own.
public struct Timeouts: Sendable, Hashable, Codable {
    /// How long an upstream connect plus TLS handshake may take, in milliseconds; must be > 0.
    public var connectTimeoutMillis: UInt32
    /// How long a spliced connection may carry no bytes either way before it is closed, in
    /// milliseconds; 0 means never.
    public var idleTimeoutMillis: UInt32

    /// Timeouts.
    public init(connectTimeoutMillis: UInt32, idleTimeoutMillis: UInt32) {
        self.connectTimeoutMillis = connectTimeoutMillis
        self.idleTimeoutMillis = idleTimeoutMillis
    }
}
