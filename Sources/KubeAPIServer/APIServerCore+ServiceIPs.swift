import KubeModel

extension APIServerCore {
    private static let serviceCIDR = "10.96.0.0/12"

    /// Gives a Service its ClusterIP and NodePorts (keeping those it already has on update).
    func allocateServiceAddresses(_ obj: inout JSON, old: JSON?, _ r: APIResource) async throws {
        let type = obj[["spec", "type"]].stringValue ?? "ClusterIP"
        var requested = obj[["spec", "clusterIP"]].stringValue ?? ""
        let oldIP = old?[["spec", "clusterIP"]].stringValue ?? ""
        if requested.isEmpty, !oldIP.isEmpty, type != "ExternalName" {
            requested = oldIP
            obj[["spec", "clusterIP"]] = .string(oldIP)
            obj[["spec", "clusterIPs"]] = old?[["spec", "clusterIPs"]] ?? .array([.string(oldIP)])
        }
        if type == "ExternalName" {
            if requested.isEmpty { obj[["spec", "clusterIPs"]] = .null }
        } else if requested == "None" {
            obj[["spec", "clusterIPs"]] = ["None"]
        } else if requested.isEmpty {
            guard let ip = await serviceIPs.allocate() else {
                throw APIError.internalError("failed to allocate a serviceIP: range is full")
            }
            obj[["spec", "clusterIP"]] = .string(IPv4.format(ip))
            obj[["spec", "clusterIPs"]] = [.string(IPv4.format(ip))]
        } else if requested != oldIP, oldIP.isEmpty || oldIP == "None" {
            let field = FieldError(.invalid, field: "spec.clusterIPs", value: "[]string{\"\(requested)\"}", detail: "")
            guard let ip = IPv4.parse(requested) else {
                var e = field
                e.detail = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"
                throw APIError.invalid(r, obj.name, [e])
            }
            guard serviceIPs.contains(ip) else {
                var e = field
                e.detail = "failed to allocate IP \(requested): the provided IP (\(requested)) is not in the valid range. The range of valid IPs is \(Self.serviceCIDR)"
                throw APIError.invalid(r, obj.name, [e])
            }
            guard await serviceIPs.claim(ip) else {
                var e = field
                e.detail = "failed to allocate IP \(requested): provided IP is already allocated"
                throw APIError.invalid(r, obj.name, [e])
            }
            obj[["spec", "clusterIPs"]] = [.string(requested)]
        }
        guard type == "NodePort" || type == "LoadBalancer", var ports = obj[["spec", "ports"]].arrayValue else { return }
        let oldPorts = old?[["spec", "ports"]].arrayValue ?? []
        for i in ports.indices {
            if let np = ports[i]["nodePort"].intValue, np != 0 {
                guard let port = UInt32(exactly: np) else {
                    throw APIError.invalid(r, obj.name, [FieldError(
                        .invalid, field: "spec.ports[\(i)].nodePort", value: "\(np)",
                        detail: "provided port is not in the valid range. The range of valid ports is 30000-32767")])
                }
                let had = oldPorts.contains { $0["nodePort"].intValue == np }
                if !had, !(await nodePorts.claim(port)) {
                    throw APIError.invalid(r, obj.name, [FieldError(
                        .invalid, field: "spec.ports[\(i)].nodePort", value: "\(np)",
                        detail: "provided port is already allocated")])
                }
            } else if let prior = oldPorts.first(where: { $0["port"] == ports[i]["port"] })?["nodePort"].intValue {
                ports[i]["nodePort"] = .int(prior)
            } else if let np = await nodePorts.allocate() {
                ports[i]["nodePort"] = .int(Int64(np))
            }
        }
        obj[["spec", "ports"]] = .array(ports)
    }

    /// Returns a deleted Service's ClusterIP and NodePorts to their pools.
    func releaseServiceAddresses(_ obj: JSON) async {
        if let ip = obj[["spec", "clusterIP"]].stringValue.flatMap(IPv4.parse) { await serviceIPs.release(ip) }
        for p in obj[["spec", "ports"]].arrayValue ?? [] {
            if let np = p["nodePort"].intValue.flatMap({ UInt32(exactly: $0) }) { await nodePorts.release(np) }
        }
    }

    /// Returns what `next` holds and `current` does not (after a dry-run update).
    func releaseNewServiceAddresses(_ next: JSON, current: JSON) async {
        let ip = next[["spec", "clusterIP"]].stringValue
        if ip != current[["spec", "clusterIP"]].stringValue, let v = ip.flatMap(IPv4.parse) { await serviceIPs.release(v) }
        let had = Set((current[["spec", "ports"]].arrayValue ?? []).compactMap { $0["nodePort"].intValue })
        for p in next[["spec", "ports"]].arrayValue ?? [] {
            if let np = p["nodePort"].intValue, !had.contains(np), let port = UInt32(exactly: np) { await nodePorts.release(port) }
        }
    }

    /// Marks the addresses of stored Services as taken (at start-up).
    func claimExistingServiceAddresses() async {
        for svc in await store.list(collection: "core/services", namespace: nil).items {
            if let ip = svc[["spec", "clusterIP"]].stringValue.flatMap(IPv4.parse) { _ = await serviceIPs.claim(ip) }
            for p in svc[["spec", "ports"]].arrayValue ?? [] {
                if let np = p["nodePort"].intValue.flatMap({ UInt32(exactly: $0) }) { _ = await nodePorts.claim(np) }
            }
        }
    }
}
