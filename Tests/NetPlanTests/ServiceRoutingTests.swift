// The ClusterIP routing script: equal shares per endpoint, refusal without endpoints, and the
// OUTPUT jump added once and kept after the mesh's interception.
import NetPlan
import Testing

@Suite("ClusterIP routing script")
struct ServiceRoutingTests {
    @Test func sharesAreEqualAndTheLastEndpointTakesTheRest() {
        let s = ServiceRouting.script([ServicePortRoute(clusterIP: "10.96.0.20", port: 9000,
                                                        endpoints: ["10.244.0.7:9000", "10.244.0.5:9000", "10.244.0.6:9000"])],
                                      current: "")
        #expect(s.contains("-A OSM_SERVICES -d 10.96.0.20/32 -p tcp -m tcp --dport 9000 -m statistic --mode random --probability 0.3333333333 -j DNAT --to-destination 10.244.0.5:9000\n"))
        #expect(s.contains("--probability 0.5000000000 -j DNAT --to-destination 10.244.0.6:9000\n"))
        #expect(s.contains("-A OSM_SERVICES -d 10.96.0.20/32 -p tcp -m tcp --dport 9000 -j DNAT --to-destination 10.244.0.7:9000\n"))
        #expect(s.contains("-A OUTPUT -j OSM_SERVICES\n") && s.contains("-A OUTPUT -j OSM_SERVICES_REJECT\n"))
    }

    @Test func aServiceWithoutEndpointsIsRefused() {
        let s = ServiceRouting.script([ServicePortRoute(clusterIP: "10.96.0.21", port: 80, endpoints: [])], current: "")
        #expect(s.contains("-A OSM_SERVICES_REJECT -d 10.96.0.21/32 -p tcp -m tcp --dport 80 -j REJECT --reject-with tcp-reset\n"))
        #expect(!s.contains("DNAT"))
    }

    @Test func theJumpStaysLastAfterTheMeshChains() {
        let ours = "*nat\n:OUTPUT ACCEPT [0:0]\n:OSM_SERVICES - [0:0]\n-A OUTPUT -j OSM_SERVICES\n-A OUTPUT -p tcp -j OSM_PROXY_OUTBOUND\nCOMMIT\n*filter\n-A OUTPUT -j OSM_SERVICES_REJECT\nCOMMIT\n"
        let s = ServiceRouting.script([], current: ours)
        #expect(s.contains("-D OUTPUT -j OSM_SERVICES\n-A OUTPUT -j OSM_SERVICES\n"))
        #expect(!s.contains("-A OUTPUT -j OSM_SERVICES_REJECT"))
        let settled = "*nat\n-A OUTPUT -p tcp -j OSM_PROXY_OUTBOUND\n-A OUTPUT -j OSM_SERVICES\nCOMMIT\n"
        let again = ServiceRouting.script([], current: settled)
        #expect(!again.contains("-A OUTPUT -j OSM_SERVICES\n") && !again.contains("-D OUTPUT"))
    }
}
