// Workload certificates: the proxy's own key signed for its proven identity (never the names the
// request asks for), a forged request refused, renewal at two thirds of the validity.
import Foundation
import MeshController
import MeshPKI
import MeshProtocol
import MeshTestSupport
import MeshTLS
import Testing

@Suite("Workload certificates")
struct WorkloadCertificateTests {
    let curl = ServiceIdentity(serviceAccount: "curl", namespace: "curl")

    @Test func theProxysKeyIsSignedForItsProvenIdentity() throws {
        let key = try WorkloadKey.create(commonName: "admin.kube-system.cluster.local")  // asks for another name
        let bundle = try CertificateIssuer(ca: TestPKI.meshCA).issue(identity: curl, csrPEM: key.csrPEM, validFor: 3600)
        let credentials = try MeshCredentials(bundle: bundle, privateKeyPEM: key.privateKeyPEM)
        #expect(credentials.identity(trustDomain: "cluster.local") == curl, "the proven identity, not the requested name")
        let other = try WorkloadKey.create(commonName: "x")
        #expect(throws: (any Error).self, "a certificate for one key does not fit another") {
            try MeshCredentials(bundle: bundle, privateKeyPEM: other.privateKeyPEM)
        }
        // A request whose signature does not verify (its body altered) is refused.
        var lines = key.csrPEM.split(separator: "\n").map(String.init)
        var body = Array(lines[2].utf8)
        body[10] = body[10] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        lines[2] = String(decoding: body, as: UTF8.self)
        #expect(throws: (any Error).self) {
            try CertificateIssuer(ca: TestPKI.meshCA).issue(identity: curl, csrPEM: lines.joined(separator: "\n"), validFor: 3600)
        }
    }

    @Test func configsCarryTheCertificateAndRenewalsArePushed() async throws {
        let registry = ProxyRegistry(issuer: CertificateIssuer(ca: TestPKI.meshCA))
        await registry.update(Fixtures.snapshot(permissive: true))
        let inbox = Inbox()
        let key = try WorkloadKey.create(commonName: "curl")
        _ = try await registry.register(namespace: "curl", pod: "curl-1", identity: curl, csr: key.csrPEM, send: inbox.send).get()
        let first = try #require(inbox.configs.first?.certificates)
        #expect(try MeshCredentials(bundle: first, privateKeyPEM: key.privateKeyPEM).identity(trustDomain: "cluster.local") == curl)
        #expect(await registry.renewDue() == 0, "nothing is due yet")
        #expect(await registry.renewDue(now: .now + .seconds(86400 * 2 / 3 + 1)) == 1, "due at two thirds of 24 h")
        let renewed = try #require(inbox.configs.last?.certificates)
        #expect(inbox.configs.count == 2 && renewed.certificateChainPEM != first.certificateChainPEM)
        #expect(throws: Never.self) { try MeshCredentials(bundle: renewed, privateKeyPEM: key.privateKeyPEM) }
        let refused = await registry.register(namespace: "curl", pod: "curl-1", identity: curl, csr: "not a request", send: Inbox().send)
        guard case .failure(let why) = refused else { Issue.record("a bad request is refused"); return }
        #expect(why.description.contains("cannot sign the proxy's certificate"))
    }
}
