// TLS settings from MeshConfig into NIOSSL, and the reasons given for handshake errors.
import MeshTestSupport
import MeshProtocol
import MeshTLS
import NIOCore
import NIOSSL
import Testing

@Suite("TLS settings and failure reasons")
struct SettingsTests {
    @Test("MeshConfig version spellings map to NIOSSL bounds")
    func versions() throws {
        #expect(try MeshTLSContexts.versionRange(TLSSettings()) == (.tlsv12, .tlsv13))
        #expect(try MeshTLSContexts.versionRange(TLSSettings(minVersion: .auto, maxVersion: .auto)) == (.tlsv12, nil))
        #expect(try MeshTLSContexts.versionRange(TLSSettings(minVersion: .v1_0, maxVersion: .v1_1)) == (.tlsv1, .tlsv11))
        #expect(try MeshTLSContexts.versionRange(TLSSettings(minVersion: .auto, maxVersion: .v1_1)) == (.tlsv11, .tlsv11))
        #expect(throws: MeshTLSError.invalidTLSSettings("minimum version TLSv1_3 is above maximum TLSv1_2")) {
            try MeshTLSContexts.versionRange(TLSSettings(minVersion: .v1_3, maxVersion: .v1_2))
        }
    }

    @Test("contexts take ALPN osm, curves and cipher suites; bad ones fail clearly")
    func contexts() throws {
        let credentials = try TestPKI.credentials(TestPKI.curl)
        let tls = TLSSettings(cipherSuites: ["ECDHE-ECDSA-AES128-GCM-SHA256"], ecdhCurves: ["X25519", "P-256"])
        let server = try MeshTLSContexts.serverConfiguration(credentials: credentials, tls: tls)
        #expect(server.applicationProtocols == ["osm"])
        #expect(server.curves == [.x25519, .secp256r1])
        #expect(server.cipherSuites == "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")
        let only13 = try MeshTLSContexts.clientConfiguration(
            credentials: credentials, tls: TLSSettings(cipherSuites: ["TLS_AES_128_GCM_SHA256"]))
        #expect(only13.cipherSuites == TLSConfiguration.makeClientConfiguration().cipherSuites)
        _ = try MeshTLSContexts.server(credentials: credentials, tls: tls)
        _ = try MeshTLSContexts.client(credentials: credentials, tls: tls)
        #expect(throws: MeshTLSError.self) {
            try MeshTLSContexts.client(credentials: credentials, tls: TLSSettings(ecdhCurves: ["P-999"]))
        }
        #expect(throws: MeshTLSError.invalidTLSSettings(
            "unknown cipher suite \"NOT-A-CIPHER\" (use OpenSSL names such as ECDHE-ECDSA-AES128-GCM-SHA256)")) {
            try MeshTLSContexts.client(credentials: credentials, tls: TLSSettings(cipherSuites: ["NOT-A-CIPHER"]))
        }
    }

    @Test("errors map to short reasons")
    func reasons() {
        #expect(handshakeFailureReason(MeshTLSError.handshakeFailed(reason: "ALPN mismatch")) == "ALPN mismatch")
        #expect(handshakeFailureReason(ChannelError.eof) == "connection closed during handshake")
        #expect(handshakeFailureReason(NIOSSLError.uncleanShutdown) == "connection closed during handshake")
        #expect(handshakeFailureReason(NIOSSLExtraError.invalidSNIHostname) == "invalid SNI name")
        #expect(handshakeFailureReason(MeshTLSError.privateKeyMismatch).contains("private key"))
    }
}
