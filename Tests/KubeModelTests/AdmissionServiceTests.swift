// Tests of Service validation: each rule with a failing and a passing case.
import Testing
import KubeModel

@Suite struct AdmissionServiceTests {
    func check(_ spec: JSON, name: String = "web", old: JSON? = nil) -> [String] {
        var svc = admService(spec)
        svc[["metadata", "name"]] = .string(name)
        return admCheck("", "Service", svc, old: old.map(admService))
    }

    @Test func validServicePasses() {
        #expect(check(["ports": [["port": 9000, "name": "tcp", "appProtocol": "tcp"]], "selector": ["app": "tcp-echo"]]).isEmpty)
    }

    @Test func nameMustBeDNS1035() {
        let errs = check(["ports": [["port": 80]]], name: "1web")
        #expect(errs.count == 1)
        #expect(errs.first?.hasPrefix("metadata.name: Invalid value: \"1web\": a DNS-1035 label must consist of") == true)
        #expect(check(["ports": [["port": 80]]], name: "web-1").isEmpty)
    }

    @Test func portsRequiredUnlessHeadlessOrExternalName() {
        #expect(check([:]) == ["spec.ports: Required value"])
        #expect(check(["clusterIP": "None"]).isEmpty)
        #expect(check(["type": "ExternalName", "externalName": "db.example.com."]).isEmpty)
    }

    @Test func portRange() {
        #expect(check(["ports": [["port": 0]]]).contains("spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive"))
        #expect(check(["ports": [["port": 70000]]]).contains("spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive"))
        #expect(check(["ports": [["port": 65535]]]).isEmpty)
    }

