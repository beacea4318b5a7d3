// Verifies the peer of a mesh connection. A custom NIOSSL verification callback replaces all of
// BoringSSL's chain checks, so this does them itself: an RFC 5280 path from the presented leaf
// (and intermediates) to the mesh CA bundle with swift-certificates' Verifier, then the leaf's
// SPIFFE ID against an allow-list. The validated chain goes back to NIOSSL as metadata.
import Foundation
import MeshProtocol
import NIOCore
import NIOSSL
import SwiftASN1
import X509

/// Which peer identities a handshake accepts.
public enum AllowedPeers: Sendable, Hashable {
    /// Any identity of the mesh's trust domain (inbound: authorization per port comes later).
    case anyMeshIdentity
    /// Only these identities (outbound: the ServiceAccounts backing the target service).
    case identities(Set<ServiceIdentity>)

    /// Whether `identity` is accepted.
    public func allows(_ identity: ServiceIdentity) -> Bool {
        switch self {
        case .anyMeshIdentity: true
        case .identities(let allowed): allowed.contains(identity)
        }
    }
}

/// The outcome of verifying a presented chain.
public enum PeerVerdict: Sendable, Hashable {
    /// The chain leads to the mesh CA and its leaf names an allowed identity.
    case verified(identity: ServiceIdentity, spiffeID: String, chain: [Certificate])
    /// The peer is refused; `reason` is short and loggable ("unknown CA", "identity not allowed: …").
    case rejected(reason: String)
}

/// Checks peers against the trust bundle of a `CredentialStore`; one per proxy, shared by all
/// connections (it caches validated chains).
public final class PeerVerifier: Sendable {
    /// Where the trust bundle comes from (read at every verification, so CA rotation applies).
    public let store: CredentialStore
    /// The trust domain of accepted SPIFFE IDs.
    public let trustDomain: String
    let cache: VerifiedChainCache

    /// A verifier for `store`'s CA bundle and `trustDomain`, caching up to `cacheLimit` chains.
    public init(store: CredentialStore, trustDomain: String = "cluster.local", cacheLimit: Int = 1024) {
        self.store = store
        self.trustDomain = trustDomain
        self.cache = VerifiedChainCache(limit: cacheLimit)
    }

    /// Verifies a chain as presented in a handshake (leaf first).
    public func verify(_ presented: [NIOSSLCertificate], allowing allowed: AllowedPeers) async -> PeerVerdict {
        switch await validate(presented) {
        case .success(let chain): verdict(for: chain, allowing: allowed)
        case .failure(let rejection): .rejected(reason: rejection.reason)
        }
    }

    /// A NIOSSL callback that verifies the peer, reports the verdict to `report` (before the
    /// handshake resumes) and hands NIOSSL the validated chain.
    public func callback(
        allowing allowed: AllowedPeers,
        report: @escaping @Sendable (PeerVerdict) -> Void = { _ in }
    ) -> NIOSSLCustomVerificationCallbackWithMetadata {
        { [self] presented, promise in
            let finish: @Sendable (Result<VerifiedChain, Rejection>) -> NIOSSLVerificationResultWithMetadata = {
                [self] result in
                switch result {
                case .success(let chain):
                    let verdict = self.verdict(for: chain, allowing: allowed)
                    report(verdict)
                    guard case .verified = verdict else { return .failed }
                    return .certificateVerified(VerificationMetadata(NIOSSL.ValidatedCertificateChain(chain.nioCertificates)))
                case .failure(let rejection):
                    report(.rejected(reason: rejection.reason))
                    return .failed
                }
            }
            if let hit = cachedChain(presented) {
                promise.succeed(finish(.success(hit)))
            } else {
                promise.completeWithTask { finish(await self.validate(presented)) }
            }
        }
    }

    /// Why a chain failed validation.
    struct Rejection: Error {
        var reason: String
    }

    /// The identity check on a validated chain.
    func verdict(for chain: VerifiedChain, allowing allowed: AllowedPeers) -> PeerVerdict {
        let leaf = chain.certificates[0]
        let ids = SPIFFE.ids(in: leaf)
        guard ids.count == 1 else {
            return .rejected(reason: ids.isEmpty ? "peer certificate has no SPIFFE ID" : "peer certificate has \(ids.count) SPIFFE IDs")
        }
        guard let identity = ServiceIdentity(spiffeID: ids[0], trustDomain: trustDomain) else {
            return .rejected(reason: "not a mesh SPIFFE ID of trust domain \(trustDomain): \(ids[0])")
        }
        guard allowed.allows(identity) else { return .rejected(reason: "identity not allowed: \(ids[0])") }
        return .verified(identity: identity, spiffeID: ids[0], chain: chain.certificates)
    }

    /// A remembered validation of exactly these certificates, if still good.
    private func cachedChain(_ presented: [NIOSSLCertificate]) -> VerifiedChain? {
        guard let key = try? presented.map({ try $0.toDERBytes() }) else { return nil }
        return cache.lookup(key, generation: store.generation, now: Date())
    }

    /// RFC 5280 validation of the presented chain to the store's current CA bundle.
    func validate(_ presented: [NIOSSLCertificate]) async -> Result<VerifiedChain, Rejection> {
        guard !presented.isEmpty else { return .failure(Rejection(reason: "peer presented no certificate")) }
        let now = Date()
        let generation = store.generation
        let key: [[UInt8]]
        let parsed: [Certificate]
        do {
            key = try presented.map { try $0.toDERBytes() }
            parsed = try key.map { try Certificate(derEncoded: $0) }
        } catch {
            return .failure(Rejection(reason: "peer certificate is not valid X.509"))
        }
        if let hit = cache.lookup(key, generation: generation, now: now) { return .success(hit) }

        let leaf = parsed[0]
        if now > leaf.notValidAfter { return .failure(Rejection(reason: "peer certificate expired")) }
        if now < leaf.notValidBefore { return .failure(Rejection(reason: "peer certificate not yet valid")) }

        let roots = CertificateStore(store.credentials.trustAnchors)
        var verifier = Verifier(rootCertificates: roots) { RFC5280Policy() }
        let result = await verifier.validate(leaf: leaf, intermediates: CertificateStore(parsed.dropFirst()))
        switch result {
        case .couldNotValidate(let failures):
            guard let first = failures.first else { return .failure(Rejection(reason: "unknown CA")) }
            return .failure(Rejection(reason: "untrusted chain: \(first.policyFailureReason)"))
        case .validCertificate(let validated):
            let certificates = Array(validated)
            let nio: [NIOSSLCertificate]
            do {
                nio = try certificates.map { certificate in
                    var serializer = DER.Serializer()
                    try serializer.serialize(certificate)
                    return try NIOSSLCertificate(bytes: serializer.serializedBytes, format: .der)
                }
            } catch {
                return .failure(Rejection(reason: "validated chain could not be re-encoded"))
            }
            let expires = certificates.map(\.notValidAfter).min() ?? leaf.notValidAfter
            let chain = VerifiedChain(certificates: certificates, nioCertificates: nio, expires: expires)
            cache.store(key, chain, generation: generation, now: now)
            return .success(chain)
        }
    }
}
