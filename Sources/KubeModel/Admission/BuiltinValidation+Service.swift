// Service validation: ports, type rules, session affinity, cluster IPs, traffic policies, node port range.

extension BuiltinValidation {
    static let nodePortRange: ClosedRange<Int64> = 30000...32767

    static func validateService(_ svc: JSON, old: JSON?, into e: inout AdmissionErrors) {
        AdmissionMeta.validate(svc, rule: .dns1035, into: &e)
        let spec = svc["spec"]
        let type = spec.admText("type")
        let ports = spec.admArray("ports")
        let clusterIPs = effectiveClusterIPs(svc, old: old)
        let headless = clusterIPs == ["None"]

        if ports.isEmpty && !headless && type != "ExternalName" { e.required("spec.ports") }
        switch type {
        case "LoadBalancer":
            for (i, p) in ports.enumerated() where p.admInt("port") == 10250 {
                e.invalid("spec.ports[\(i)]", int: 10250, "may not expose port 10250 externally since it is used by kubelet")
            }
            if headless { e.invalid("spec.clusterIPs[0]", string: "None", "may not be set to 'None' for LoadBalancer services") }
        case "NodePort":
            if headless { e.invalid("spec.clusterIPs[0]", string: "None", "may not be set to 'None' for NodePort services") }
        case "ExternalName":
            if !clusterIPs.isEmpty { e.forbidden("spec.clusterIPs", "may not be set for ExternalName services") }
            if !spec.admArray("ipFamilies").isEmpty { e.forbidden("spec.ipFamilies", "may not be set for ExternalName services") }
            if spec.admHas("ipFamilyPolicy") { e.forbidden("spec.ipFamilyPolicy", "may not be set for ExternalName services") }
            var cname = spec.admText("externalName")
            if cname.hasSuffix(".") { cname.removeLast() }
            if cname.isEmpty {
                e.required("spec.externalName")
            } else {
                e.invalid("spec.externalName", string: cname, messages: NameValidation.dns1123Subdomain(cname))
            }
        default: break
        }

        var names = Set<String>()
        for (i, p) in ports.enumerated() {
            validateServicePort(p, requireName: ports.count > 1, names: &names, path: "spec.ports[\(i)]", into: &e)
        }
        if let selector = spec.admStringMap("selector") { AdmissionMeta.labels(selector, field: "spec.selector", into: &e) }
        validateSessionAffinity(spec, into: &e)
        if type != "ExternalName" { validateClusterIPs(clusterIPs, spec: spec, into: &e) }
        for (i, ip) in spec.admStrings("externalIPs").enumerated() {
            validateNonSpecialIP(ip, path: "spec.externalIPs[\(i)]", into: &e)
        }

        let types = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"]
        if type.isEmpty { e.required("spec.type") } else if !types.contains(type) { e.notSupported("spec.type", type, types) }
        validateNodePorts(ports, type: type, into: &e)
        validateServicePortUniqueness(ports, into: &e)
        validateLoadBalancerFields(svc, into: &e)
        validateTrafficPolicies(spec, into: &e)
        if let old { validateServiceUpdate(svc, old: old, clusterIPs: clusterIPs, into: &e) }
    }

    static func validateServicePort(_ p: JSON, requireName: Bool, names: inout Set<String>, path: String,
                                    into e: inout AdmissionErrors) {
        let name = p.admText("name")
        if requireName && name.isEmpty {
            e.required("\(path).name")
        } else if !name.isEmpty {
            e.invalid("\(path).name", string: name, messages: NameValidation.dns1123Label(name))
            if !names.insert(name).inserted { e.duplicate("\(path).name", AdmissionGoFormat.quote(name)) }
        }
        let port = p.admInt("port") ?? 0
        for m in NameValidation.portNumber(port) { e.invalid("\(path).port", int: port, m) }
        validateProtocol(p, path: path, into: &e)
        validatePortNumOrName(p["targetPort"], path: "\(path).targetPort", into: &e)
        if let app = p.admString("appProtocol") {
            e.invalid("\(path).appProtocol", string: app, messages: NameValidation.qualifiedName(app))
        }
    }

    static func validateProtocol(_ p: JSON, path: String, into e: inout AdmissionErrors) {
        let proto = p.admText("protocol")
        if proto.isEmpty {
            e.required("\(path).protocol")
        } else if !["SCTP", "TCP", "UDP"].contains(proto) {
            e.notSupported("\(path).protocol", proto, ["SCTP", "TCP", "UDP"])
        }
    }

    /// Upstream's ValidatePortNumOrName for an int-or-string port.
    static func validatePortNumOrName(_ v: JSON, path: String, into e: inout AdmissionErrors) {
        if let s = v.stringValue {
            e.invalid(path, string: s, messages: NameValidation.portName(s))
        } else {
            let n = v.intValue ?? 0
            for m in NameValidation.portNumber(n) { e.invalid(path, int: n, m) }
        }
    }

