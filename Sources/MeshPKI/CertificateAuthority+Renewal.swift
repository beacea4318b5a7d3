// Whether a leaf certificate this CA issued must be issued again: it no longer parses, another
// CA signed it, it lacks a name it must carry, or it expires within the renewal window. The
// embedded cluster checks its serving certificate this way on every start.
import Crypto
import Foundation
import SwiftASN1
import X509

extension CertificateAuthority {
    /// Why `certificatePEM` should be replaced by a fresh certificate for `names`, or nil when it
    /// matches `keyPEM` (when given), is signed by this CA, carries every name, and is valid for more than `renewWithin` seconds
    /// after `now`.
    public func reissueReason(for certificatePEM: String, keyPEM: String? = nil, names: LeafNames, renewWithin: Double,
                              now: Date = Date()) -> String? {
        guard let leaf = try? Certificate(pemEncoded: certificatePEM) else { return "it cannot be read" }
        if let keyPEM {
            guard let key = try? P256.Signing.PrivateKey(pemRepresentation: keyPEM),
                  Certificate.PublicKey(key.publicKey) == leaf.publicKey else { return "it does not match its key" }
        }
        guard leaf.issuer == certificate.subject, certificate.publicKey.isValidSignature(leaf.signature, for: leaf) else {
            return "it was not signed by the cluster CA"
        }
        if leaf.notValidAfter <= now { return "it expired on \(Self.day(leaf.notValidAfter))" }
        if leaf.notValidAfter.timeIntervalSince(now) <= renewWithin { return "it expires on \(Self.day(leaf.notValidAfter))" }
        let missing = Set(names.dnsNames + names.ipAddresses).subtracting(Self.subjectAlternativeNames(of: leaf))
        if !missing.isEmpty { return "it lacks the names \(missing.sorted().joined(separator: ", "))" }
        return nil
    }

    /// The DNS names and IPv4 addresses a certificate is valid for, as text.
    static func subjectAlternativeNames(of leaf: Certificate) -> Set<String> {
        guard let sans = try? leaf.extensions.subjectAlternativeNames else { return [] }
        var names: Set<String> = []
        for name in sans {
            switch name {
            case .dnsName(let dns): names.insert(dns)
            case .ipAddress(let octets) where octets.bytes.count == 4: names.insert(octets.bytes.map(String.init).joined(separator: "."))
            default: break
            }
        }
        return names
    }

    /// A date as its UTC day, e.g. 2027-11-30.
    static func day(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }
}
