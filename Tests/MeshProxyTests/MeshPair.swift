// Two sidecars on loopback (client and server runtime) in front of a test app, with a fixed
// original destination standing in for SO_ORIGINAL_DST (no iptables without root).
import MeshTestSupport
import LinuxNet
import Logging
import MeshProtocol
import MeshProxy
import MeshTLS
import NIOCore
import NIOPosix

/// The virtual ClusterIP:port the test app "dials"; every connection to the client proxy gets it as its original destination.
let serviceIP = "10.96.0.20"
let servicePort: UInt16 = 9000

/// A client sidecar (identity curl.curl) and a server sidecar (tcp-echo.tcp-demo) on loopback.
final class MeshPair: Sendable {
    let group: MultiThreadedEventLoopGroup
    let client: ProxyRuntime
    let server: ProxyRuntime
    let clientAddress: SocketAddress
    let inboundPort: UInt16
    let appPort: UInt16

    /// Starts both sidecars; the server splices allowed streams to `appPort`.
    init(appPort: UInt16, authorization: InboundAuthorization = .identities([TestPKI.curl]),
         serverIdentity: ServiceIdentity = TestPKI.tcpEcho, clientCredentials: MeshCredentials? = nil,
         idleMillis: UInt32 = 0, releaseAfterHandshake: Duration? = nil) async throws {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        self.appPort = appPort
        var logger = Logger(label: "test.proxy")
        logger.logLevel = .warning
        let serverState = ProxyState(
            config: Self.serverConfig(version: 1, inboundPort: 0, appPort: appPort, authorization: authorization),
            verifier: PeerVerifier(store: try CredentialStore(TestPKI.credentials(serverIdentity))))
        server = ProxyRuntime(
            state: serverState, telemetry: ProxyTelemetry(accessLog: true, logger: logger),
            options: Self.options(releaseAfterHandshake: releaseAfterHandshake),
            group: group, logger: logger)
        try await server.start()
        inboundPort = UInt16(await server.inboundAddress!.port!)
        // The inbound port is only known now: the real config names it.
        await server.apply(Self.serverConfig(version: 2, inboundPort: inboundPort, appPort: appPort, authorization: authorization))
        let fixed = IPv4Endpoint(address: IPv4Text.parse(serviceIP)!, port: servicePort)
        let clientState = ProxyState(
            config: Self.clientConfig(version: 1, inboundPort: inboundPort, idleMillis: idleMillis),
            verifier: PeerVerifier(store: try CredentialStore(clientCredentials ?? TestPKI.credentials(TestPKI.curl))))
        client = ProxyRuntime(
            state: clientState, telemetry: ProxyTelemetry(accessLog: true, logger: logger),
            options: Self.options(releaseAfterHandshake: releaseAfterHandshake) { $0.eventLoop.makeSucceededFuture(fixed) },
            group: group, logger: logger)
        try await client.start()
        clientAddress = await client.outboundAddress!
    }

    /// Loopback listeners; with `releaseAfterHandshake`, pages are handed back that long after each
    /// tunnel handshake (and not after start-up within the test's time).
    static func options(
        releaseAfterHandshake: Duration?,
        originalDestination: (@Sendable (any Channel) -> EventLoopFuture<IPv4Endpoint>)? = nil
    ) -> ProxyOptions {
        var options = ProxyOptions(
            outbound: ("127.0.0.1", 0), inbound: ("127.0.0.1", 0), admin: nil, originalDestination: originalDestination)
        if let releaseAfterHandshake {
            options.releasePagesAfter = .seconds(600)
            options.releasePagesAfterHandshake = releaseAfterHandshake
        }
        return options
    }

    static func base(version: UInt64, identity: ServiceIdentity, idleMillis: UInt32 = 0) -> ProxyConfig {
        ProxyConfig(
            version: version, meshName: "osm", identity: identity, trustDomain: "cluster.local", permissive: false,
            egressPassthrough: false, tls: TLSSettings(), certificates: nil,
            timeouts: Timeouts(connectTimeoutMillis: 10_000, idleTimeoutMillis: idleMillis))
    }

    static func clientConfig(version: UInt64, inboundPort: UInt16, idleMillis: UInt32 = 0) -> ProxyConfig {
        var config = base(version: version, identity: TestPKI.curl, idleMillis: idleMillis)
        let cluster = Cluster(service: TestPKI.echoService, targetPort: inboundPort, serverIdentities: [TestPKI.tcpEcho],
                              endpoints: [Endpoint(address: "127.0.0.1", port: inboundPort)])
        config.clusters = [cluster]
        config.outbound = [OutboundRoute(service: TestPKI.echoService, addresses: [serviceIP], port: servicePort,
                                         backends: [WeightedCluster(cluster: cluster.name)])]
        return config
    }

    static func serverConfig(version: UInt64, inboundPort: UInt16, appPort: UInt16, authorization: InboundAuthorization)
        -> ProxyConfig
    {
        var config = base(version: version, identity: TestPKI.tcpEcho)
        config.inbound = [InboundPort(port: inboundPort, localPort: appPort, serverNames: [TestPKI.echoService.sni],
                                      authorization: authorization)]
        return config
    }

    /// Replaces the server's authorization (a new snapshot version each time).
    func authorize(_ authorization: InboundAuthorization, version: UInt64) async -> [String] {
        await server.apply(Self.serverConfig(version: version, inboundPort: inboundPort, appPort: appPort,
                                             authorization: authorization))
    }

    func shutdown() async throws {
        await client.drain(grace: .milliseconds(100))
        await server.drain(grace: .milliseconds(100))
        try await group.shutdownGracefully()
    }
}
