// SPIFFE IDs in mesh certificates: `spiffe://<trust domain>/ns/<namespace>/sa/<serviceaccount>`,
// carried as the leaf's URI SAN, and the ServiceIdentity they name.
import MeshProtocol
import X509

/// Reading SPIFFE IDs out of certificates.
public enum SPIFFE {
    /// The URI scheme prefix of a SPIFFE ID.
    public static let scheme = "spiffe://"

    /// Every URI SAN of `certificate` with the `spiffe` scheme, in certificate order.
    public static func ids(in certificate: Certificate) -> [String] {
        guard let names = try? certificate.extensions.subjectAlternativeNames else { return [] }
        return names.compactMap { name in
            if case .uniformResourceIdentifier(let uri) = name, uri.hasPrefix(scheme) { return uri }
            return nil
        }
    }

    /// The identity of a certificate that carries exactly one SPIFFE ID, in `trustDomain`.
    ///
    /// A certificate with several SPIFFE IDs names no identity (an X.509-SVID has exactly one).
    public static func identity(of certificate: Certificate, trustDomain: String) -> ServiceIdentity? {
        let found = ids(in: certificate)
        guard found.count == 1 else { return nil }
        return ServiceIdentity(spiffeID: found[0], trustDomain: trustDomain)
    }
}

extension ServiceIdentity {
    /// Parses `spiffe://<trustDomain>/ns/<ns>/sa/<sa>`; nil for any other shape or trust domain.
    public init?(spiffeID: String, trustDomain: String) {
        let prefix = SPIFFE.scheme + trustDomain + "/"
        guard spiffeID.hasPrefix(prefix) else { return nil }
        let parts = spiffeID.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "ns", parts[2] == "sa", !parts[1].isEmpty, !parts[3].isEmpty
        else { return nil }
        self.init(serviceAccount: String(parts[3]), namespace: String(parts[1]))
    }
}
