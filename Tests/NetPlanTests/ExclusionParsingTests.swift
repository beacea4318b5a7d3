// Parsing exclusion lists from annotations and MeshConfig: values, merging, and the errors.
import NetPlan
import Testing

@Suite("exclusion list parsing")
struct ExclusionParsingTests {
    func error(_ annotations: [String: String]) -> String? {
        do {
            _ = try InterceptionSpec.forPod(annotations: annotations)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func portErrorsNameTheAnnotationAndTheEntry() {
        #expect(error(["openservicemesh.io/outbound-port-exclusion-list": "80, 70000"])
            == "invalid port \"70000\" in openservicemesh.io/outbound-port-exclusion-list: must be a whole number from 1 to 65535")
        #expect(error(["openservicemesh.io/inbound-port-exclusion-list": "0"])
            == "invalid port \"0\" in openservicemesh.io/inbound-port-exclusion-list: must be a whole number from 1 to 65535")
        #expect(error(["openservicemesh.io/outbound-port-inclusion-list": "http"])?.hasPrefix(
            "invalid port \"http\" in openservicemesh.io/outbound-port-inclusion-list") == true)
        #expect(error(["openservicemesh.io/outbound-port-exclusion-list": "-1"]) != nil)
        #expect(error(["openservicemesh.io/outbound-port-exclusion-list": "80 443"]) != nil)
    }

    @Test func rangeErrorsExplainTheExpectedForm() {
        #expect(error(["openservicemesh.io/outbound-ip-range-exclusion-list": "10.0.0.0/8,1.2.3.4"])
            == "invalid IP range \"1.2.3.4\" in openservicemesh.io/outbound-ip-range-exclusion-list: expected a CIDR such as 1.2.3.4/32")
        #expect(error(["openservicemesh.io/outbound-ip-range-inclusion-list": "fd00::/8"])
            == "invalid IP range \"fd00::/8\" in openservicemesh.io/outbound-ip-range-inclusion-list: only IPv4 ranges are supported")
        for bad in ["10.0.0.0/33", "256.0.0.0/8", "10.0.0/8", "010.0.0.0/8", "10.0.0.0/", "10.0.0.0/+8", "cluster"] {
            #expect(error(["openservicemesh.io/outbound-ip-range-exclusion-list": bad])?.contains(
                "expected an IPv4 CIDR such as 10.0.0.0/8") == true, "\(bad)")
        }
    }

    @Test func valuesAreTrimmedNormalisedAndDeduplicated() throws {
        let x = try TrafficExclusions(annotations: [
            "openservicemesh.io/outbound-ip-range-exclusion-list": " 10.1.2.3/8 ,10.0.0.0/8,, 192.168.0.1/32 ",
            "openservicemesh.io/outbound-port-exclusion-list": "6379,\t5432,6379,",
            "openservicemesh.io/inbound-port-exclusion-list": "",
            "unrelated/annotation": "x",
        ])
        #expect(x.outboundIPRangeExclusions.map(\.description) == ["10.0.0.0/8", "192.168.0.1/32"])
        #expect(x.outboundPortExclusions == [6379, 5432])
        #expect(x.inboundPortExclusions == [])
        #expect(x.outboundIPRangeInclusions == [] && x.outboundPortInclusions == [])
    }

    @Test func meshWideAndPodListsMergeMeshFirst() throws {
        let mesh = try TrafficExclusions.fromMeshConfig(
            outboundIPRangeExclusionList: ["169.254.169.254/32"], outboundPortExclusionList: [443],
            inboundPortExclusionList: [8081])
        let spec = try InterceptionSpec.forPod(
            annotations: [
                "openservicemesh.io/outbound-port-exclusion-list": "5432,443",
                "openservicemesh.io/inbound-port-exclusion-list": "8080",
            ],
            mesh: mesh)
        #expect(spec.exclusions.outboundPortExclusions == [443, 5432])
        #expect(spec.exclusions.inboundPortExclusions == [8081, 8080])
        #expect(spec.exclusions.outboundIPRangeExclusions == [IPv4CIDR("169.254.169.254/32")!])
    }

    @Test func meshConfigErrorsNameTheField() {
        #expect(throws: InterceptionSpecError(
            kind: .invalidPort, entry: "70000", source: "MeshConfig spec.traffic.outboundPortExclusionList",
            reason: "must be a whole number from 1 to 65535")) {
            try TrafficExclusions.fromMeshConfig(outboundPortExclusionList: [70000])
        }
        #expect(throws: InterceptionSpecError.self) {
            try TrafficExclusions.fromMeshConfig(outboundIPRangeExclusionList: ["10.0.0.0"])
        }
        #expect(throws: InterceptionSpecError.self) {
            try TrafficExclusions.fromMeshConfig(networkInterfaceExclusionList: ["eth/0"])
        }
        #expect(throws: InterceptionSpecError.self) {
            try TrafficExclusions.fromMeshConfig(networkInterfaceExclusionList: ["a-very-long-interface"])
        }
        #expect((try? TrafficExclusions.fromMeshConfig(networkInterfaceExclusionList: ["veth+", "eth0"]))?.networkInterfaceExclusions
            == ["veth+", "eth0"])
    }

    @Test func addressesAndRanges() {
        #expect(IPv4Address("10.96.0.10")?.value == 0x0A60_000A)
        #expect(IPv4Address("10.96.0.10")?.description == "10.96.0.10")
        #expect(IPv4Address("1.2.3") == nil && IPv4Address("1.2.3.4.5") == nil && IPv4Address("1.2.3.-4") == nil)
        let range = IPv4CIDR("10.96.0.0/12")!
        #expect(range.contains(IPv4Address("10.111.255.255")!) && !range.contains(IPv4Address("10.112.0.0")!))
        #expect(IPv4CIDR("0.0.0.0/0")!.contains(IPv4Address("8.8.8.8")!))
        #expect(IPv4CIDR("1.2.3.4/0")?.description == "0.0.0.0/0")
    }
}
