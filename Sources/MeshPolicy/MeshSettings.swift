// The mesh-wide settings a ProxyConfig carries, read from MeshConfig `osm-mesh-config`.
import KubeModel
import MeshProtocol

/// MeshConfig's fields that shape proxy configs.
public struct MeshSettings: Sendable, Equatable {
    /// The mesh's name (`osm` by default).
    public var meshName: String
    /// The SPIFFE trust domain.
    public var trustDomain: String
    /// `traffic.enablePermissiveTrafficPolicyMode`.
    public var permissive: Bool
    /// `traffic.enableEgress`.
    public var egress: Bool
    /// The sidecars' TLS versions, ciphers and curves.
    public var tls: TLSSettings
    /// Connect and idle timeouts.
    public var timeouts: Timeouts

    /// Settings given explicitly.
    public init(meshName: String = "osm", trustDomain: String = "cluster.local", permissive: Bool = false,
                egress: Bool = false, tls: TLSSettings = TLSSettings(),
                timeouts: Timeouts = Timeouts(connectTimeoutMillis: 5000, idleTimeoutMillis: 3_600_000)) {
        self.meshName = meshName
        self.trustDomain = trustDomain
        self.permissive = permissive
        self.egress = egress
        self.tls = tls
        self.timeouts = timeouts
    }

    /// Settings from a MeshConfig object (missing fields keep the install defaults: permissive
    /// mode and egress off); unknown TLS versions fall back to the CRD defaults.
    public init(meshConfig: JSON, meshName: String = "osm", trustDomain: String = "cluster.local") {
        let spec = meshConfig["spec"]
        let sidecar = spec["sidecar"]
        self.init(
            meshName: meshName, trustDomain: trustDomain,
            permissive: spec[["traffic", "enablePermissiveTrafficPolicyMode"]].boolValue ?? false,
            egress: spec[["traffic", "enableEgress"]].boolValue ?? false,
            tls: TLSSettings(
                minVersion: sidecar["tlsMinProtocolVersion"].stringValue.flatMap(TLSProtocolVersion.init(rawValue:)) ?? .v1_2,
                maxVersion: sidecar["tlsMaxProtocolVersion"].stringValue.flatMap(TLSProtocolVersion.init(rawValue:)) ?? .v1_3,
                cipherSuites: sidecar["cipherSuites"].arrayValue?.compactMap(\.stringValue) ?? [],
                ecdhCurves: sidecar["ecdhCurves"].arrayValue?.compactMap(\.stringValue) ?? []))
    }
}
