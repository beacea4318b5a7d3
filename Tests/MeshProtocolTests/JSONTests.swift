// The wire form: round trips, golden JSON of the demo configs, schema and decoding errors.
import Foundation
import MeshProtocol
import Testing

@Suite("ProxyConfig JSON")
struct JSONTests {
    /// The same JSON in a canonical text (sorted keys, compact), so layout does not matter.
    func canonical(_ data: Data) throws -> String {
        let object = try JSONSerialization.jsonObject(with: data)
        let out = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: out, as: UTF8.self)
    }

    static let curlGolden = """
        {
          "schema": 1,
          "version": 3,
          "meshName": "osm",
          "identity": "curl.curl",
          "trustDomain": "cluster.local",
          "permissive": false,
          "egressPassthrough": false,
          "tls": {"minVersion": "TLSv1_2", "maxVersion": "TLSv1_3", "cipherSuites": [], "ecdhCurves": []},
          "certificates": {
            "certificateChainPEM": "-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\\n",
            "trustBundlePEM": "-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\\n"
          },
          "timeouts": {"connectTimeoutMillis": 5000, "idleTimeoutMillis": 3600000},
          "outbound": [
            {
              "name": "outbound_tcp-demo/tcp-echo_9000_tcp",
              "service": {"namespace": "tcp-demo", "name": "tcp-echo"},
              "protocol": "tcp",
              "addresses": ["10.96.0.20"],
              "port": 9000,
              "backends": [{"cluster": "tcp-demo/tcp-echo|9000", "weight": 1}]
            }
          ],
          "clusters": [
            {
              "name": "tcp-demo/tcp-echo|9000",
              "service": {"namespace": "tcp-demo", "name": "tcp-echo"},
              "sni": "tcp-echo.tcp-demo.svc.cluster.local",
              "serverIdentities": ["tcp-echo.tcp-demo"],
              "endpoints": [{"address": "10.244.0.12", "port": 9000, "weight": 1}]
            }
          ],
          "inbound": []
        }
        """

    static let echoGoldenCompact = #"{"certificates":{"certificateChainPEM":"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n","trustBundlePEM":"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"},"clusters":[],"egressPassthrough":false,"identity":"tcp-echo.tcp-demo","inbound":[{"authorization":{"identities":["curl.curl"],"mode":"identities"},"localPort":9000,"port":9000,"protocol":"tcp","serverNames":["tcp-echo.tcp-demo.svc.cluster.local"]}],"meshName":"osm","outbound":[],"permissive":false,"schema":1,"timeouts":{"connectTimeoutMillis":5000,"idleTimeoutMillis":3600000},"tls":{"cipherSuites":[],"ecdhCurves":[],"maxVersion":"TLSv1_3","minVersion":"TLSv1_2"},"trustDomain":"cluster.local","version":3}"#

    @Test func curlConfigMatchesGolden() throws {
        let golden = Data(Self.curlGolden.utf8)
        #expect(try ProxyConfig(jsonData: golden) == Demo.curlConfig)
        #expect(try canonical(Demo.curlConfig.jsonData()) == canonical(golden))
    }

    @Test func echoConfigEncodesToExactCanonicalBytes() throws {
        let bytes = try Demo.echoConfig.jsonData()
        #expect(String(decoding: bytes, as: UTF8.self) == Self.echoGoldenCompact)
        #expect(try ProxyConfig(jsonData: bytes) == Demo.echoConfig)
    }

    @Test func roundTripOfEveryShape() throws {
        var config = Demo.curlConfig
        config.version = UInt64.max
        config.permissive = true
        config.egressPassthrough = true
        config.certificates = nil
        config.tls = TLSSettings(minVersion: .auto, maxVersion: .v1_2, cipherSuites: ["ECDHE-ECDSA-AES128-GCM-SHA256"],
                                 ecdhCurves: ["X25519"])
        config.outbound[0].backends = [WeightedCluster(cluster: "tcp-demo/tcp-echo|9000", weight: 90),
                                       WeightedCluster(cluster: "tcp-demo/tcp-echo-v2|9000", weight: 10)]
        config.inbound = [InboundPort(port: 8080, localPort: 18080, protocol: "tcp-server-first",
                                      serverNames: ["a.b.svc.cluster.local"], authorization: .anyMeshIdentity)]
        let data = try config.jsonData()
        #expect(try ProxyConfig(jsonData: data) == config)
        #expect(!String(decoding: data, as: UTF8.self).contains("certificates"))
        #expect(try config.jsonData() == data)
    }

    @Test func refusesAnotherSchema() {
        let text = Self.curlGolden.replacingOccurrences(of: "\"schema\": 1", with: "\"schema\": 2")
        #expect {
            try ProxyConfig(jsonData: Data(text.utf8))
        } throws: { error in
            String(describing: error).contains("unsupported ProxyConfig schema 2; this proxy reads schema 1")
        }
    }

    @Test func timeoutsHaveNoDefaults() {
        let text = Self.curlGolden.replacingOccurrences(
            of: "\"timeouts\": {\"connectTimeoutMillis\": 5000, \"idleTimeoutMillis\": 3600000},",
            with: "\"timeouts\": {\"connectTimeoutMillis\": 5000},")
        #expect(throws: DecodingError.self) { try ProxyConfig(jsonData: Data(text.utf8)) }
    }

    @Test func badIdentityAndAuthorizationModeAreDecodingErrors() {
        let identity = Self.curlGolden.replacingOccurrences(of: "\"identity\": \"curl.curl\"", with: "\"identity\": \"curl\"")
        #expect {
            try ProxyConfig(jsonData: Data(identity.utf8))
        } throws: { error in
            String(describing: error).contains("identity \"curl\" is not <serviceaccount>.<namespace>")
        }
        let mode = #"{"mode": "everyone"}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(InboundAuthorization.self, from: Data(mode.utf8)) }
    }

    @Test func unknownKeysAreIgnored() throws {
        let text = Self.curlGolden.replacingOccurrences(of: "\"meshName\": \"osm\",", with: "\"meshName\": \"osm\", \"future\": [1],")
        #expect(try ProxyConfig(jsonData: Data(text.utf8)) == Demo.curlConfig)
    }

    @Test func identityNames() {
        let id = ServiceIdentity("my.dotted.sa.team-a")
        #expect(id == ServiceIdentity(serviceAccount: "my.dotted.sa", namespace: "team-a"))
        #expect(Demo.curl.spiffeID(trustDomain: "cluster.local") == "spiffe://cluster.local/ns/curl/sa/curl")
        #expect(Demo.curlConfig.spiffeID == "spiffe://cluster.local/ns/curl/sa/curl")
        #expect(Demo.tcpEcho.principal(trustDomain: "cluster.local") == "tcp-echo.tcp-demo.cluster.local")
        #expect(Demo.echoService.sni == "tcp-echo.tcp-demo.svc.cluster.local")
        #expect(ServiceIdentity(".ns") == nil && ServiceIdentity("sa.") == nil && ServiceIdentity("nodot") == nil)
    }
}
