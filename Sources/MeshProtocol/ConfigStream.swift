// The config stream between osm-controller (port 15128) and each sidecar, inside mTLS: frames of
// a 4-byte big-endian length and a JSON message. The proxy says which pod it serves; the
// controller answers with the pod's complete ProxyConfig and again after every change.

/// One message of the config stream.
public enum ConfigStreamMessage: Sendable, Hashable, Codable {
    /// Proxy → controller, first: the pod this proxy serves (its identity comes from its
    /// certificate) and, optionally, a signing request for its own workload key (PEM).
    case hello(namespace: String, pod: String, csr: String? = nil)
    /// Controller → proxy: a complete snapshot.
    case config(ProxyConfig)
    /// Controller → proxy: why no config can be served (then the stream closes).
    case refused(reason: String)

    enum CodingKeys: String, CodingKey { case type, namespace, pod, csr, config, reason }

    /// Decodes the tagged form `{"type": "hello"|"config"|"refused", …}`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .type) {
        case "hello":
            self = .hello(namespace: try c.decode(String.self, forKey: .namespace), pod: try c.decode(String.self, forKey: .pod),
                          csr: try c.decodeIfPresent(String.self, forKey: .csr))
        case "config": self = .config(try c.decode(ProxyConfig.self, forKey: .config))
        case "refused": self = .refused(reason: try c.decode(String.self, forKey: .reason))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "unknown config stream message \"\(other)\"")
        }
    }

    /// Encodes the tagged form.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .hello(let namespace, let pod, let csr):
            try c.encode("hello", forKey: .type)
            try c.encode(namespace, forKey: .namespace)
            try c.encode(pod, forKey: .pod)
            try c.encodeIfPresent(csr, forKey: .csr)
        case .config(let config):
            try c.encode("config", forKey: .type)
            try c.encode(config, forKey: .config)
        case .refused(let reason):
            try c.encode("refused", forKey: .type)
            try c.encode(reason, forKey: .reason)
        }
    }
}

/// The stream's framing: 4-byte big-endian length, then that many bytes of JSON.
public enum ConfigStreamFraming {
    /// The largest frame accepted (a config for thousands of services fits well within).
    public static let maxFrame = 64 << 20

    /// A message as one frame.
    public static func frame(_ message: ConfigStreamMessage) throws -> [UInt8] {
        let body = Array(try ProxyConfig.encoder.encode(message))
        let n = UInt32(body.count)
        return [UInt8(n >> 24), UInt8(truncatingIfNeeded: n >> 16), UInt8(truncatingIfNeeded: n >> 8), UInt8(truncatingIfNeeded: n)] + body
    }

    /// The length announced by a frame header, or nil when `header` has fewer than 4 bytes.
    public static func length<C: Collection<UInt8>>(_ header: C) -> Int? {
        guard header.count >= 4 else { return nil }
        return header.prefix(4).reduce(0) { $0 << 8 | Int($1) }
    }
}
