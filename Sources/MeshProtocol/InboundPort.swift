// Inbound policy: for each port the pod serves, who may connect and where the app listens.

/// Which client identities may connect to an inbound port (always over mesh mTLS).
///
/// JSON: `{"mode": "anyMeshIdentity"}` or `{"mode": "identities", "identities": ["curl.curl"]}`.
public enum InboundAuthorization: Sendable, Hashable, Codable {
    /// Any client with a valid mesh certificate (permissive mode).
    case anyMeshIdentity
    /// Only these identities (from the TrafficTargets naming this port); empty denies everyone.
    case identities([ServiceIdentity])

    enum CodingKeys: String, CodingKey { case mode, identities }

    /// Decodes the tagged form.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .mode) {
        case "anyMeshIdentity": self = .anyMeshIdentity
        case "identities": self = .identities(try c.decode([ServiceIdentity].self, forKey: .identities))
        case let other:
            throw DecodingError.dataCorruptedError(
                forKey: .mode, in: c,
                debugDescription: "unknown authorization mode \"\(other)\" (expected anyMeshIdentity or identities)")
        }
    }

    /// Encodes the tagged form.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .anyMeshIdentity:
            try c.encode("anyMeshIdentity", forKey: .mode)
        case .identities(let list):
            try c.encode("identities", forKey: .mode)
            try c.encode(list, forKey: .identities)
        }
    }

    /// Whether a client with this identity may connect.
    public func allows(_ identity: ServiceIdentity) -> Bool {
        switch self {
        case .anyMeshIdentity: true
        case .identities(let list): list.contains(identity)
        }
    }
}

/// One port the pod serves through its sidecar, keyed by the target port the client dialled.
public struct InboundPort: Sendable, Hashable, Codable {
    /// The target (container) port, as the original destination shows it after REDIRECT.
    public var port: UInt16
    /// Where the sidecar connects to the app, on 127.0.0.1 (normally equal to `port`).
    public var localPort: UInt16
    /// The port's protocol: `tcp` or `tcp-server-first`.
    public var `protocol`: String
    /// The SNI names accepted (the FQDNs of the Services that select this pod on this port).
    public var serverNames: [String]
    /// Who may connect.
    public var authorization: InboundAuthorization

    /// An inbound port; `localPort` defaults to `port`.
    public init(
        port: UInt16, localPort: UInt16? = nil, protocol: String = "tcp", serverNames: [String],
        authorization: InboundAuthorization
    ) {
        self.port = port
        self.localPort = localPort ?? port
        self.protocol = `protocol`
        self.serverNames = serverNames
        self.authorization = authorization
    }
}
