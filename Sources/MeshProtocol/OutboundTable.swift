// An index of a snapshot's outbound routes by (address, port), built once per snapshot so
// the proxy's per-connection lookup is a hash probe instead of a scan, and each route's decision
// (its usable backends, resolved against the clusters) made once too.

/// Outbound routes keyed by original destination.
public struct OutboundTable: Sendable {
    struct Key: Hashable {
        var ip: UInt32
        var port: UInt16
    }

    let config: ProxyConfig
    let index: [Key: Int]
    /// The decision for each route of `config.outbound`, by position.
    let routeDecisions: [OutboundDecision]
    /// The Egress rules with their ranges parsed once: (policy name, port, (network, mask) list; empty = any).
    let egress: [(name: String, port: UInt16, ranges: [(network: UInt32, mask: UInt32)])]

    /// Indexes a snapshot; on a duplicate key the first route wins (as `validate()` reports).
    public init(_ config: ProxyConfig) {
        self.config = config
        var index: [Key: Int] = [:]
        for (position, route) in config.outbound.enumerated() {
            for address in route.addresses {
                guard let ip = IPv4Text.parse(address) else { continue }
                let key = Key(ip: ip, port: route.port)
                if index[key] == nil { index[key] = position }
            }
        }
        self.index = index
        // A matched route's decision depends on the snapshot only, not on the address matched.
        var clusters: [String: Cluster] = [:]
        for cluster in config.clusters where clusters[cluster.name] == nil { clusters[cluster.name] = cluster }
        routeDecisions = config.outbound.map { config.decision(for: $0, ip: 0, port: 0, clusterNamed: { clusters[$0] }) }
        // A rule with a malformed range never matches (validate() reports it), rather than matching any address.
        egress = config.egress.compactMap { rule in
            let ranges = rule.cidrs.compactMap(EgressRule.range)
            return ranges.count == rule.cidrs.count ? (rule.name, rule.port, ranges) : nil
        }
    }

    /// The Egress rule that lets (`ip`, `port`) out, if any.
    func egressPolicy(ip: UInt32, port: UInt16) -> String? {
        egress.first { rule in
            rule.port == port && (rule.ranges.isEmpty || rule.ranges.contains { ip & $0.mask == $0.network })
        }?.name
    }

    /// The route for an original destination, if any.
    public func route(ip: UInt32, port: UInt16) -> OutboundRoute? {
        index[Key(ip: ip, port: port)].map { config.outbound[$0] }
    }

    /// The decision for an outbound connection, as `ProxyConfig.outboundDecision(for:)`.
    public func decision(ip: UInt32, port: UInt16) -> OutboundDecision {
        if let position = index[Key(ip: ip, port: port)] { return routeDecisions[position] }
        return config.decision(for: nil, ip: ip, port: port, egressPolicy: egressPolicy)
    }
}
