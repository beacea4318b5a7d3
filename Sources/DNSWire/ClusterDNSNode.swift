// Classifying a query name: which kube-dns name shape it has and what in the snapshot it denotes.

/// The zones the cluster DNS is authoritative for.
enum ClusterDNSZone: Hashable {
    /// `<domain>` (cluster.local).
    case cluster
    /// The part of `in-addr.arpa` that covers the service and pod networks.
    case reverse
}

/// What a query name denotes.
enum ClusterDNSNode: Hashable {
    /// Not in any zone this server owns.
    case outside
    /// The cluster domain itself (SOA, NS).
    case apex
    /// A name that exists only because names below it exist (NODATA for every type).
    case emptyNonTerminal(ClusterDNSZone)
    /// `ns.dns.<domain>`, the server's own address.
    case nameserver
    /// `dns-version.<domain>`, the schema version TXT record of the Kubernetes DNS specification.
    case dnsVersion
    /// `<svc>.<ns>.svc.<domain>`.
    case service(ClusterDNSService)
    /// `<hostname>.<svc>.<ns>.svc.<domain>` of a headless Service, with its addresses.
    case endpoint(ClusterDNSService, [ClusterDNSEndpoint])
    /// `_<port>._<proto>.<svc>.<ns>.svc.<domain>`, with the matching ports.
    case servicePorts(ClusterDNSService, [ClusterDNSPort])
    /// `<a-b-c-d>.<ns>.pod.<domain>`.
    case pod(IPv4Address)
    /// `<d>.<c>.<b>.<a>.in-addr.arpa` of a ClusterIP or endpoint.
    case reverse([ClusterDNSRecords.ReverseTarget])
    /// A name inside a zone of this server that does not exist (NXDOMAIN).
    case nonexistent(ClusterDNSZone)
}

extension ClusterDNS {
    /// `in-addr.arpa`.
    static let reverseZone = DNSName(unchecked: [Array("in-addr".utf8), Array("arpa".utf8)])

    /// Which node of the cluster's zones `name` is (case-insensitive).
    func classify(_ name: DNSName, records: ClusterDNSRecords) -> ClusterDNSNode {
        if let relative = name.lowercasedLabels(below: settings.domain) {
            return classifyCluster(Array(relative), records: records)
        }
        if let relative = name.lowercasedLabels(below: Self.reverseZone) {
            return classifyReverse(relative, records: records)
        }
        return .outside
    }

    /// `relative` are the labels left of the cluster domain, leftmost first.
    private func classifyCluster(_ relative: [String], records: ClusterDNSRecords) -> ClusterDNSNode {
        guard let top = relative.last else { return .apex }
        let below = Array(relative.dropLast())
        switch (top, below.count) {
        case ("svc", _):
            return classifyServiceName(below, records: records)
        case ("pod", 0), ("dns", 0):
            return .emptyNonTerminal(.cluster)
        case ("pod", 1):
            return records.hasNamespace(below[0]) || settings.podRecords == .insecure
                ? .emptyNonTerminal(.cluster) : .nonexistent(.cluster)
        case ("pod", 2):
            return podNode(dashed: below[0], namespace: below[1], records: records)
        case ("dns", 1) where below[0] == "ns":
            return .nameserver
        case ("dns-version", 0):
            return .dnsVersion
        default:
            return .nonexistent(.cluster)
        }
    }

    /// `labels` are the labels left of `svc.<domain>`: `[ns]`, `[svc, ns]`, `[host|_proto, svc, ns]`
    /// or `[_port, _proto, svc, ns]`.
    private func classifyServiceName(_ labels: [String], records: ClusterDNSRecords) -> ClusterDNSNode {
        guard let namespace = labels.last else { return .emptyNonTerminal(.cluster) }
        if labels.count == 1 {
            return records.servicesByNamespace[namespace] != nil ? .emptyNonTerminal(.cluster) : .nonexistent(.cluster)
        }
        guard labels.count <= 4, let service = records.servicesByNamespace[namespace]?[labels[labels.count - 2]]
        else { return .nonexistent(.cluster) }
        switch labels.count {
        case 2:
            return .service(service)
        case 3 where labels[0].hasPrefix("_"):
            let matching = service.ports.filter { "_" + $0.transport.lowercased() == labels[0] && !$0.name.isEmpty }
            return matching.isEmpty ? .nonexistent(.cluster) : .emptyNonTerminal(.cluster)
        case 3:
            guard case .headless(let endpoints) = service.kind else { return .nonexistent(.cluster) }
            let matching = endpoints.filter { $0.label.lowercased() == labels[0] }
            return matching.isEmpty ? .nonexistent(.cluster) : .endpoint(service, matching)
        default:
            let matching = service.ports.filter {
                "_" + $0.name.lowercased() == labels[0] && "_" + $0.transport.lowercased() == labels[1]
            }
            return matching.isEmpty ? .nonexistent(.cluster) : .servicePorts(service, matching)
        }
    }

    private func podNode(dashed: String, namespace: String, records: ClusterDNSRecords) -> ClusterDNSNode {
        let parts = dashed.split(separator: "-", omittingEmptySubsequences: false)
        guard let octets = IPv4Address.octets(parts) else { return .nonexistent(.cluster) }
        let ip = IPv4Address(octets[0], octets[1], octets[2], octets[3])
        switch settings.podRecords {
        case .disabled: return .nonexistent(.cluster)
        case .insecure: return .pod(ip)
        case .verified: return records.hasPod(ip, in: namespace) ? .pod(ip) : .nonexistent(.cluster)
        }
    }

    /// `relative` are the labels left of `in-addr.arpa`; only the service and pod networks are ours.
    private func classifyReverse(_ relative: [String], records: ClusterDNSRecords) -> ClusterDNSNode {
        // Octets are written in reverse: the rightmost label is the address's first octet.
        var octets: [UInt8] = []
        for label in relative.reversed().prefix(4) {
            guard let octet = IPv4Address.octets([Substring(label), "0", "0", "0"])?.first else { break }
            octets.append(octet)
        }
        guard !octets.isEmpty else { return .outside }
        let padded = octets + Array(repeating: 0, count: 4 - octets.count)
        let address = IPv4Address(padded[0], padded[1], padded[2], padded[3])
        let network = IPv4Network(address, prefixLength: 8 * octets.count)
        guard network.overlaps(settings.serviceNetwork) || network.overlaps(settings.podNetwork) else {
            return .outside
        }
        if octets.count < relative.count { return .nonexistent(.reverse) }
        if octets.count < 4 { return .emptyNonTerminal(.reverse) }
        if let targets = records.reverse[address], !targets.isEmpty { return .reverse(targets) }
        return .nonexistent(.reverse)
    }
}
