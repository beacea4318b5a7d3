// MeshTLS: the mutual-TLS building block of the sidecar proxy and the controller's config stream.
// It turns MeshPKI credentials (certificate chain, private key, CA bundle) into NIOSSL contexts,
// verifies the peer's chain against the mesh CA and its SPIFFE ID against an allow-list, swaps
// certificates at runtime for new handshakes only, and explains failed handshakes in a few words.
// This file holds the target's errors.

/// A failure loading credentials, building a TLS context, or completing a mesh handshake.
public enum MeshTLSError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The certificate chain PEM holds no certificate.
    case emptyCertificateChain
    /// Certificate number `index` (0 = leaf) of a PEM text could not be parsed.
    case invalidCertificate(what: String, index: Int, reason: String)
    /// The private key PEM could not be parsed.
    case invalidPrivateKey(reason: String)
    /// The private key does not belong to the leaf certificate.
    case privateKeyMismatch
    /// The CA bundle PEM holds no certificate.
    case emptyTrustBundle
    /// The TLS settings cannot be used (versions out of order, unknown curve, bad cipher list).
    case invalidTLSSettings(String)
    /// A mesh handshake did not complete; `reason` is short and meant for logs and counters.
    case handshakeFailed(reason: String)

    /// A one-line explanation naming what to fix.
    public var description: String {
        switch self {
        case .emptyCertificateChain:
            "certificate chain PEM contains no CERTIFICATE block"
        case .invalidCertificate(let what, let index, let reason):
            "\(what) certificate #\(index) is not a valid X.509 certificate: \(reason)"
        case .invalidPrivateKey(let reason):
            "private key PEM is not a valid PKCS#8, SEC1 or RSA key: \(reason)"
        case .privateKeyMismatch:
            "private key does not match the public key of the leaf certificate"
        case .emptyTrustBundle:
            "CA bundle PEM contains no CERTIFICATE block; a mesh peer could never be verified"
        case .invalidTLSSettings(let reason):
            "invalid TLS settings: \(reason)"
        case .handshakeFailed(let reason):
            "mesh TLS handshake failed: \(reason)"
        }
    }
}
