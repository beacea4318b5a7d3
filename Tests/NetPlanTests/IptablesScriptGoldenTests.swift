// Golden iptables-restore input for OSM's defaults and for pods with exclusions.
import NetPlan
import Testing

@Suite("iptables restore script, golden")
struct IptablesScriptGoldenTests {
    static let head = """
        # swift-osm sidecar interception rules
        *nat
        :OSM_PROXY_INBOUND - [0:0]
        :OSM_PROXY_IN_REDIRECT - [0:0]
        :OSM_PROXY_OUTBOUND - [0:0]
        :OSM_PROXY_OUT_REDIRECT - [0:0]
        -A OSM_PROXY_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15003

        """
    static let outStart = """
        -A OSM_PROXY_OUT_REDIRECT -p tcp -j REDIRECT --to-ports 15001
        -A OSM_PROXY_OUT_REDIRECT -p tcp -m tcp --dport 15000 -j ACCEPT
        -A OSM_PROXY_OUTBOUND ! -d 127.0.0.1/32 -o lo -m owner --uid-owner 1500 -j OSM_PROXY_IN_REDIRECT
        -A OSM_PROXY_OUTBOUND -o lo -m owner ! --uid-owner 1500 -j RETURN
        -A OSM_PROXY_OUTBOUND -m owner --uid-owner 1500 -j RETURN
        -A OSM_PROXY_OUTBOUND -d 127.0.0.1/32 -j RETURN

        """
    static let bypass = """
        -A OSM_PROXY_INBOUND -p tcp -m tcp --dport 15010 -j RETURN
        -A OSM_PROXY_INBOUND -p tcp -m tcp --dport 15901 -j RETURN
        -A OSM_PROXY_INBOUND -p tcp -m tcp --dport 15902 -j RETURN
        -A OSM_PROXY_INBOUND -p tcp -m tcp --dport 15903 -j RETURN
        -A OSM_PROXY_INBOUND -p tcp -m tcp --dport 15904 -j RETURN
        -A OSM_PROXY_INBOUND -p tcp -j OSM_PROXY_IN_REDIRECT

        """
    static let hooks = """
        -A PREROUTING -p tcp -j OSM_PROXY_INBOUND
        -A OUTPUT -p tcp -j OSM_PROXY_OUTBOUND
        COMMIT

        """

    @Test func osmDefaults() {
        let expected = Self.head + Self.bypass + Self.outStart + """
            -A OSM_PROXY_OUTBOUND -j OSM_PROXY_OUT_REDIRECT

            """ + Self.hooks
        #expect(iptablesRestoreScript(InterceptionSpec()) == expected)
    }

    /// OSM's own "with exclusions and inclusions" case, plus an excluded interface.
    @Test func exclusionsAndInclusions() throws {
        let mesh = try TrafficExclusions.fromMeshConfig(
            outboundIPRangeExclusionList: ["1.1.1.1/32"], outboundPortExclusionList: [10],
            networkInterfaceExclusionList: ["eth1"])
        let pod = try TrafficExclusions(annotations: [
            "openservicemesh.io/outbound-ip-range-exclusion-list": "2.2.2.2/32, 1.1.1.1/32",
            "openservicemesh.io/outbound-ip-range-inclusion-list": "3.3.3.3/32,4.4.4.4/32",
            "openservicemesh.io/outbound-port-exclusion-list": "20,10",
            "openservicemesh.io/inbound-port-exclusion-list": "30, 40",
        ])
        let spec = InterceptionSpec(exclusions: mesh.merged(with: pod))
        let expected = Self.head + """
            -A OSM_PROXY_INBOUND -i eth1 -j RETURN
            -A OSM_PROXY_INBOUND -p tcp -m multiport --dports 30,40 -j RETURN

            """ + Self.bypass + Self.outStart + """
            -A OSM_PROXY_OUTBOUND -o eth1 -j RETURN
            -A OSM_PROXY_OUTBOUND -d 1.1.1.1/32 -j RETURN
            -A OSM_PROXY_OUTBOUND -d 2.2.2.2/32 -j RETURN
            -A OSM_PROXY_OUTBOUND -p tcp -m multiport --dports 10,20 -j RETURN
            -A OSM_PROXY_OUTBOUND -d 3.3.3.3/32 -j OSM_PROXY_OUT_REDIRECT
            -A OSM_PROXY_OUTBOUND -d 4.4.4.4/32 -j OSM_PROXY_OUT_REDIRECT
            -A OSM_PROXY_OUTBOUND -j RETURN

            """ + Self.hooks
        #expect(iptablesRestoreScript(spec) == expected)
    }

