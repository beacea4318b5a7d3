// MeshTestSupport: for tests only. Certificates for the tests: a mesh CA, a foreign CA, and mesh credentials for the TCP demo's
// identities, issued the way the controller issues them (CN/DNS principal, SPIFFE URI SAN).
import MeshPKI
import MeshProtocol
import MeshTLS

/// Test certificates: a mesh CA, a foreign CA, and the demo's identities.
public enum TestPKI {
    /// The trust domain.
    public static let trustDomain = "cluster.local"
    /// curl's identity.
    public static let curl = ServiceIdentity(serviceAccount: "curl", namespace: "curl")
    /// tcp-echo's identity.
    public static let tcpEcho = ServiceIdentity(serviceAccount: "tcp-echo", namespace: "tcp-demo")
    /// The tcp-echo Service.
    public static let echoService = ServiceRef(namespace: "tcp-demo", name: "tcp-echo")

    /// The mesh CA every test trusts.
    public static let meshCA = try! CertificateAuthority.create(commonName: "osm-ca.openservicemesh.io")
    /// A CA no mesh proxy trusts.
    public static let foreignCA = try! CertificateAuthority.create(commonName: "someone-else-ca")

    /// The names the controller puts in a proxy certificate for `identity`.
    public static func names(_ identity: ServiceIdentity) -> LeafNames {
        let principal = identity.principal(trustDomain: trustDomain)
        return LeafNames(commonName: principal, dnsNames: [principal], uris: [identity.spiffeID(trustDomain: trustDomain)])
    }

    /// Credentials for `identity` issued by `issuer`, trusting the mesh CA.
    public static func credentials(
        _ identity: ServiceIdentity, issuer: CertificateAuthority = meshCA, validFor seconds: Double = 3600
    ) throws -> MeshCredentials {
        try credentials(names(identity), issuer: issuer, validFor: seconds)
    }

    /// Credentials with arbitrary names issued by `issuer`, trusting the mesh CA.
    public static func credentials(_ names: LeafNames, issuer: CertificateAuthority = meshCA, validFor seconds: Double = 3600)
        throws -> MeshCredentials
    {
        let issued = try issuer.issue(names, validFor: seconds)
        return try MeshCredentials(credential: issued, trustBundlePEM: try meshCA.certificatePEM())
    }
}
