// MeshConfig's cipher suite names (OpenSSL/Envoy spelling such as ECDHE-ECDSA-AES128-GCM-SHA256,
// or the IANA TLS_… names) as NIOSSL ciphers. Checked here because NIOSSL stops the process on a
// cipher list BoringSSL cannot use.
import NIOSSL

enum CipherSuites {
    /// The TLS 1.2-and-older suites by every name MeshConfig may use.
    static let byName: [String: NIOTLSCipher] = {
        let suites: [(openSSL: String, iana: String, cipher: NIOTLSCipher)] = [
            ("ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", .TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256),
            ("ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", .TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384),
            ("ECDHE-ECDSA-CHACHA20-POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", .TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256),
            ("ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", .TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256),
            ("ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", .TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384),
            ("ECDHE-RSA-CHACHA20-POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", .TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256),
            ("ECDHE-ECDSA-AES128-SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", .TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA),
            ("ECDHE-ECDSA-AES256-SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", .TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA),
            ("ECDHE-RSA-AES128-SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", .TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA),
            ("ECDHE-RSA-AES256-SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", .TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA),
            ("AES128-GCM-SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256", .TLS_RSA_WITH_AES_128_GCM_SHA256),
            ("AES256-GCM-SHA384", "TLS_RSA_WITH_AES_256_GCM_SHA384", .TLS_RSA_WITH_AES_256_GCM_SHA384),
            ("AES128-SHA", "TLS_RSA_WITH_AES_128_CBC_SHA", .TLS_RSA_WITH_AES_128_CBC_SHA),
            ("AES256-SHA", "TLS_RSA_WITH_AES_256_CBC_SHA", .TLS_RSA_WITH_AES_256_CBC_SHA),
        ]
        var table: [String: NIOTLSCipher] = [:]
        for suite in suites {
            table[suite.openSSL] = suite.cipher
            table[suite.iana] = suite.cipher
        }
        return table
    }()

    /// TLS 1.3 suites: always on in BoringSSL and not configurable, so accepted and skipped.
    static let tls13: Set<String> = ["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"]

    /// The TLS 1.2 suites named in `names`, in order; empty when only TLS 1.3 suites are named.
    ///
    /// - Throws: `MeshTLSError.invalidTLSSettings` naming the first unknown suite.
    static func resolve(_ names: [String]) throws -> [NIOTLSCipher] {
        var result: [NIOTLSCipher] = []
        for name in names where !tls13.contains(name) {
            guard let cipher = byName[name] else {
                throw MeshTLSError.invalidTLSSettings(
                    "unknown cipher suite \"\(name)\" (use OpenSSL names such as ECDHE-ECDSA-AES128-GCM-SHA256)")
            }
            if !result.contains(cipher) { result.append(cipher) }
        }
        return result
    }
}