    @Test func portInclusionsAlone() throws {
        let spec = try InterceptionSpec.forPod(annotations: [
            "openservicemesh.io/outbound-port-inclusion-list": "9000,6379"
        ])
        let outbound = interceptionProgram(spec).rules(in: "OSM_PROXY_OUTBOUND").suffix(2)
        #expect(Array(outbound) == [
            "-p tcp -m multiport --dports 9000,6379 -j OSM_PROXY_OUT_REDIRECT",
            "-j RETURN",
        ])
    }

    @Test func rangeAndPortInclusionsCombine() throws {
        let spec = try InterceptionSpec.forPod(annotations: [
            "openservicemesh.io/outbound-ip-range-inclusion-list": "10.96.0.0/12,10.244.0.0/16",
            "openservicemesh.io/outbound-port-inclusion-list": "9000",
        ])
        let outbound = interceptionProgram(spec).rules(in: "OSM_PROXY_OUTBOUND").suffix(3)
        #expect(Array(outbound) == [
            "-d 10.96.0.0/12 -p tcp -m multiport --dports 9000 -j OSM_PROXY_OUT_REDIRECT",
            "-d 10.244.0.0/16 -p tcp -m multiport --dports 9000 -j OSM_PROXY_OUT_REDIRECT",
            "-j RETURN",
        ])
    }

    /// multiport takes at most 15 ports per match; OSM emits one rule and fails past 15.
    @Test func longPortListsAreSplitIntoGroupsOf15() {
        let ports = (1...20).map { UInt16(8000 + $0) }
        let spec = InterceptionSpec(exclusions: TrafficExclusions(outboundPortExclusions: ports))
        let rules = interceptionProgram(spec).rules(in: "OSM_PROXY_OUTBOUND").filter { $0.contains("multiport") }
        #expect(rules == [
            "-p tcp -m multiport --dports " + ports[0..<15].map(String.init).joined(separator: ",") + " -j RETURN",
            "-p tcp -m multiport --dports 8016,8017,8018,8019,8020 -j RETURN",
        ])
    }

    @Test func podIPLocalProxyModeInsertsDNATFirstInOutput() {
        let spec = InterceptionSpec(localProxyMode: .podIP(IPv4Address("10.244.0.5")!))
        let script = iptablesRestoreScript(spec)
        #expect(script.hasSuffix("""
            -A PREROUTING -p tcp -j OSM_PROXY_INBOUND
            -I OUTPUT 1 -d 127.0.0.1/32 -o lo -p tcp -m owner --uid-owner 1500 -j DNAT --to-destination 10.244.0.5
            -A OUTPUT -p tcp -j OSM_PROXY_OUTBOUND
            COMMIT

            """))
    }

    @Test func otherPortsUidAndChainNames() {
        let chains = InterceptionChains(inbound: "T_IN", inRedirect: "T_IN_R", outbound: "T_OUT", outRedirect: "T_OUT_R")
        let spec = InterceptionSpec(proxyUID: 2000, inboundPort: 16003, outboundPort: 16001, chains: chains)
        let program = interceptionProgram(spec)
        #expect(program.chains == ["T_IN", "T_IN_R", "T_OUT", "T_OUT_R"])
        #expect(program.rules(in: "T_IN_R") == ["-p tcp -j REDIRECT --to-ports 16003"])
        #expect(program.rules(in: "T_OUT").contains("-m owner --uid-owner 2000 -j RETURN"))
        #expect(program.hooks.map(\.rule.description) == ["-A PREROUTING -p tcp -j T_IN", "-A OUTPUT -p tcp -j T_OUT"])
    }
}
