// kubeconfig users with client certificates (kind, k3s, kubeadm admin configs): parsed from data or files,
// presented in the TLS handshake to a server that requires them; exec and auth-provider users are named errors.
import Foundation
@testable import KubeClient
import MeshPKI
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Testing

@Suite("Client certificates")
struct ClientCertificateTests {
    static func kubeconfig(user: String, server: String = "https://127.0.0.1:6443", ca: String = "CA") -> String {
        """
        apiVersion: v1
        kind: Config
        current-context: c
        clusters:
        - name: k
          cluster: {server: "\(server)", certificate-authority-data: \(Data(ca.utf8).base64EncodedString())}
        users:
        - name: u
          user:
        \(user)
        contexts:
        - name: c
          context: {cluster: k, user: u}
        """
    }

    @Test func certificatesFromDataOrFilesAndNamedErrors() throws {
        let data = Self.kubeconfig(user: """
                client-certificate-data: \(Data("CERT".utf8).base64EncodedString())
                client-key-data: \(Data("KEY".utf8).base64EncodedString())
            """)
        let c = try ClientConfig.kubeconfig(text: data)
        #expect(c.clientCertificatePEM == "CERT" && c.clientKeyPEM == "KEY" && c.token == nil)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kc-\(UUID().uuidString.prefix(6))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "C2".write(toFile: dir + "/client.crt", atomically: true, encoding: .utf8)
        try "K2".write(toFile: dir + "/client.key", atomically: true, encoding: .utf8)
        let files = try ClientConfig.kubeconfig(text: Self.kubeconfig(user: "    client-certificate: client.crt\n    client-key: \(dir)/client.key"),
                                                baseDirectory: dir)
        #expect(files.clientCertificatePEM == "C2" && files.clientKeyPEM == "K2")
        #expect(throws: ClientConfigError("kubeconfig: user \"u\" has a client certificate or key without the other")) {
            try ClientConfig.kubeconfig(text: Self.kubeconfig(user: "    client-certificate-data: \(Data("C".utf8).base64EncodedString())"))
        }
        #expect(throws: ClientConfigError("kubeconfig: user \"u\" gets credentials from the exec plugin aws, which this client does not run; use a kubeconfig with a token or client certificate")) {
            try ClientConfig.kubeconfig(text: Self.kubeconfig(user: "    exec: {command: aws, apiVersion: client.authentication.k8s.io/v1beta1}"))
        }
    }

    /// Answers every request with an empty Status; the TLS handshake requires a client certificate from `ca`.
    final class Answer: ChannelInboundHandler, Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard case .end = unwrapInboundIn(data) else { return }
            let body = ByteBuffer(string: #"{"kind":"Status","status":"Success"}"#)
            var headers = HTTPHeaders()
            headers.add(name: "content-length", value: "\(body.readableBytes)")
            headers.add(name: "content-type", value: "application/json")
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }

    @Test func theClientPresentsItsCertificate() async throws {
        let ca = try CertificateAuthority.create(commonName: "test CA")
        let serving = try ca.issue(LeafNames(commonName: "server", dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"]), validFor: 3600)
        let user = try ca.issue(LeafNames(commonName: "admin", dnsNames: []), validFor: 3600)
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMBytes(Array(serving.certificatePEM.utf8)).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(serving.privateKeyPEM.utf8), format: .pem)))
        tls.certificateVerification = .noHostnameVerification
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(try ca.certificatePEM().utf8)))
        let context = try NIOSSLContext(configuration: tls)
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Answer())
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        defer { server.close(promise: nil) }
        let port = server.localAddress!.port!
        let withCert = try KubeClient(config: ClientConfig(host: "127.0.0.1", port: port, caPEM: try ca.certificatePEM(), token: nil,
                                                           clientCertificatePEM: user.certificatePEM, clientKeyPEM: user.privateKeyPEM))
        defer { withCert.shutdown() }
        #expect(try await withCert.get("/api")["status"] == "Success")
        let without = try KubeClient(config: ClientConfig(host: "127.0.0.1", port: port, caPEM: try ca.certificatePEM(), token: nil))
        defer { without.shutdown() }
        await #expect(throws: (any Error).self) { _ = try await without.get("/api") }
    }
}
