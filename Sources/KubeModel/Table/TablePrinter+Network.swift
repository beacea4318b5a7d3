// Printers for Service, Endpoints and EndpointSlice.

extension TablePrinter {
    /// Cells for a Service: Name, Type, Cluster-IP, External-IP, Port(s), Age, Selector.
    static func serviceCells(_ svc: JSON, now: Double) -> [JSON] {
        let spec = svc["spec"]
        let type = spec["type"].stringValue ?? "ClusterIP"
        let clusterIP =
            spec["clusterIPs"].arrayValue?.first?.stringValue
            ?? spec["clusterIP"].stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? "<none>"
        var ports = servicePorts(spec["ports"].arrayValue ?? [])
        if ports.isEmpty { ports = "<none>" }
        return [
            nameCell(svc), .string(type), .string(clusterIP), .string(serviceExternalIP(svc, type: type)),
            .string(ports), ageCell(svc, now: now), .string(TableCellFormat.labels(spec["selector"])),
        ]
    }

    /// `port/proto` or `port:nodePort/proto` for each port, comma-joined.
    static func servicePorts(_ ports: [JSON]) -> String {
        ports.map { p in
            let port = TableCellFormat.int(p["port"])
            let proto = p["protocol"].stringValue ?? "TCP"
            let nodePort = TableCellFormat.int(p["nodePort"])
            return nodePort > 0 ? "\(port):\(nodePort)/\(proto)" : "\(port)/\(proto)"
        }.joined(separator: ",")
    }

    /// The External-IP cell: external IPs, load-balancer ingress, or the external name, by service type.
    static func serviceExternalIP(_ svc: JSON, type: String) -> String {
        let externalIPs = (svc[["spec", "externalIPs"]].arrayValue ?? []).compactMap(\.stringValue)
        switch type {
        case "ClusterIP", "NodePort":
            return externalIPs.isEmpty ? "<none>" : externalIPs.joined(separator: ",")
        case "LoadBalancer":
            var seen: Set<String> = []
            for ingress in svc[["status", "loadBalancer", "ingress"]].arrayValue ?? [] {
                if let ip = ingress["ip"].stringValue, !ip.isEmpty {
                    seen.insert(ip)
                } else if let host = ingress["hostname"].stringValue, !host.isEmpty {
                    seen.insert(host)
                }
            }
            let lb = seen.sorted()
            if !externalIPs.isEmpty { return (lb + externalIPs).joined(separator: ",") }
            return lb.isEmpty ? "<pending>" : lb.joined(separator: ",")
        case "ExternalName":
            return TableCellFormat.string(svc[["spec", "externalName"]])
        default:
            return "<unknown>"
        }
    }

    /// Cells for Endpoints: Name, Endpoints (`ip:port`, at most three, then ` + N more...`), Age.
    static func endpointsCells(_ ep: JSON, now: Double) -> [JSON] {
        [nameCell(ep), .string(formatEndpoints(ep["subsets"].arrayValue ?? [])), ageCell(ep, now: now)]
    }

    /// `formatEndpoints` with no port filter.
    static func formatEndpoints(_ subsets: [JSON]) -> String {
        if subsets.isEmpty { return "<none>" }
        let limit = 3
        var list: [String] = []
        var count = 0
        var more = false
        for subset in subsets {
            let addresses = subset["addresses"].arrayValue ?? []
            let ports = subset["ports"].arrayValue ?? []
            if ports.isEmpty {
                count += addresses.count
                for a in addresses {
                    if list.count == limit {
                        more = true
                        break
                    }
                    list.append(TableCellFormat.string(a["ip"]))
                }
                continue
            }
            for port in ports {
                count += addresses.count
                for a in addresses {
                    if list.count == limit {
                        more = true
                        break
                    }
                    list.append(TableCellFormat.hostPort(TableCellFormat.string(a["ip"]), TableCellFormat.int(port["port"])))
                }
            }
        }
        let joined = list.joined(separator: ",")
        return more ? "\(joined) + \(count - limit) more..." : joined
    }

    /// Cells for an EndpointSlice: Name, AddressType, Ports, Endpoints, Age.
    static func endpointSliceCells(_ slice: JSON, now: Double) -> [JSON] {
        let ports = (slice["ports"].arrayValue ?? []).map { p -> String in
            if let n = p["port"].intValue { return String(n) }
            return p["name"].stringValue ?? "*"
        }
        let addresses = (slice["endpoints"].arrayValue ?? []).flatMap { ($0["addresses"].arrayValue ?? []).map(TableCellFormat.string) }
        return [
            nameCell(slice), .string(TableCellFormat.string(slice["addressType"])),
            .string(TableCellFormat.listWithMore(ports)), .string(TableCellFormat.listWithMore(addresses)),
            ageCell(slice, now: now),
        ]
    }
}
