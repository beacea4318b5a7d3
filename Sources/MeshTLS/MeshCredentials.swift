// A proxy's TLS identity: its certificate chain, private key and the CA bundle it trusts, parsed
// once from PEM into both the NIOSSL form (for handshakes) and the X.509 form (for verification).
import Foundation
import MeshPKI
import MeshProtocol
import NIOSSL
import SwiftASN1
import X509

/// A certificate chain, its private key and the mesh CA bundle, parsed and checked.
///
/// Construction fails with a `MeshTLSError` naming the broken part; a value that exists is usable
/// for a TLS context. The PEM texts are kept so callers can compare or persist them.
public struct MeshCredentials: Sendable {
    /// The certificate chain as given: leaf first, then intermediates; PEM.
    public let certificateChainPEM: String
    /// The private key of the leaf as given; PEM.
    public let privateKeyPEM: String
    /// The CA certificates that sign mesh certificates as given; PEM.
    public let trustBundlePEM: String

    /// The chain for NIOSSL, leaf first.
    public let chain: [NIOSSLCertificate]
    /// The leaf's private key for NIOSSL.
    public let privateKey: NIOSSLPrivateKey
    /// The CA bundle for NIOSSL.
    public let trustRoots: [NIOSSLCertificate]

    /// The leaf certificate.
    public let leaf: Certificate
    /// The intermediates that follow the leaf in the chain (usually none).
    public let intermediates: [Certificate]
    /// The CA certificates peers must chain to.
    public let trustAnchors: [Certificate]

    /// Parses and checks PEM credentials.
    ///
    /// - Throws: `MeshTLSError.emptyCertificateChain`, `.invalidCertificate`, `.invalidPrivateKey`,
    ///   `.privateKeyMismatch` or `.emptyTrustBundle`.
    public init(certificateChainPEM: String, privateKeyPEM: String, trustBundlePEM: String) throws {
        let chainX509 = try Self.certificates(in: certificateChainPEM, what: "chain")
        guard let leaf = chainX509.first else { throw MeshTLSError.emptyCertificateChain }
        let anchors = try Self.certificates(in: trustBundlePEM, what: "CA bundle")
        guard !anchors.isEmpty else { throw MeshTLSError.emptyTrustBundle }

        let key: Certificate.PrivateKey
        do {
            key = try Certificate.PrivateKey(pemEncoded: privateKeyPEM)
        } catch {
            throw MeshTLSError.invalidPrivateKey(reason: String(describing: error))
        }
        guard key.publicKey == leaf.publicKey else { throw MeshTLSError.privateKeyMismatch }

        self.certificateChainPEM = certificateChainPEM
        self.privateKeyPEM = privateKeyPEM
        self.trustBundlePEM = trustBundlePEM
        self.leaf = leaf
        self.intermediates = Array(chainX509.dropFirst())
        self.trustAnchors = anchors
        self.chain = try Self.nioCertificates(chainX509, what: "chain")
        self.trustRoots = try Self.nioCertificates(anchors, what: "CA bundle")
        do {
            self.privateKey = try NIOSSLPrivateKey(bytes: Array(privateKeyPEM.utf8), format: .pem)
        } catch {
            throw MeshTLSError.invalidPrivateKey(reason: "rejected by BoringSSL: \(error)")
        }
    }

    /// Credentials from the controller's bundle and the key the proxy generated itself.
    public init(bundle: CertificateBundle, privateKeyPEM: String) throws {
        try self.init(
            certificateChainPEM: bundle.certificateChainPEM, privateKeyPEM: privateKeyPEM,
            trustBundlePEM: bundle.trustBundlePEM)
    }

    /// Credentials from a MeshPKI-issued certificate and key plus a CA bundle.
    public init(credential: PEMCredential, trustBundlePEM: String) throws {
        try self.init(
            certificateChainPEM: credential.certificatePEM, privateKeyPEM: credential.privateKeyPEM,
            trustBundlePEM: trustBundlePEM)
    }

    /// The leaf's SPIFFE IDs (URI SANs with the `spiffe` scheme); a mesh certificate has one.
    public var spiffeIDs: [String] { SPIFFE.ids(in: leaf) }

    /// The leaf's own identity in `trustDomain`, when it carries exactly one matching SPIFFE ID.
    public func identity(trustDomain: String) -> ServiceIdentity? {
        SPIFFE.identity(of: leaf, trustDomain: trustDomain)
    }

    /// When the leaf stops being valid.
    public var notValidAfter: Date { leaf.notValidAfter }

    /// Every CERTIFICATE block of a PEM text, parsed.
    private static func certificates(in pem: String, what: String) throws -> [Certificate] {
        let documents: [PEMDocument]
        do {
            documents = try PEMDocument.parseMultiple(pemString: pem)
        } catch {
            throw MeshTLSError.invalidCertificate(what: what, index: 0, reason: "malformed PEM: \(error)")
        }
        var result: [Certificate] = []
        for (index, document) in documents.enumerated() where document.discriminator == "CERTIFICATE" {
            do {
                result.append(try Certificate(derEncoded: document.derBytes))
            } catch {
                throw MeshTLSError.invalidCertificate(what: what, index: index, reason: String(describing: error))
            }
        }
        return result
    }

    /// The NIOSSL form of parsed certificates, via their DER bytes.
    private static func nioCertificates(_ certificates: [Certificate], what: String) throws -> [NIOSSLCertificate] {
        try certificates.enumerated().map { index, certificate in
            do {
                var serializer = DER.Serializer()
                try serializer.serialize(certificate)
                return try NIOSSLCertificate(bytes: serializer.serializedBytes, format: .der)
            } catch {
                throw MeshTLSError.invalidCertificate(what: what, index: index, reason: "rejected by BoringSSL: \(error)")
            }
        }
    }
}
