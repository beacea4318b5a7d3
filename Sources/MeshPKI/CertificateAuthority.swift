// MeshPKI: certificate authorities and certificates (ECDSA P-256) for the cluster and the mesh.
// Pure: builds and checks X.509 with swift-certificates; no networking.
import Crypto
import Foundation
import SwiftASN1
import X509

/// A failure creating or loading certificates.
public struct PKIError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    public var description: String { message }
}

/// A certificate with its private key, both PEM-encoded.
public struct PEMCredential: Sendable, Equatable {
    /// The certificate chain (leaf first), PEM.
    public var certificatePEM: String
    /// The private key, PKCS#8 PEM.
    public var privateKeyPEM: String
}

/// Where a leaf certificate may be used.
public struct LeafNames: Sendable {
    /// Subject common name.
    public var commonName: String
    /// DNS subject alternative names.
    public var dnsNames: [String]
    /// IPv4 subject alternative names (dotted quads).
    public var ipAddresses: [String]
    /// URI subject alternative names (e.g. SPIFFE IDs).
    public var uris: [String]

    /// Creates a set of names.
    public init(commonName: String, dnsNames: [String] = [], ipAddresses: [String] = [], uris: [String] = []) {
        self.commonName = commonName
        self.dnsNames = dnsNames
        self.ipAddresses = ipAddresses
        self.uris = uris
    }
}

/// An ECDSA P-256 certificate authority that issues leaf certificates.
public struct CertificateAuthority: Sendable {
    /// The CA certificate.
    public let certificate: Certificate
    private let key: P256.Signing.PrivateKey

    /// Creates a new self-signed root valid for `years`.
    public static func create(commonName: String, years: Int = 10) throws -> CertificateAuthority {
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName { CommonName(commonName) }
        let now = Date()
        let cert = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey),
            notValidBefore: now - 300, notValidAfter: now + Double(years) * 365 * 86_400,
            issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(digitalSignature: true, keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: .init(key.publicKey))
            },
            issuerPrivateKey: .init(key))
        return CertificateAuthority(certificate: cert, key: key)
    }

    /// Loads a CA from PEM.
    public init(certificatePEM: String, privateKeyPEM: String) throws {
        certificate = try Certificate(pemEncoded: certificatePEM)
        key = try P256.Signing.PrivateKey(pemRepresentation: privateKeyPEM)
    }

    private init(certificate: Certificate, key: P256.Signing.PrivateKey) {
        self.certificate = certificate
        self.key = key
    }

    /// The CA's own credential (certificate and key), PEM.
    public func credential() throws -> PEMCredential {
        PEMCredential(certificatePEM: try certificate.serializeAsPEM().pemString, privateKeyPEM: key.pemRepresentation)
    }

    /// The CA certificate, PEM.
    public func certificatePEM() throws -> String { try certificate.serializeAsPEM().pemString }

    /// Issues a leaf certificate with a fresh key for server and client authentication.
    public func issue(_ names: LeafNames, validFor seconds: Double) throws -> PEMCredential {
        let leafKey = P256.Signing.PrivateKey()
        let cert = try issueCertificate(names, publicKey: .init(leafKey.publicKey), validFor: seconds)
        return PEMCredential(certificatePEM: try cert.serializeAsPEM().pemString, privateKeyPEM: leafKey.pemRepresentation)
    }

    /// Signs a certificate for a public key held elsewhere.
    public func issueCertificate(_ names: LeafNames, publicKey: Certificate.PublicKey, validFor seconds: Double) throws -> Certificate {
        let now = Date()
        var sans: [GeneralName] = names.dnsNames.map { .dnsName($0) }
        for ip in names.ipAddresses {
            let octets = ip.split(separator: ".").compactMap { UInt8($0) }
            guard octets.count == 4 else { throw PKIError(message: "invalid IPv4 address \(ip)") }
            sans.append(.ipAddress(ASN1OctetString(contentBytes: ArraySlice(octets))))
        }
        sans += names.uris.map { .uniformResourceIdentifier($0) }
        return try Certificate(
            version: .v3, serialNumber: .init(), publicKey: publicKey,
            notValidBefore: now - 300, notValidAfter: now + seconds,
            issuer: certificate.subject, subject: try DistinguishedName { CommonName(names.commonName) },
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth, .clientAuth])
                if !sans.isEmpty { SubjectAlternativeNames(sans) }
            },
            issuerPrivateKey: .init(key))
    }
}
