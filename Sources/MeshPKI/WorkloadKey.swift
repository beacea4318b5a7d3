// Workload keys that never leave the pod: the sidecar makes its own P-256 key and a signing
// request; the CA signs the request's public key for the identity the requester proved (whatever
// names the request itself asks for are ignored), after checking the request's signature.
import Crypto
import Foundation
import SwiftASN1
import X509

/// A private key made by the workload, and its signing request.
public struct WorkloadKey: Sendable {
    /// The private key, PEM (stays in the process that made it).
    public let privateKeyPEM: String
    /// The signing request for it, PEM.
    public let csrPEM: String

    /// A new key and a request naming `commonName`.
    public static func create(commonName: String) throws -> WorkloadKey {
        let key = P256.Signing.PrivateKey()
        let csr = try CertificateSigningRequest(
            version: .v1, subject: try DistinguishedName { CommonName(commonName) }, privateKey: .init(key),
            attributes: CertificateSigningRequest.Attributes(), signatureAlgorithm: .ecdsaWithSHA256)
        return WorkloadKey(privateKeyPEM: key.pemRepresentation, csrPEM: try csr.serializeAsPEM().pemString)
    }
}

extension CertificateAuthority {
    /// A certificate (PEM) for the public key of `csrPEM`, with `names`; refuses a request whose
    /// signature does not verify (its maker does not hold the key).
    public func sign(csrPEM: String, names: LeafNames, validFor seconds: Double) throws -> String {
        let csr: CertificateSigningRequest
        do { csr = try CertificateSigningRequest(pemEncoded: csrPEM) } catch {
            throw PKIError(message: "the certificate signing request cannot be read: \(error)")
        }
        guard csr.publicKey.isValidSignature(csr.signature, for: csr) else {
            throw PKIError(message: "the certificate signing request's signature does not verify")
        }
        return try issueCertificate(names, publicKey: csr.publicKey, validFor: seconds).serializeAsPEM().pemString
    }
}
