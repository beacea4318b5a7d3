// The records each kind of cluster name holds, CNAME chasing for ExternalName, and the SOA.

/// The outcome of looking one name and type up in the cluster's zones.
struct ClusterDNSLookup {
    var answers: [DNSResourceRecord] = []
    var additional: [DNSResourceRecord] = []
    var rcode: DNSResponseCode = .noError
    /// Set for NXDOMAIN and NODATA: the zone whose SOA goes into the authority section.
    var negativeZone: ClusterDNSZone?
}

extension ClusterDNS {
    /// Longest chain of in-zone ExternalName aliases followed for one query.
    static let maxAliasChain = 8
    /// The schema version of the Kubernetes DNS specification served at `dns-version.<domain>`.
    static let schemaVersion = "1.1.0"

    /// Answers for `name`/`type`; ExternalName CNAMEs that point back into the zone are followed.
    func lookup(_ name: DNSName, type: DNSRecordType, records: ClusterDNSRecords) -> ClusterDNSLookup {
        var result = ClusterDNSLookup()
        var current = name
        var seen: Set<DNSName> = []
        for _ in 0..<Self.maxAliasChain {
            seen.insert(current)
            let node = classify(current, records: records)
            if node == .outside { return result }  // an alias left our zones; the client follows it
            if case .service(let service) = node, case .externalName(let target) = service.kind, type != .cname {
                result.answers.append(record(current, .cname(target)))
                if seen.contains(target) { return result }
                current = target
                continue
            }
            let found = self.records(of: node, owner: current, type: type, records: records)
            result.answers += found.answers
            result.additional += found.additional
            result.rcode = found.rcode
            result.negativeZone = found.negativeZone
            return result
        }
        return result
    }

    /// The records `node` holds for `type`, owned by `owner` (the name exactly as asked).
    private func records(
        of node: ClusterDNSNode, owner: DNSName, type: DNSRecordType, records: ClusterDNSRecords
    ) -> ClusterDNSLookup {
        let wantsAddress = type == .a || type == .any
        var found = ClusterDNSLookup()
        switch node {
        case .outside:
            return found
        case .nonexistent(let zone):
            found.rcode = .nameError
            found.negativeZone = zone
            return found
        case .emptyNonTerminal:
            break
        case .apex:
            let server = nameserverName
            if type == .soa || type == .any { found.answers.append(startOfAuthority(.cluster, records: records)) }
            if type == .ns || type == .any {
                found.answers.append(record(owner, .ns(server)))
                found.additional.append(record(server, .a(settings.nameserverAddress)))
            }
        case .nameserver:
            if wantsAddress { found.answers.append(record(owner, .a(settings.nameserverAddress))) }
        case .dnsVersion:
            if type == .txt || type == .any {
                found.answers.append(record(owner, .txt([Array(Self.schemaVersion.utf8)])))
            }
        case .service(let service):
            switch service.kind {
            case .clusterIP(let ip):
                if wantsAddress { found.answers.append(record(owner, .a(ip))) }
            case .headless(let endpoints):
                if wantsAddress { found.answers += endpoints.map { record(owner, .a($0.ip)) } }
            case .externalName(let target):
                found.answers.append(record(owner, .cname(target)))
            }
            if type == .srv { serviceLocations(owner, service, service.ports, into: &found) }
        case .endpoint(_, let endpoints):
            if wantsAddress { found.answers += endpoints.map { record(owner, .a($0.ip)) } }
        case .servicePorts(let service, let ports):
            if type == .srv { serviceLocations(owner, service, ports, into: &found) }
        case .pod(let ip):
            if wantsAddress { found.answers.append(record(owner, .a(ip))) }
        case .reverse(let targets):
            if type == .ptr || type == .any {
                found.answers += targets.compactMap { reverseName($0) }.map { record(owner, .ptr($0)) }
            }
        }
        if found.answers.isEmpty {
            if case .reverse = node { found.negativeZone = .reverse }
            else if case .emptyNonTerminal(let zone) = node { found.negativeZone = zone }
            else { found.negativeZone = .cluster }
        }
        return found
    }

    /// SRV records for `ports` of `service`, with the targets' A records as additional data.
    /// Priority 0 and an equal share of weight 100 for each record.
    private func serviceLocations(
        _ owner: DNSName, _ service: ClusterDNSService, _ ports: [ClusterDNSPort], into found: inout ClusterDNSLookup
    ) {
        var targets: [(name: DNSName, ip: IPv4Address, useEndpointPort: Bool)] = []
        switch service.kind {
        case .clusterIP(let ip):
            if let name = serviceName(service.name, service.namespace) { targets.append((name, ip, false)) }
        case .headless(let endpoints):
            for endpoint in endpoints {
                if let name = try? serviceName(service.name, service.namespace)?.prepending(endpoint.label) {
                    targets.append((name, endpoint.ip, true))
                }
            }
        case .externalName:
            return
        }
        let count = targets.count * ports.count
        guard count > 0 else { return }
        let weight = UInt16(max(1, 100 / count))
        for target in targets {
            for port in ports {
                let number = target.useEndpointPort ? port.endpointPort ?? port.port : port.port
                let location = DNSServiceLocation(priority: 0, weight: weight, port: number, target: target.name)
                found.answers.append(record(owner, .srv(location)))
            }
            found.additional.append(record(target.name, .a(target.ip)))
        }
    }

    /// The SOA record of `zone`, owned by the zone's apex.
    func startOfAuthority(_ zone: ClusterDNSZone, records: ClusterDNSRecords) -> DNSResourceRecord {
        let apex = zone == .cluster ? settings.domain : Self.reverseZone
        let mailbox = (try? settings.domain.prepending("hostmaster")) ?? settings.domain
        let soa = DNSStartOfAuthority(
            primaryServer: nameserverName, responsibleMailbox: mailbox, serial: records.serial,
            refresh: 7200, retry: 1800, expire: 86400, minimumTTL: settings.ttl)
        return record(apex, .soa(soa))
    }

    /// `ns.dns.<domain>`.
    private var nameserverName: DNSName {
        (try? settings.domain.prepending("dns").prepending("ns")) ?? settings.domain
    }

    /// `<service>.<namespace>.svc.<domain>`, or nil if a label breaks the DNS limits.
    private func serviceName(_ service: String, _ namespace: String) -> DNSName? {
        try? settings.domain.prepending("svc").prepending(namespace).prepending(service)
    }

    private func reverseName(_ target: ClusterDNSRecords.ReverseTarget) -> DNSName? {
        switch target {
        case .service(let name, let namespace):
            serviceName(name, namespace)
        case .endpoint(let label, let service, let namespace):
            try? serviceName(service, namespace)?.prepending(label)
        }
    }

    private func record(_ owner: DNSName, _ data: DNSRecordData) -> DNSResourceRecord {
        DNSResourceRecord(name: owner, ttl: settings.ttl, data: data)
    }
}
