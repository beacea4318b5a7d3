// The complete configuration of one sidecar proxy: one snapshot of the controller's view.

/// Everything one proxy needs, sent whole on every change (no deltas).
///
/// JSON (keys sorted when encoded with `ProxyConfig.encoder`; unknown keys are ignored so
/// older proxies accept newer controllers within one schema):
///
///     {
///       "schema": 1,                       // MeshProtocol.schema; other values are refused
///       "version": 7,                      // snapshot number, grows with every snapshot
///       "meshName": "osm",
///       "identity": "curl.curl",           // <serviceaccount>.<namespace> of this proxy
///       "trustDomain": "cluster.local",
///       "permissive": false,
///       "egressPassthrough": false,        // unmatched destinations: true = plain TCP to them, false = reset
///       "tls": {"minVersion": "TLSv1_2", "maxVersion": "TLSv1_3", "cipherSuites": [], "ecdhCurves": []},
///       "certificates": {"certificateChainPEM": "...", "trustBundlePEM": "..."},   // optional
///       "timeouts": {"connectTimeoutMillis": 5000, "idleTimeoutMillis": 3600000},
///       "outbound": [{"name", "service": {"namespace", "name"}, "protocol", "addresses": ["10.96.0.20"],
///                     "port": 9000, "backends": [{"cluster": "tcp-demo/tcp-echo|9000", "weight": 1}]}],
///       "clusters": [{"name", "service", "sni", "serverIdentities": ["tcp-echo.tcp-demo"],
///                     "endpoints": [{"address": "10.244.0.12", "port": 9000, "weight": 1}]}],
///       "inbound": [{"port": 9000, "localPort": 9000, "protocol": "tcp",
///                    "serverNames": ["tcp-echo.tcp-demo.svc.cluster.local"],
///                    "authorization": {"mode": "identities", "identities": ["curl.curl"]}}]
///     }
public struct ProxyConfig: Sendable, Hashable, Codable {
    /// The snapshot number; a proxy ignores a snapshot not newer than the one it runs.
    public var version: UInt64
    /// The mesh this proxy belongs to.
    public var meshName: String
    /// The proxy's own identity (its pod's ServiceAccount).
    public var identity: ServiceIdentity
    /// The trust domain of mesh certificates.
    public var trustDomain: String
    /// Permissive traffic policy: inbound ports accept any mesh identity.
    public var permissive: Bool
    /// Whether outbound destinations without a route are passed through in plain TCP.
    public var egressPassthrough: Bool
    /// TLS versions and algorithms for mesh connections.
    public var tls: TLSSettings
    /// The issued certificate chain and trust bundle; nil until the controller has signed the proxy's CSR.
    public var certificates: CertificateBundle?
    /// Connect and idle timeouts.
    public var timeouts: Timeouts
    /// The destinations this proxy may reach.
    public var outbound: [OutboundRoute]
    /// The upstream clusters the routes name.
    public var clusters: [Cluster]
    /// The ports this proxy serves, with who may connect.
    public var inbound: [InboundPort]
    /// Egress policies: destinations outside the mesh this proxy may reach when passthrough is off.
    public var egress: [EgressRule]

    /// A snapshot; every field explicit except the lists and certificates.
    public init(
        version: UInt64, meshName: String, identity: ServiceIdentity, trustDomain: String,
        permissive: Bool, egressPassthrough: Bool, tls: TLSSettings, certificates: CertificateBundle?,
        timeouts: Timeouts, outbound: [OutboundRoute] = [], clusters: [Cluster] = [], inbound: [InboundPort] = [],
        egress: [EgressRule] = []
    ) {
        self.egress = egress
        self.version = version
        self.meshName = meshName
        self.identity = identity
        self.trustDomain = trustDomain
        self.permissive = permissive
        self.egressPassthrough = egressPassthrough
        self.tls = tls
        self.certificates = certificates
        self.timeouts = timeouts
        self.outbound = outbound
        self.clusters = clusters
        self.inbound = inbound
    }

    /// The proxy's SPIFFE ID, `spiffe://<trustDomain>/ns/<ns>/sa/<sa>`.
    public var spiffeID: String { identity.spiffeID(trustDomain: trustDomain) }

    enum CodingKeys: String, CodingKey {
        case schema, version, meshName, identity, trustDomain, permissive, egressPassthrough
        case tls, certificates, timeouts, outbound, clusters, inbound, egress
    }

    /// Decodes a snapshot, refusing any schema but `MeshProtocol.schema`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let schema = try c.decode(Int.self, forKey: .schema)
        guard schema == MeshProtocol.schema else {
            throw DecodingError.dataCorruptedError(
                forKey: .schema, in: c,
                debugDescription: "unsupported ProxyConfig schema \(schema); this proxy reads schema \(MeshProtocol.schema)")
        }
        version = try c.decode(UInt64.self, forKey: .version)
        meshName = try c.decode(String.self, forKey: .meshName)
        identity = try c.decode(ServiceIdentity.self, forKey: .identity)
        trustDomain = try c.decode(String.self, forKey: .trustDomain)
        permissive = try c.decode(Bool.self, forKey: .permissive)
        egressPassthrough = try c.decode(Bool.self, forKey: .egressPassthrough)
        tls = try c.decode(TLSSettings.self, forKey: .tls)
        certificates = try c.decodeIfPresent(CertificateBundle.self, forKey: .certificates)
        timeouts = try c.decode(Timeouts.self, forKey: .timeouts)
        outbound = try c.decode([OutboundRoute].self, forKey: .outbound)
        clusters = try c.decode([Cluster].self, forKey: .clusters)
        inbound = try c.decode([InboundPort].self, forKey: .inbound)
        egress = try c.decodeIfPresent([EgressRule].self, forKey: .egress) ?? []
    }

    /// Encodes a snapshot with its schema number.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(MeshProtocol.schema, forKey: .schema)
        try c.encode(version, forKey: .version)
        try c.encode(meshName, forKey: .meshName)
        try c.encode(identity, forKey: .identity)
        try c.encode(trustDomain, forKey: .trustDomain)
        try c.encode(permissive, forKey: .permissive)
        try c.encode(egressPassthrough, forKey: .egressPassthrough)
        try c.encode(tls, forKey: .tls)
        try c.encodeIfPresent(certificates, forKey: .certificates)
        try c.encode(timeouts, forKey: .timeouts)
        try c.encode(outbound, forKey: .outbound)
        try c.encode(clusters, forKey: .clusters)
        try c.encode(inbound, forKey: .inbound)
        if !egress.isEmpty { try c.encode(egress, forKey: .egress) }
    }
}
