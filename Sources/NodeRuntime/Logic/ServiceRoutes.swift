// Which ClusterIP:port goes to which ready endpoints, from Services and Endpoints objects.
import KubeModel
import NetPlan

/// Builds the node's ClusterIP routes.
public enum ServiceRoutes {
    /// One route per port of every Service with a ClusterIP, to the ready addresses of its Endpoints.
    public static func build(services: [JSON], endpoints: [JSON]) -> [ServicePortRoute] {
        var byKey: [String: JSON] = [:]
        for e in endpoints { byKey["\(e.namespace)/\(e.name)"] = e }
        var routes: [ServicePortRoute] = []
        for service in services {
            guard let ip = service[["spec", "clusterIP"]].stringValue, !ip.isEmpty, ip != "None",
                  service[["spec", "type"]].stringValue != "ExternalName"
            else { continue }
            let subsets = byKey["\(service.namespace)/\(service.name)"]?["subsets"].arrayValue ?? []
            for port in service[["spec", "ports"]].arrayValue ?? [] {
                guard let number = port["port"].intValue, let p = UInt16(exactly: number) else { continue }
                let proto = (port["protocol"].stringValue ?? "TCP").lowercased()
                guard proto == "tcp" || proto == "udp" else { continue }
                let name = port["name"].stringValue ?? ""
                var targets: [String] = []
                for subset in subsets {
                    let match = (subset["ports"].arrayValue ?? []).first {
                        ($0["name"].stringValue ?? "") == name && ($0["protocol"].stringValue ?? "TCP").lowercased() == proto
                    }
                    guard let target = match?["port"].intValue else { continue }
                    for address in subset["addresses"].arrayValue ?? [] {
                        if let a = address["ip"].stringValue { targets.append("\(a):\(target)") }
                    }
                }
                routes.append(ServicePortRoute(clusterIP: ip, port: p, proto: proto, endpoints: targets))
            }
        }
        return routes
    }
}
