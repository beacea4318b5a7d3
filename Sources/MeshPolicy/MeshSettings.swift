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
    /// Workload certificate validity (`certificate.serviceCertValidityDuration`, 24 h by default).
    public var certificateValidity: Double = 86400

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
        // At most ten years: a certificate's end must be a date (an enormous duration is not).
        if let text = spec[["certificate", "serviceCertValidityDuration"]].stringValue, let seconds = Self.duration(text),
           seconds.isFinite, seconds > 0 {
            certificateValidity = min(seconds, Self.longestValidity)
        }
    }

    /// The longest workload certificate validity honoured, in seconds (ten years).
    public static let longestValidity = 10 * 365 * 86_400.0

    /// Seconds in a Go-style duration (`24h`, `1h30m`, `90s`, `1.5h`); nil when malformed.
    public static func duration(_ text: String) -> Double? {
        var total = 0.0, number = ""
        for ch in text {
            if ch.isNumber || ch == "." { number.append(ch); continue }
            guard let value = Double(number) else { return nil }
            switch ch {
            case "h": total += value * 3600
            case "m": total += value * 60
            case "s": total += value
            default: return nil
            }
            number = ""
        }
        return number.isEmpty && !text.isEmpty ? total : nil
    }
}
