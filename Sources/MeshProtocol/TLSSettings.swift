// TLS parameters from MeshConfig and the certificates the controller issued to the proxy.

/// A TLS protocol version as MeshConfig spells it (`sidecar.tlsMinProtocolVersion`).
public enum TLSProtocolVersion: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Let the TLS library choose.
    case auto = "TLS_AUTO"
    /// TLS 1.0.
    case v1_0 = "TLSv1_0"
    /// TLS 1.1.
    case v1_1 = "TLSv1_1"
    /// TLS 1.2 (MeshConfig's default minimum).
    case v1_2 = "TLSv1_2"
    /// TLS 1.3 (MeshConfig's default maximum).
    case v1_3 = "TLSv1_3"

    /// Orders by protocol age; `auto` sorts first and is never compared by `validate()`.
    public static func < (a: Self, b: Self) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// The TLS settings for mesh connections, both directions. JSON keys as the properties.
public struct TLSSettings: Sendable, Hashable, Codable {
    /// The lowest version accepted.
    public var minVersion: TLSProtocolVersion
    /// The highest version offered.
    public var maxVersion: TLSProtocolVersion
    /// Cipher suites to allow (OpenSSL/BoringSSL names); empty means the library's defaults.
    public var cipherSuites: [String]
    /// ECDH curves to allow; empty means the library's defaults.
    public var ecdhCurves: [String]

    /// TLS settings; the defaults are MeshConfig's CRD defaults.
    public init(
        minVersion: TLSProtocolVersion = .v1_2, maxVersion: TLSProtocolVersion = .v1_3,
        cipherSuites: [String] = [], ecdhCurves: [String] = []
    ) {
        self.minVersion = minVersion
        self.maxVersion = maxVersion
        self.cipherSuites = cipherSuites
        self.ecdhCurves = ecdhCurves
    }
}

/// The proxy's issued certificate chain and the CAs it trusts. The private key never appears:
/// the proxy generated it and sent only a CSR.
public struct CertificateBundle: Sendable, Hashable, Codable {
    /// The issued certificate, leaf first, then intermediates; PEM.
    public var certificateChainPEM: String
    /// The CA certificates that sign mesh certificates (more than one during a CA rotation); PEM.
    public var trustBundlePEM: String

    /// A bundle.
    public init(certificateChainPEM: String, trustBundlePEM: String) {
        self.certificateChainPEM = certificateChainPEM
        self.trustBundlePEM = trustBundlePEM
    }
}