    private static func validateSessionAffinity(_ spec: JSON, into e: inout AdmissionErrors) {
        let affinity = spec.admText("sessionAffinity")
        if affinity.isEmpty {
            e.required("spec.sessionAffinity")
        } else if affinity != "ClientIP" && affinity != "None" {
            e.notSupported("spec.sessionAffinity", affinity, ["ClientIP", "None"])
        }
        let config = spec["sessionAffinityConfig"]
        if affinity == "ClientIP" {
            let why = "when session affinity type is ClientIP"
            if config.isNull {
                e.required("spec.sessionAffinityConfig", why)
            } else if config["clientIP"].isNull {
                e.required("spec.sessionAffinityConfig.clientIP", why)
            } else if let t = config["clientIP"].admInt("timeoutSeconds") {
                if t <= 0 || t > 86400 {
                    e.invalid("spec.sessionAffinityConfig.clientIP.timeoutSeconds", int: t, "must be greater than 0 and less than 86400")
                }
            } else {
                e.required("spec.sessionAffinityConfig.clientIP.timeoutSeconds", why)
            }
        } else if affinity == "None" && !config.isNull {
            e.forbidden("spec.sessionAffinityConfig", "must not be set when session affinity is None")
        }
    }

    private static func validateNodePorts(_ ports: [JSON], type: String, into e: inout AdmissionErrors) {
        var seen = Set<String>()
        for (i, p) in ports.enumerated() {
            guard let nodePort = p.admInt("nodePort"), nodePort != 0 else { continue }
            if type == "ClusterIP" {
                e.forbidden("spec.ports[\(i)].nodePort", "may not be used when `type` is 'ClusterIP'")
            } else if (type == "NodePort" || type == "LoadBalancer") && !nodePortRange.contains(nodePort) {
                e.invalid("spec.ports[\(i)].nodePort", int: nodePort,
                          "provided port is not in the valid range. The range of valid ports is \(nodePortRange.lowerBound)-\(nodePortRange.upperBound)")
            }
            if !seen.insert("\(p.admText("protocol"))/\(nodePort)").inserted {
                e.duplicate("spec.ports[\(i)].nodePort", String(nodePort))
            }
        }
    }

    private static func validateServicePortUniqueness(_ ports: [JSON], into e: inout AdmissionErrors) {
        var seen = Set<String>()
        for (i, p) in ports.enumerated() {
            let proto = p.admText("protocol"), port = p.admInt("port") ?? 0
            if !seen.insert("\(proto)/\(port)").inserted {
                e.duplicate("spec.ports[\(i)]",
                            "core.ServicePort{Name:\"\", Protocol:\(AdmissionGoFormat.quote(proto)), AppProtocol:(*string)(nil), Port:\(port), TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}")
            }
        }
    }

    private static func validateLoadBalancerFields(_ svc: JSON, into e: inout AdmissionErrors) {
        let spec = svc["spec"]
        let isLB = spec.admText("type") == "LoadBalancer"
        let ranges = spec.admStrings("loadBalancerSourceRanges")
        if !ranges.isEmpty {
            if !isLB { e.forbidden("spec.LoadBalancerSourceRanges", "may only be used when `type` is 'LoadBalancer'") }
            for (i, r) in ranges.enumerated() {
                let v = r.admTrimmedSpaces
                if AdmissionIP.parseCIDR(v) == nil {
                    e.invalid("spec.LoadBalancerSourceRanges[\(i)]", string: v, "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)")
                }
            }
        }
        if spec.admHas("allocateLoadBalancerNodePorts") && !isLB {
            e.forbidden("spec.allocateLoadBalancerNodePorts", "may only be used when `type` is 'LoadBalancer'")
        }
        if isLB && !spec.admHas("allocateLoadBalancerNodePorts") { e.required("allocateLoadBalancerNodePorts") }
    }

    private static func validateTrafficPolicies(_ spec: JSON, into e: inout AdmissionErrors) {
        let type = spec.admText("type")
        let external = type == "LoadBalancer" || type == "NodePort" || (type == "ClusterIP" && !spec.admArray("externalIPs").isEmpty)
        let etp = spec.admText("externalTrafficPolicy")
        if !external {
            if !etp.isEmpty { e.invalid("spec.externalTrafficPolicy", string: etp, "may only be set for externally-accessible services") }
        } else if etp.isEmpty {
            e.required("spec.externalTrafficPolicy")
        } else if etp != "Cluster" && etp != "Local" {
            e.notSupported("spec.externalTrafficPolicy", etp, ["Cluster", "Local"])
        }
        let needsHealthCheck = type == "LoadBalancer" && etp == "Local"
        if let hc = spec.admInt("healthCheckNodePort"), hc != 0 {
            if !needsHealthCheck {
                e.invalid("spec.healthCheckNodePort", int: hc, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'")
            } else {
                for m in NameValidation.portNumber(hc) { e.invalid("spec.healthCheckNodePort", int: hc, m) }
            }
        }
        if let itp = spec.admString("internalTrafficPolicy") {
            if itp != "Cluster" && itp != "Local" { e.notSupported("spec.internalTrafficPolicy", itp, ["Cluster", "Local"]) }
        } else if ["NodePort", "LoadBalancer", "ClusterIP"].contains(type) {
            e.required("spec.internalTrafficPolicy")
        }
        if let td = spec.admString("trafficDistribution"), td != "PreferClose" {
            e.notSupported("spec.trafficDistribution", td, ["PreferClose"])
        }
    }
}