    @Test func targetPortNumberOrName() {
        #expect(check(["ports": [["port": 80, "targetPort": 70000]]]) == [
            "spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
        ])
        #expect(check(["ports": [["port": 80, "targetPort": "Bad_Name"]]]).contains(
            "spec.ports[0].targetPort: Invalid value: \"Bad_Name\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"))
        #expect(check(["ports": [["port": 80, "targetPort": "http"]]]).isEmpty)
    }

    @Test func protocolEnum() {
        #expect(check(["ports": [["port": 80, "protocol": "HTTP"]]]) == [
            "spec.ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
        ])
        #expect(check(["ports": [["port": 53, "protocol": "UDP"]]]).isEmpty)
    }

    @Test func duplicatePortAndProtocol() {
        let errs = check(["ports": [["port": 80, "name": "a"], ["port": 80, "name": "b"]]])
        #expect(errs == ["spec.ports[1]: Duplicate value: core.ServicePort{Name:\"\", Protocol:\"TCP\", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}"])
        #expect(check(["ports": [["port": 53, "name": "a"], ["port": 53, "name": "b", "protocol": "UDP"]]]).isEmpty)
    }

    @Test func portNamesRequiredAndUniqueWithSeveralPorts() {
        #expect(check(["ports": [["port": 80], ["port": 81, "name": "b"]]]) == ["spec.ports[0].name: Required value"])
        #expect(check(["ports": [["port": 80, "name": "a"], ["port": 81, "name": "a"]]]) == [
            "spec.ports[1].name: Duplicate value: \"a\"",
        ])
        #expect(check(["ports": [["port": 80, "name": "A"]]]).first?.hasPrefix("spec.ports[0].name: Invalid value: \"A\": a lowercase RFC 1123 label") == true)
        #expect(check(["ports": [["port": 80]]]).isEmpty)
    }

    @Test func nodePortRangeAndClusterIPType() {
        #expect(check(["type": "NodePort", "ports": [["port": 80, "nodePort": 80]]]) == [
            "spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767",
        ])
        #expect(check(["type": "NodePort", "ports": [["port": 80, "nodePort": 30080]]]).isEmpty)
        #expect(check(["ports": [["port": 80, "nodePort": 30080]]]) == [
            "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
        ])
    }

    @Test func typeEnum() {
        #expect(check(["type": "Internal", "ports": [["port": 80]]]).contains(
            "spec.type: Unsupported value: \"Internal\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\""))
        #expect(check(["type": "LoadBalancer", "ports": [["port": 80]]]).isEmpty)
    }

    @Test func headlessOnlyForClusterIP() {
        #expect(check(["type": "NodePort", "clusterIP": "None", "ports": [["port": 80]]]).contains(
            "spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort services"))
        #expect(check(["type": "LoadBalancer", "clusterIP": "None", "ports": [["port": 80]]]).contains(
            "spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for LoadBalancer services"))
        #expect(check(["clusterIP": "None", "ports": [["port": 80]]]).isEmpty)
    }

    @Test func externalNameRules() {
        #expect(check(["type": "ExternalName"]) == ["spec.externalName: Required value"])
        #expect(check(["type": "ExternalName", "externalName": "Bad_Host"]).first?.hasPrefix(
            "spec.externalName: Invalid value: \"Bad_Host\": a lowercase RFC 1123 subdomain") == true)
        #expect(check(["type": "ExternalName", "externalName": "db.example.com", "clusterIP": "10.96.0.20"]).contains(
            "spec.clusterIPs: Forbidden: may not be set for ExternalName services"))
    }

    @Test func selectorLabelsValidated() {
        #expect(check(["ports": [["port": 80]], "selector": ["app": "bad value"]]).first?.hasPrefix(
            "spec.selector: Invalid value: \"bad value\": a valid label must be an empty string") == true)
    }

    @Test func clusterIPSyntax() {
        #expect(check(["clusterIP": "10.96.0.300", "ports": [["port": 80]]]).contains(
            "spec.clusterIPs[0]: Invalid value: \"10.96.0.300\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"))
        #expect(check(["clusterIP": "10.96.0.30", "ports": [["port": 80]]]).isEmpty)
        #expect(check(["clusterIP": "fd00::1", "ipFamilies": ["IPv4"], "ports": [["port": 80]]]).contains(
            "spec.clusterIPs[0]: Invalid value: \"fd00::1\": expected an IPv4 value as indicated by `ipFamilies[0]`"))
    }

    @Test func clusterIPImmutableOnUpdate() {
        let old: JSON = ["clusterIP": "10.96.0.5", "ports": [["port": 80]]]
        #expect(check(["clusterIP": "10.96.0.9", "ports": [["port": 80]]], old: old) == [
            "spec.clusterIPs[0]: Invalid value: []string{\"10.96.0.9\"}: may not change once set",
        ])
        #expect(check(["clusterIP": "10.96.0.5", "ports": [["port": 81]]], old: old).isEmpty)
        // Leaving it out keeps the stored value; moving to ExternalName drops it.
        #expect(check(["ports": [["port": 81]]], old: old).isEmpty)
        #expect(check(["type": "ExternalName", "externalName": "x.example.com"], old: old).isEmpty)
        // An unallocated (ExternalName) service may be given an IP.
        let external: JSON = ["type": "ExternalName", "externalName": "x.example.com"]
        #expect(check(["clusterIP": "10.96.0.9", "ports": [["port": 80]]], old: external).isEmpty)
    }

    @Test func sessionAffinityEnumAndTimeout() {
        #expect(check(["sessionAffinity": "Sticky", "ports": [["port": 80]]]) == [
            "spec.sessionAffinity: Unsupported value: \"Sticky\": supported values: \"ClientIP\", \"None\"",
        ])
        #expect(check(["sessionAffinity": "ClientIP", "sessionAffinityConfig": ["clientIP": ["timeoutSeconds": 0]],
                       "ports": [["port": 80]]]) == [
            "spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 0: must be greater than 0 and less than 86400",
        ])
        #expect(check(["sessionAffinity": "ClientIP", "ports": [["port": 80]]]).isEmpty)
    }

    @Test func trafficPolicies() {
        #expect(check(["externalTrafficPolicy": "Local", "ports": [["port": 80]]]) == [
            "spec.externalTrafficPolicy: Invalid value: \"Local\": may only be set for externally-accessible services",
        ])
        #expect(check(["type": "NodePort", "externalTrafficPolicy": "Nearby", "ports": [["port": 80]]]) == [
            "spec.externalTrafficPolicy: Unsupported value: \"Nearby\": supported values: \"Cluster\", \"Local\"",
        ])
        #expect(check(["internalTrafficPolicy": "Node", "ports": [["port": 80]]]) == [
            "spec.internalTrafficPolicy: Unsupported value: \"Node\": supported values: \"Cluster\", \"Local\"",
        ])
        #expect(check(["type": "NodePort", "externalTrafficPolicy": "Local", "internalTrafficPolicy": "Local",
                       "ports": [["port": 80]]]).isEmpty)
    }

    @Test func externalIPsMustBeRoutable() {
        #expect(check(["externalIPs": ["127.0.0.1"], "ports": [["port": 80]]]) == [
            "spec.externalIPs[0]: Invalid value: \"127.0.0.1\": may not be in the loopback range (127.0.0.0/8, ::1/128)",
        ])
        #expect(check(["externalIPs": ["192.0.2.10"], "ports": [["port": 80]]]).isEmpty)
    }

    @Test func withoutDefaultsRequiredFieldsReported() {
        let errs = admCheck("", "Service", admService(["ports": [["port": 80]]]), defaults: false)
        #expect(errs.contains("spec.ports[0].protocol: Required value"))
        #expect(errs.contains("spec.sessionAffinity: Required value"))
        #expect(errs.contains("spec.type: Required value"))
    }
}
