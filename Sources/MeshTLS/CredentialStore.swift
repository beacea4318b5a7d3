// The proxy's current credentials, replaceable at runtime. New handshakes use the newest
// certificate; connections already established keep the one they negotiated.
// Server side: one long-lived context whose per-handshake callback (sslContextCallback) swaps
// in the current chain and key. Client side: a fresh client context per rotation.
import MeshProtocol
import NIOCore
import NIOSSL
import Synchronization

/// The current credentials and the contexts built from them; safe to use from any thread.
public final class CredentialStore: Sendable {
    /// Credentials and their generation, shared with the server context's callback (which must
    /// not hold the store itself: the store holds the context).
    private let current: CurrentCredentials
    /// The contexts and settings, read on every connection.
    private let state: Mutex<State>
    /// Serialises writers, so building a context happens outside `state`'s lock.
    private let writer = Mutex(())

    private struct State {
        var tls: TLSSettings
        var serverContext: NIOSSLContext
        var clientContext: NIOSSLContext
    }

    /// A store with initial credentials and TLS settings.
    ///
    /// - Throws: `MeshTLSError.invalidTLSSettings` when the settings cannot make a context.
    public init(_ credentials: MeshCredentials, tls: TLSSettings = TLSSettings()) throws {
        current = CurrentCredentials(credentials)
        let server = try Self.makeServerContext(current, tls: tls)
        let client = try MeshTLSContexts.client(credentials: credentials, tls: tls)
        state = Mutex(State(tls: tls, serverContext: server, clientContext: client))
    }

    /// The credentials new handshakes use.
    public var credentials: MeshCredentials { current.snapshot.credentials }

    /// How many times the credentials were replaced (0 for the initial ones).
    public var generation: UInt64 { current.snapshot.generation }

    /// The TLS settings the contexts were built with.
    public var tls: TLSSettings { state.withLock { $0.tls } }

    /// The context for accepted mesh connections; stays the same across certificate rotations.
    public var serverContext: NIOSSLContext { state.withLock { $0.serverContext } }

    /// The context for outgoing mesh connections; a new one after every rotation, so take it
    /// per connection rather than keeping it.
    public var clientContext: NIOSSLContext { state.withLock { $0.clientContext } }

    /// Makes `credentials` current for every handshake that starts from now on; established
    /// connections keep what they negotiated. Their CA bundle takes effect at once for
    /// `PeerVerifier` (which reads it per handshake).
    ///
    /// On failure nothing changes and the old credentials stay in use.
    public func replace(_ credentials: MeshCredentials) throws {
        try writer.withLock { _ in
            let client = try MeshTLSContexts.client(credentials: credentials, tls: tls)
            state.withLock { $0.clientContext = client }
            current.set(credentials)
        }
    }

    /// Switches both contexts to new TLS settings (a MeshConfig change) for new handshakes.
    public func update(tls: TLSSettings) throws {
        try writer.withLock { _ in
            let server = try Self.makeServerContext(current, tls: tls)
            let client = try MeshTLSContexts.client(credentials: current.snapshot.credentials, tls: tls)
            state.withLock { $0 = State(tls: tls, serverContext: server, clientContext: client) }
        }
    }

    /// A server context built from the current credentials whose callback hands each new
    /// handshake the credentials current at that moment, if they changed since the build.
    private static func makeServerContext(_ current: CurrentCredentials, tls: TLSSettings) throws -> NIOSSLContext {
        let base = current.snapshot
        var configuration = try MeshTLSContexts.serverConfiguration(credentials: base.credentials, tls: tls)
        configuration.sslContextCallback = { _, promise in
            let now = current.snapshot
            guard now.generation != base.generation else {
                promise.succeed(.noChanges)
                return
            }
            var change = NIOSSLContextConfigurationOverride()
            change.certificateChain = now.credentials.chain.map { .certificate($0) }
            change.privateKey = .privateKey(now.credentials.privateKey)
            promise.succeed(change)
        }
        return try MeshTLSContexts.context(configuration)
    }
}

/// Credentials with a generation number, behind a lock.
final class CurrentCredentials: Sendable {
    private let value: Mutex<(credentials: MeshCredentials, generation: UInt64)>

    init(_ credentials: MeshCredentials) { value = Mutex((credentials, 0)) }

    /// The credentials and their generation, read together.
    var snapshot: (credentials: MeshCredentials, generation: UInt64) { value.withLock { $0 } }

    /// Replaces the credentials and bumps the generation.
    func set(_ credentials: MeshCredentials) {
        value.withLock { $0 = (credentials, $0.generation + 1) }
    }
}
