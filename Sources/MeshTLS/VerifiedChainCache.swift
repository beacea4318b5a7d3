// Remembers chains that already passed chain validation, keyed by the exact DER bytes the peer
// presented, so repeated connections from the same peer skip the RFC 5280 path building.
// Only successes are kept; the cache empties itself whenever the store's credentials (and so
// possibly its CA bundle) are replaced.
import Foundation
import NIOSSL
import Synchronization
import X509

/// A chain that passed validation, in both forms, and until when that verdict holds.
struct VerifiedChain: Sendable {
    /// The validated chain, leaf first, ending at a trust anchor.
    var certificates: [Certificate]
    /// The same chain for NIOSSL's verification metadata.
    var nioCertificates: [NIOSSLCertificate]
    /// The earliest `notValidAfter` in the chain.
    var expires: Date
}

/// A bounded map from presented chains to validated ones, for one credential generation.
final class VerifiedChainCache: Sendable {
    private struct State {
        var generation: UInt64 = 0
        var entries: [[[UInt8]]: VerifiedChain] = [:]
    }

    private let state = Mutex(State())
    /// At most this many chains are kept; a full cache drops its expired entries, then all.
    let limit: Int

    init(limit: Int) { self.limit = limit }

    /// The remembered verdict for `presented`, if it is for this trust generation and not expired.
    func lookup(_ presented: [[UInt8]], generation: UInt64, now: Date) -> VerifiedChain? {
        state.withLock { state in
            guard state.generation == generation, let hit = state.entries[presented] else { return nil }
            guard now < hit.expires else {
                state.entries[presented] = nil
                return nil
            }
            return hit
        }
    }

    /// Remembers that `presented` validated to `chain` under trust generation `generation`.
    func store(_ presented: [[UInt8]], _ chain: VerifiedChain, generation: UInt64, now: Date) {
        guard limit > 0 else { return }
        state.withLock { state in
            if state.generation != generation {
                state = State(generation: generation)
            }
            if state.entries.count >= limit {
                state.entries = state.entries.filter { now < $0.value.expires }
                if state.entries.count >= limit { state.entries.removeAll(keepingCapacity: true) }
            }
            state.entries[presented] = chain
        }
    }

    /// How many chains are remembered.
    var count: Int { state.withLock { $0.entries.count } }
}
