// Consistency checks of a snapshot. The controller runs them before sending, the proxy
// before switching to a snapshot (it keeps its last good one when the list is not empty).

extension ProxyConfig {
    /// Every problem found, one sentence each; empty when the snapshot is usable.
    public func validate() -> [String] {
        var problems: [String] = []
        if meshName.isEmpty { problems.append("meshName is empty") }
        if !identity.isValid { problems.append("identity \"\(identity)\" is not a valid <serviceaccount>.<namespace>") }
        if !isDNSSubdomain(trustDomain) { problems.append("trustDomain \"\(trustDomain)\" is not a DNS name") }
        if tls.minVersion != .auto, tls.maxVersion != .auto, tls.minVersion > tls.maxVersion {
            problems.append(
                "tls.minVersion \(tls.minVersion.rawValue) is above tls.maxVersion \(tls.maxVersion.rawValue)")
        }
        if timeouts.connectTimeoutMillis == 0 { problems.append("timeouts.connectTimeoutMillis is 0") }
        if let certificates {
            if !certificates.certificateChainPEM.contains("-----BEGIN CERTIFICATE-----") {
                problems.append("certificates.certificateChainPEM holds no PEM certificate")
            }
            if !certificates.trustBundlePEM.contains("-----BEGIN CERTIFICATE-----") {
                problems.append("certificates.trustBundlePEM holds no PEM certificate")
            }
        }
        problems += outboundProblems()
        problems += clusterProblems()
        problems += inboundProblems()
        for rule in egress {
            if rule.port == 0 { problems.append("egress rule \"\(rule.name)\" has port 0") }
            if !["tcp", "tcp-server-first"].contains(rule.protocol) {
                problems.append("egress rule \"\(rule.name)\" has protocol \"\(rule.protocol)\"; this proxy carries tcp and tcp-server-first")
            }
            for cidr in rule.cidrs where EgressRule.range(cidr) == nil {
                problems.append("egress rule \"\(rule.name)\" has an invalid address range \"\(cidr)\"")
            }
        }
        return problems
    }

    func outboundProblems() -> [String] {
        var problems: [String] = []
        let clusterNames = Set(clusters.map(\.name))
        var owner: [String: String] = [:]  // "address:port" → route name
        for route in outbound {
            let r = "outbound route \"\(route.name)\""
            if route.port == 0 { problems.append("\(r) has port 0") }
            if route.addresses.isEmpty { problems.append("\(r) has no addresses") }
            for address in route.addresses {
                guard let value = IPv4Text.parse(address) else {
                    problems.append("\(r) has an invalid address \"\(address)\"")
                    continue
                }
                let key = "\(IPv4Text.format(value)):\(route.port)"
                if let first = owner[key] {
                    problems.append("duplicate outbound route for \(key): \"\(first)\" and \"\(route.name)\"")
                } else {
                    owner[key] = route.name
                }
            }
            if route.backends.isEmpty { problems.append("\(r) has no backends") }
            for backend in route.backends where !clusterNames.contains(backend.cluster) {
                problems.append("\(r) sends to cluster \"\(backend.cluster)\", which does not exist")
            }
            if Set(route.backends.map(\.cluster)).count != route.backends.count {
                problems.append("\(r) lists a backend cluster twice")
            }
            if !route.backends.isEmpty, route.backends.allSatisfy({ $0.weight == 0 }) {
                problems.append("\(r) has weight 0 on every backend")
            }
        }
        return problems
    }

    func clusterProblems() -> [String] {
        var problems: [String] = []
        var seen = Set<String>()
        for cluster in clusters {
            let c = "cluster \"\(cluster.name)\""
            if !seen.insert(cluster.name).inserted { problems.append("duplicate \(c)") }
            if cluster.sni.isEmpty { problems.append("\(c) has no SNI") }
            if cluster.serverIdentities.isEmpty {
                problems.append("\(c) has no server identities, so no server can be verified")
            }
            for endpoint in cluster.endpoints {
                if IPv4Text.parse(endpoint.address) == nil {
                    problems.append("\(c) has an invalid endpoint address \"\(endpoint.address)\"")
                }
                if endpoint.port == 0 { problems.append("\(c) has an endpoint with port 0") }
            }
            if !cluster.endpoints.isEmpty, cluster.endpoints.allSatisfy({ $0.weight == 0 }) {
                problems.append("\(c) has weight 0 on every endpoint")
            }
        }
        return problems
    }

    func inboundProblems() -> [String] {
        var problems: [String] = []
        var seen = Set<UInt16>()
        for entry in inbound {
            let p = "inbound port \(entry.port)"
            if entry.port == 0 { problems.append("inbound port 0 is not a port") }
            if !seen.insert(entry.port).inserted { problems.append("duplicate \(p)") }
            if MeshProtocol.reservedPorts.contains(entry.port) { problems.append("\(p) is reserved for the proxy") }
            if entry.localPort == 0 { problems.append("\(p) has local port 0") }
            if entry.serverNames.isEmpty { problems.append("\(p) accepts no server name") }
            if permissive, entry.authorization != .anyMeshIdentity {
                problems.append("\(p) restricts identities although the mesh is permissive")
            }
        }
        return problems
    }
}
