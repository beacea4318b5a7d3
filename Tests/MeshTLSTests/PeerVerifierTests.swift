// PeerVerifier without sockets: the verdicts on presented chains, and its cache of validated
// chains (kept per trust generation, so a rotation empties it).
@testable import MeshTLS
import MeshTestSupport
import MeshPKI
import MeshProtocol
import NIOSSL
import Testing

@Suite("PeerVerifier")
struct PeerVerifierTests {
    let verifier: PeerVerifier

    init() throws {
        verifier = PeerVerifier(store: try CredentialStore(TestPKI.credentials(TestPKI.tcpEcho)))
    }

    @Test("an allowed mesh identity is verified with its chain to the CA")
    func verified() async throws {
        let peer = try TestPKI.credentials(TestPKI.curl)
        let verdict = await verifier.verify(peer.chain, allowing: .identities([TestPKI.curl]))
        #expect(verdict == .verified(
            identity: TestPKI.curl, spiffeID: "spiffe://cluster.local/ns/curl/sa/curl",
            chain: [peer.leaf, TestPKI.meshCA.certificate]))
        #expect(await verifier.verify(peer.chain, allowing: .anyMeshIdentity) != .rejected(reason: ""))
    }

    @Test("refusals carry short reasons")
    func reasons() async throws {
        let curl = try TestPKI.credentials(TestPKI.curl)
        #expect(await verifier.verify(curl.chain, allowing: .identities([TestPKI.tcpEcho]))
            == .rejected(reason: "identity not allowed: spiffe://cluster.local/ns/curl/sa/curl"))
        let foreign = try TestPKI.credentials(TestPKI.curl, issuer: TestPKI.foreignCA)
        #expect(await verifier.verify(foreign.chain, allowing: .anyMeshIdentity) == .rejected(reason: "unknown CA"))
        let expired = try TestPKI.credentials(TestPKI.curl, validFor: -60)
        #expect(await verifier.verify(expired.chain, allowing: .anyMeshIdentity) == .rejected(reason: "peer certificate expired"))
        let noSPIFFE = try TestPKI.credentials(LeafNames(commonName: "curl.curl.cluster.local", dnsNames: ["curl.curl.cluster.local"]))
        #expect(await verifier.verify(noSPIFFE.chain, allowing: .anyMeshIdentity) == .rejected(reason: "peer certificate has no SPIFFE ID"))
        let otherDomain = try TestPKI.credentials(LeafNames(commonName: "x", uris: ["spiffe://elsewhere/ns/curl/sa/curl"]))
        #expect(await verifier.verify(otherDomain.chain, allowing: .anyMeshIdentity)
            == .rejected(reason: "not a mesh SPIFFE ID of trust domain cluster.local: spiffe://elsewhere/ns/curl/sa/curl"))
        #expect(await verifier.verify([], allowing: .anyMeshIdentity) == .rejected(reason: "peer presented no certificate"))
    }

    @Test("validated chains are cached until the store rotates")
    func cache() async throws {
        let curl = try TestPKI.credentials(TestPKI.curl)
        #expect(verifier.cache.count == 0)
        _ = await verifier.verify(curl.chain, allowing: .anyMeshIdentity)
        _ = await verifier.verify(curl.chain, allowing: .identities([TestPKI.curl]))
        #expect(verifier.cache.count == 1)
        let foreign = try TestPKI.credentials(TestPKI.curl, issuer: TestPKI.foreignCA)
        _ = await verifier.verify(foreign.chain, allowing: .anyMeshIdentity)
        #expect(verifier.cache.count == 1)

        try verifier.store.replace(try TestPKI.credentials(TestPKI.tcpEcho))
        let key = try curl.chain.map { try $0.toDERBytes() }
        #expect(verifier.cache.lookup(key, generation: verifier.store.generation, now: .now) == nil)
        #expect(await verifier.verify(curl.chain, allowing: .anyMeshIdentity) != .rejected(reason: "unknown CA"))
        #expect(verifier.cache.count == 1)
    }
}
