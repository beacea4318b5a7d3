// The TCP demo's two proxies as the controller would configure them in SMI mode with the
// guide's TCPRoute and TrafficTarget applied: curl (curl/curl) may reach tcp-demo/tcp-echo:9000.
import MeshProtocol

enum Demo {
    static let curl = ServiceIdentity(serviceAccount: "curl", namespace: "curl")
    static let tcpEcho = ServiceIdentity(serviceAccount: "tcp-echo", namespace: "tcp-demo")
    static let echoService = ServiceRef(namespace: "tcp-demo", name: "tcp-echo")
    static let clusterIP = "10.96.0.20"
    static let podIP = "10.244.0.12"
    static let pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"

    static func base(_ identity: ServiceIdentity) -> ProxyConfig {
        ProxyConfig(
            version: 3, meshName: "osm", identity: identity, trustDomain: "cluster.local",
            permissive: false, egressPassthrough: false, tls: TLSSettings(),
            certificates: CertificateBundle(certificateChainPEM: pem, trustBundlePEM: pem),
            timeouts: Timeouts(connectTimeoutMillis: 5000, idleTimeoutMillis: 3_600_000))
    }

    static let echoCluster = Cluster(
        service: echoService, targetPort: 9000, serverIdentities: [tcpEcho],
        endpoints: [Endpoint(address: podIP, port: 9000)])

    /// curl's proxy: one route to tcp-echo.tcp-demo:9000, no inbound ports (no Service selects curl).
    static var curlConfig: ProxyConfig {
        var config = base(curl)
        config.outbound = [
            OutboundRoute(
                service: echoService, addresses: [clusterIP], port: 9000,
                backends: [WeightedCluster(cluster: "tcp-demo/tcp-echo|9000")])
        ]
        config.clusters = [echoCluster]
        return config
    }

    /// tcp-echo's proxy: serves 9000 to curl.curl only.
    static var echoConfig: ProxyConfig {
        var config = base(tcpEcho)
        config.inbound = [
            InboundPort(port: 9000, serverNames: [echoService.sni], authorization: .identities([curl]))
        ]
        return config
    }
}
