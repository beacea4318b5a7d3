// Short, stable explanations of failed mesh handshakes for logs and per-reason counters,
// read out of NIOSSL's errors (BoringSSL reason codes such as PEER_DID_NOT_RETURN_A_CERTIFICATE).
import NIOCore
import NIOSSL

/// A few words saying why a handshake failed, e.g. "client presented no certificate",
/// "unknown CA", "identity not allowed: spiffe://…", "TLS version not allowed", "ALPN mismatch".
///
/// Verification verdicts (unknown CA, identity not allowed) are only known to the side that
/// verified; `MeshHandshakeHandler` reports those. Here they appear as the alert the other side
/// receives ("peer rejected our certificate").
public func handshakeFailureReason(_ error: any Error) -> String {
    switch error {
    case let error as MeshTLSError:
        if case .handshakeFailed(let reason) = error { return reason }
        return error.description
    case let error as NIOSSLError:
        switch error {
        case .handshakeFailed(let boring), .shutdownFailed(let boring): return reason(boring)
        case .uncleanShutdown: return "connection closed during handshake"
        default: return "TLS error: \(error)"
        }
    case let error as BoringSSLError:
        return reason(error)
    case let error as NIOSSLExtraError where error == .invalidSNIHostname || error == .cannotUseIPAddressInSNI:
        return "invalid SNI name"
    case let error as ChannelError where error == .eof || error == .ioOnClosedChannel || error == .alreadyClosed:
        return "connection closed during handshake"
    case is NIOSSLCloseTimedOutError:
        return "TLS close timed out"
    default:
        return "TLS error: \(error)"
    }
}

/// The reason for a BoringSSL error: the first known reason code on its error stack.
private func reason(_ error: BoringSSLError) -> String {
    switch error {
    case .sslError(let stack), .unknownError(let stack):
        let codes = stack.compactMap { reasonCode(of: $0.description) }
        for code in codes {
            if let known = knownReasons[code] { return known }
        }
        if stack.contains(.eofDuringHandshake) { return "connection closed during handshake" }
        return codes.first.map { "TLS handshake failed: \($0)" } ?? "TLS handshake failed"
    case .zeroReturn, .syscallError:
        return "connection closed during handshake"
    case .invalidSNIName:
        return "invalid SNI name"
    default:
        return "TLS handshake failed: \(error)"
    }
}

/// The reason code in NIOSSL's rendering of a BoringSSL error,
/// `Error: 268435581 error:1000007d:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED at file.cc:123`.
private func reasonCode(of description: String) -> String? {
    let fields = description.split(separator: ":")
    guard let marker = fields.firstIndex(of: "OPENSSL_internal"), marker + 1 < fields.endIndex else { return nil }
    return fields[marker + 1].split(separator: " ").first.map(String.init)
}

/// BoringSSL reason codes worth a name of their own.
private let knownReasons: [String: String] = [
    "PEER_DID_NOT_RETURN_A_CERTIFICATE": "client presented no certificate",
    "TLSV1_ALERT_CERTIFICATE_REQUIRED": "peer requires a client certificate",
    "CERTIFICATE_VERIFY_FAILED": "peer certificate rejected",
    "TLSV1_ALERT_UNKNOWN_CA": "unknown CA",
    "SSLV3_ALERT_CERTIFICATE_UNKNOWN": "peer rejected our certificate",
    "SSLV3_ALERT_BAD_CERTIFICATE": "peer rejected our certificate",
    "SSLV3_ALERT_CERTIFICATE_EXPIRED": "peer rejected our certificate: expired",
    "TLSV1_ALERT_ACCESS_DENIED": "peer denied access",
    "UNSUPPORTED_PROTOCOL": "TLS version not allowed",
    "TLSV1_ALERT_PROTOCOL_VERSION": "TLS version not allowed",
    "NO_SUPPORTED_VERSIONS_ENABLED": "TLS version not allowed",
    "TLSV1_ALERT_NO_APPLICATION_PROTOCOL": "ALPN mismatch",
    "NO_APPLICATION_PROTOCOL": "ALPN mismatch",
    "NO_SHARED_CIPHER": "no shared cipher suite",
    "NO_SHARED_GROUP": "no shared ECDH curve",
    "SSLV3_ALERT_HANDSHAKE_FAILURE": "peer aborted the handshake",
    "WRONG_VERSION_NUMBER": "not TLS (plaintext?)",
    "HTTP_REQUEST": "not TLS (plaintext HTTP)",
    "HTTPS_PROXY_REQUEST": "not TLS (HTTP proxy request)",
    "PACKET_LENGTH_TOO_LONG": "not TLS (plaintext?)",
    "UNEXPECTED_RECORD": "not TLS (unexpected record)",
    "WRONG_SSL_VERSION": "TLS version not allowed",
]
