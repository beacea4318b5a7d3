// NIOSSL contexts for mesh connections: the proxy's certificate, TLS versions and ciphers from
// MeshConfig's TLSSettings, ALPN "osm", and a certificate demanded from the peer on both sides.
// Peer verification itself is PeerVerifier's job (a custom callback on each handler).
import MeshProtocol
import NIOSSL

/// Builders of the TLS configurations and contexts mesh connections use.
public enum MeshTLSContexts {
    /// The configuration of a server that requires a client certificate and offers ALPN `osm`.
    ///
    /// `trustRoots` is the CA bundle, so even a handler built without PeerVerifier's callback
    /// checks the chain; with the callback, the callback decides.
    public static func serverConfiguration(credentials: MeshCredentials, tls: TLSSettings) throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: credentials.chain.map { .certificate($0) },
            privateKey: .privateKey(credentials.privateKey))
        try apply(tls, trustRoots: credentials.trustRoots, to: &configuration)
        return configuration
    }

    /// The configuration of a client that presents its certificate and offers ALPN `osm`.
    public static func clientConfiguration(credentials: MeshCredentials, tls: TLSSettings) throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateChain = credentials.chain.map { .certificate($0) }
        configuration.privateKey = .privateKey(credentials.privateKey)
        try apply(tls, trustRoots: credentials.trustRoots, to: &configuration)
        return configuration
    }

    /// A server context with fixed credentials (see `CredentialStore.serverContext` for rotation).
    public static func server(credentials: MeshCredentials, tls: TLSSettings) throws -> NIOSSLContext {
        try context(serverConfiguration(credentials: credentials, tls: tls))
    }

    /// A client context with fixed credentials (see `CredentialStore.clientContext` for rotation).
    public static func client(credentials: MeshCredentials, tls: TLSSettings) throws -> NIOSSLContext {
        try context(clientConfiguration(credentials: credentials, tls: tls))
    }

    /// A context from a configuration, with BoringSSL's complaints turned into `invalidTLSSettings`.
    static func context(_ configuration: TLSConfiguration) throws -> NIOSSLContext {
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw MeshTLSError.invalidTLSSettings("BoringSSL rejected the configuration: \(error)")
        }
    }

    /// The mesh settings both directions share.
    private static func apply(_ tls: TLSSettings, trustRoots: [NIOSSLCertificate], to configuration: inout TLSConfiguration) throws {
        let versions = try versionRange(tls)
        configuration.minimumTLSVersion = versions.min
        configuration.maximumTLSVersion = versions.max
        let ciphers = try CipherSuites.resolve(tls.cipherSuites)
        if !ciphers.isEmpty { configuration.cipherSuiteValues = ciphers }
        if !tls.ecdhCurves.isEmpty { configuration.curves = try tls.ecdhCurves.map(curve(named:)) }
        configuration.certificateVerification = .noHostnameVerification
        configuration.trustRoots = .certificates(trustRoots)
        configuration.applicationProtocols = [MeshProtocol.alpn]
        configuration.renegotiationSupport = .none
    }

    /// NIOSSL's version bounds for MeshConfig's. `TLS_AUTO` means TLS 1.2 as the minimum (or
    /// the maximum, when that is lower) and no cap as the maximum (BoringSSL's newest, TLS 1.3).
    public static func versionRange(_ tls: TLSSettings) throws -> (min: TLSVersion, max: TLSVersion?) {
        let max = version(tls.maxVersion)
        let lowMax = tls.maxVersion == .v1_0 || tls.maxVersion == .v1_1
        let min = version(tls.minVersion) ?? (lowMax ? max! : .tlsv12)
        if tls.minVersion != .auto, tls.maxVersion != .auto, tls.minVersion > tls.maxVersion {
            throw MeshTLSError.invalidTLSSettings(
                "minimum version \(tls.minVersion.rawValue) is above maximum \(tls.maxVersion.rawValue)")
        }
        return (min, max)
    }

    private static func version(_ version: TLSProtocolVersion) -> TLSVersion? {
        switch version {
        case .auto: nil
        case .v1_0: .tlsv1
        case .v1_1: .tlsv11
        case .v1_2: .tlsv12
        case .v1_3: .tlsv13
        }
    }

    /// A curve by its Envoy/MeshConfig name (`X25519`, `P-256`, …) or its OpenSSL name.
    private static func curve(named name: String) throws -> NIOTLSCurve {
        switch name {
        case "X25519", "x25519": return .x25519
        case "P-256", "prime256v1", "secp256r1": return .secp256r1
        case "P-384", "secp384r1": return .secp384r1
        case "P-521", "secp521r1": return .secp521r1
        case "X25519MLKEM768", "X25519_MLKEM768": return .x25519_MLKEM768
        default:
            throw MeshTLSError.invalidTLSSettings(
                "unknown ECDH curve \"\(name)\" (known: X25519, P-256, P-384, P-521, X25519MLKEM768)")
        }
    }
}
