// validate(): the demo configs are clean; each kind of inconsistency is reported in words.
import MeshProtocol
import Testing

@Suite("ProxyConfig validation")
struct ValidationTests {
    @Test func demoConfigsAreValid() {
        #expect(Demo.curlConfig.validate() == [])
        #expect(Demo.echoConfig.validate() == [])
    }

    @Test func routeProblems() {
        var config = Demo.curlConfig
        config.outbound.append(OutboundRoute(
            name: "again", service: Demo.echoService, addresses: ["10.96.0.20", "10.96.0.300"], port: 9000,
            backends: [WeightedCluster(cluster: "tcp-demo/missing|9000")]))
        config.outbound.append(OutboundRoute(
            name: "split", service: ServiceRef(namespace: "tcp-demo", name: "apex"), addresses: ["10.96.0.21"],
            port: 9000, backends: [WeightedCluster(cluster: "tcp-demo/tcp-echo|9000", weight: 0),
                                   WeightedCluster(cluster: "tcp-demo/tcp-echo|9000", weight: 0)]))
        config.outbound.append(OutboundRoute(name: "empty", service: Demo.echoService, addresses: [], port: 0, backends: []))
        #expect(config.validate() == [
            "duplicate outbound route for 10.96.0.20:9000: \"outbound_tcp-demo/tcp-echo_9000_tcp\" and \"again\"",
            "outbound route \"again\" has an invalid address \"10.96.0.300\"",
            "outbound route \"again\" sends to cluster \"tcp-demo/missing|9000\", which does not exist",
            "outbound route \"split\" lists a backend cluster twice",
            "outbound route \"split\" has weight 0 on every backend",
            "outbound route \"empty\" has port 0",
            "outbound route \"empty\" has no addresses",
            "outbound route \"empty\" has no backends",
        ])
    }

    @Test func clusterProblems() {
        var config = Demo.curlConfig
        var bad = Demo.echoCluster
        bad.sni = ""
        bad.serverIdentities = []
        bad.endpoints = [Endpoint(address: "pod", port: 0, weight: 0)]
        config.clusters.append(bad)
        #expect(config.validate() == [
            "duplicate cluster \"tcp-demo/tcp-echo|9000\"",
            "cluster \"tcp-demo/tcp-echo|9000\" has no SNI",
            "cluster \"tcp-demo/tcp-echo|9000\" has no server identities, so no server can be verified",
            "cluster \"tcp-demo/tcp-echo|9000\" has an invalid endpoint address \"pod\"",
            "cluster \"tcp-demo/tcp-echo|9000\" has an endpoint with port 0",
            "cluster \"tcp-demo/tcp-echo|9000\" has weight 0 on every endpoint",
        ])
    }

    @Test func inboundProblems() {
        var config = Demo.echoConfig
        config.permissive = true
        config.inbound += [
            InboundPort(port: 15001, serverNames: [], authorization: .anyMeshIdentity),
            InboundPort(port: 9000, localPort: 0, serverNames: ["x"], authorization: .anyMeshIdentity),
        ]
        #expect(config.validate() == [
            "inbound port 9000 restricts identities although the mesh is permissive",
            "inbound port 15001 is reserved for the proxy",
            "inbound port 15001 accepts no server name",
            "duplicate inbound port 9000",
            "inbound port 9000 has local port 0",
        ])
    }

    @Test func topLevelProblems() {
        var config = Demo.echoConfig
        config.meshName = ""
        config.identity = ServiceIdentity(serviceAccount: "Bad_SA", namespace: "tcp-demo")
        config.trustDomain = "not a domain"
        config.tls = TLSSettings(minVersion: .v1_3, maxVersion: .v1_2)
        config.timeouts = Timeouts(connectTimeoutMillis: 0, idleTimeoutMillis: 0)
        config.certificates = CertificateBundle(certificateChainPEM: "", trustBundlePEM: "junk")
        #expect(config.validate() == [
            "meshName is empty",
            "identity \"Bad_SA.tcp-demo\" is not a valid <serviceaccount>.<namespace>",
            "trustDomain \"not a domain\" is not a DNS name",
            "tls.minVersion TLSv1_3 is above tls.maxVersion TLSv1_2",
            "timeouts.connectTimeoutMillis is 0",
            "certificates.certificateChainPEM holds no PEM certificate",
            "certificates.trustBundlePEM holds no PEM certificate",
        ])
    }
}
