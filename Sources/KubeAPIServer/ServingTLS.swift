// The API server's TLS: a serving certificate that can be replaced while the server runs. Each new
// connection takes the context current when it is accepted, so a renewed certificate reaches every
// client that connects after the swap while open connections (watches, exec sessions) carry on.
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOSSL
import Synchronization

/// The serving certificate and key, replaceable at run time.
public final class ServingTLS: Sendable {
    private let current: Mutex<(context: NIOSSLContext, certificatePEM: String)>

    /// TLS with this certificate chain and key (PEM); ALPN http/1.1.
    public init(certificatePEM: String, keyPEM: String) throws {
        current = Mutex((try Self.context(certificatePEM: certificatePEM, keyPEM: keyPEM), certificatePEM))
    }

    /// The context new connections use.
    var context: NIOSSLContext { current.withLock { $0.context } }

    /// The certificate chain being served, PEM.
    public var certificatePEM: String { current.withLock { $0.certificatePEM } }

    /// Serves this certificate chain and key to connections accepted from now on; a chain or key
    /// that cannot be loaded throws and leaves the served one in place.
    public func replace(certificatePEM: String, keyPEM: String) throws {
        let context = try Self.context(certificatePEM: certificatePEM, keyPEM: keyPEM)
        current.withLock { $0 = (context, certificatePEM) }
    }

    private static func context(certificatePEM: String, keyPEM: String) throws -> NIOSSLContext {
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMBytes(Array(certificatePEM.utf8)).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(keyPEM.utf8), format: .pem)))
        tls.applicationProtocols = ["http/1.1"]
        return try NIOSSLContext(configuration: tls)
    }
}

/// A child channel that speaks TLS with the context `ServingTLS` holds when the connection is accepted.
struct ReloadableTLSChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value
    let base: Base
    let tls: ServingTLS

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls.context))
        }.flatMap {
            base.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}
