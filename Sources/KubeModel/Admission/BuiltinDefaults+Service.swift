// Service and Endpoints defaults, including the IP family fields the Service registry fills in.

extension BuiltinDefaults {
    static func defaultService(_ svc: inout JSON) {
        var spec = svc["spec"].objectValue != nil ? svc["spec"] : JSON.object([:])
        if spec.admText("sessionAffinity").isEmpty { spec["sessionAffinity"] = "None" }
        switch spec.admText("sessionAffinity") {
        case "None":
            spec["sessionAffinityConfig"] = .null
        case "ClientIP" where spec["sessionAffinityConfig"]["clientIP"]["timeoutSeconds"].isNull:
            spec["sessionAffinityConfig"] = ["clientIP": ["timeoutSeconds": 10800]]
        default:
            break
        }
        if spec.admText("type").isEmpty { spec["type"] = "ClusterIP" }
        let type = spec.admText("type")
        spec.admEach("ports") { port in
            if port.admText("protocol").isEmpty { port["protocol"] = "TCP" }
            let target = port["targetPort"]
            if target.isNull || target.intValue == 0 || target.stringValue == "" {
                port["targetPort"] = port["port"].isNull ? 0 : port["port"]
            }
        }
        let external = type == "LoadBalancer" || type == "NodePort" || (type == "ClusterIP" && !spec.admArray("externalIPs").isEmpty)
        if external && spec.admText("externalTrafficPolicy").isEmpty { spec["externalTrafficPolicy"] = "Cluster" }
        if ["NodePort", "LoadBalancer", "ClusterIP"].contains(type) { spec.admDefault("internalTrafficPolicy", "Cluster") }
        if type == "LoadBalancer" { spec.admDefault("allocateLoadBalancerNodePorts", true) }
        if type != "ExternalName" { defaultServiceIPFields(&spec) }
        svc["spec"] = spec
        if svc["status"]["loadBalancer"].isNull { svc[["status", "loadBalancer"]] = .object([:]) }
    }

    /// clusterIP/clusterIPs kept in step, and the single-stack IPv4 family fields of this cluster.
    static func defaultServiceIPFields(_ spec: inout JSON) {
        let clusterIP = spec.admText("clusterIP"), clusterIPs = spec.admStrings("clusterIPs")
        if !clusterIP.isEmpty && clusterIPs.isEmpty { spec["clusterIPs"] = [.string(clusterIP)] }
        if clusterIP.isEmpty, let first = clusterIPs.first { spec["clusterIP"] = .string(first) }
        let headless = spec.admText("clusterIP") == "None"
        let selectorless = (spec.admStringMap("selector") ?? [:]).isEmpty
        if !spec.admHas("ipFamilyPolicy") {
            spec["ipFamilyPolicy"] = headless && selectorless ? "RequireDualStack" : "SingleStack"
        }
        if spec.admArray("ipFamilies").isEmpty {
            let ips = spec.admStrings("clusterIPs").filter { $0 != "None" }
            let families = ips.compactMap(AdmissionIP.init).map { $0.isIPv4 ? "IPv4" : "IPv6" }
            spec["ipFamilies"] = .array((families.isEmpty ? ["IPv4"] : families).map { .string($0) })
        }
    }

    static func defaultEndpoints(_ ep: inout JSON) {
        ep.admEach("subsets") { subset in
            subset.admEach("ports") { port in
                if port.admText("protocol").isEmpty { port["protocol"] = "TCP" }
            }
        }
    }
}
