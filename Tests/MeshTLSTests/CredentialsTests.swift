// Loading credentials: what parses, what fails with which error, and SPIFFE ID parsing.
import MeshTestSupport
import MeshPKI
import MeshProtocol
import MeshTLS
import Testing

@Suite("MeshCredentials and SPIFFE IDs")
struct CredentialsTests {
    @Test("issued credentials parse into both forms, with the identity of the SPIFFE ID")
    func parses() throws {
        let credentials = try TestPKI.credentials(TestPKI.curl)
        #expect(credentials.chain.count == 1)
        #expect(credentials.trustRoots.count == 1)
        #expect(credentials.trustAnchors == [TestPKI.meshCA.certificate])
        #expect(credentials.intermediates.isEmpty)
        #expect(credentials.spiffeIDs == ["spiffe://cluster.local/ns/curl/sa/curl"])
        #expect(credentials.identity(trustDomain: "cluster.local") == TestPKI.curl)
        #expect(credentials.identity(trustDomain: "other.domain") == nil)
    }

    @Test("the controller's CertificateBundle plus the proxy's own key")
    func fromBundle() throws {
        let issued = try TestPKI.meshCA.issue(TestPKI.names(TestPKI.tcpEcho), validFor: 3600)
        let bundle = CertificateBundle(certificateChainPEM: issued.certificatePEM, trustBundlePEM: try TestPKI.meshCA.certificatePEM())
        let credentials = try MeshCredentials(bundle: bundle, privateKeyPEM: issued.privateKeyPEM)
        #expect(credentials.identity(trustDomain: "cluster.local") == TestPKI.tcpEcho)
    }

    @Test("broken inputs fail with the error naming the part")
    func errors() throws {
        let issued = try TestPKI.meshCA.issue(TestPKI.names(TestPKI.curl), validFor: 3600)
        let other = try TestPKI.meshCA.issue(TestPKI.names(TestPKI.curl), validFor: 3600)
        let ca = try TestPKI.meshCA.certificatePEM()
        let garbage = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"

        #expect(throws: MeshTLSError.emptyCertificateChain) {
            try MeshCredentials(certificateChainPEM: "", privateKeyPEM: issued.privateKeyPEM, trustBundlePEM: ca)
        }
        #expect(throws: MeshTLSError.emptyTrustBundle) {
            try MeshCredentials(certificateChainPEM: issued.certificatePEM, privateKeyPEM: issued.privateKeyPEM, trustBundlePEM: "")
        }
        #expect(throws: MeshTLSError.privateKeyMismatch) {
            try MeshCredentials(certificateChainPEM: issued.certificatePEM, privateKeyPEM: other.privateKeyPEM, trustBundlePEM: ca)
        }
        let badCertificate = #expect(throws: MeshTLSError.self) {
            try MeshCredentials(certificateChainPEM: garbage, privateKeyPEM: issued.privateKeyPEM, trustBundlePEM: ca)
        }
        guard case .invalidCertificate(let what, let index, _) = badCertificate else {
            Issue.record("expected invalidCertificate, got \(String(describing: badCertificate))")
            return
        }
        #expect(what == "chain" && index == 0)
        let badKey = #expect(throws: MeshTLSError.self) {
            try MeshCredentials(certificateChainPEM: issued.certificatePEM, privateKeyPEM: "not a key", trustBundlePEM: ca)
        }
        #expect(badKey?.description.hasPrefix("private key PEM is not a valid") == true)
    }

    @Test("SPIFFE IDs parse only in the mesh shape and trust domain")
    func spiffeParsing() {
        #expect(ServiceIdentity(spiffeID: "spiffe://cluster.local/ns/curl/sa/curl", trustDomain: "cluster.local") == TestPKI.curl)
        #expect(ServiceIdentity(spiffeID: "spiffe://cluster.local/ns/a/sa/b.c", trustDomain: "cluster.local")
            == ServiceIdentity(serviceAccount: "b.c", namespace: "a"))
        #expect(ServiceIdentity(spiffeID: "spiffe://evil.local/ns/curl/sa/curl", trustDomain: "cluster.local") == nil)
        #expect(ServiceIdentity(spiffeID: "spiffe://cluster.local/curl/curl", trustDomain: "cluster.local") == nil)
        #expect(ServiceIdentity(spiffeID: "spiffe://cluster.local/ns/curl/sa/", trustDomain: "cluster.local") == nil)
        #expect(ServiceIdentity(spiffeID: "spiffe://cluster.local/ns/curl/sa/curl/x", trustDomain: "cluster.local") == nil)
        #expect(ServiceIdentity(spiffeID: "https://cluster.local/ns/curl/sa/curl", trustDomain: "cluster.local") == nil)
    }
}
