// Workload certificates: the controller signs a proxy's own key (its CSR) for the identity the
// proxy proved with its bootstrap certificate, with MeshConfig's validity.
import Foundation
import MeshPKI
import MeshProtocol

/// Signs workload certificates with the mesh CA.
public struct CertificateIssuer: Sendable {
    let ca: CertificateAuthority
    let trustDomain: String

    /// An issuer for `ca` in `trustDomain`.
    public init(ca: CertificateAuthority, trustDomain: String = "cluster.local") {
        self.ca = ca
        self.trustDomain = trustDomain
    }

    /// The chain (leaf) and trust bundle for `identity`'s key in `csrPEM`, valid `seconds`.
    public func issue(identity: ServiceIdentity, csrPEM: String, validFor seconds: Double) throws -> CertificateBundle {
        let leaf = try ca.sign(csrPEM: csrPEM, names: MeshCertificateAuthority.names(identity, trustDomain: trustDomain), validFor: seconds)
        return CertificateBundle(certificateChainPEM: leaf, trustBundlePEM: try ca.certificatePEM())
    }
}
