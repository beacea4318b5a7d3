// `osm verify connectivity`'s judgement, as a pure function of the two sidecars' live configs: whether the
// source's sidecar routes the service to the destination pod, trusts its identity, and whether the destination's
// sidecar serves that port under the service's name and admits the source's identity.
import MeshProtocol

/// One finding of a connectivity check.
public struct ConnectivityFinding: Sendable, Equatable {
    /// Whether this condition holds.
    public var passed: Bool
    /// What was checked, and on failure what is wrong.
    public var text: String
}

/// Checks a source pod's path to a destination pod behind a Service, from both sidecars' configs.
public enum ConnectivityCheck {
    /// The findings, in the order the path is taken; the check passes when every finding does.
    public static func findings(source: ProxyConfig, destination: ProxyConfig, service: ServiceRef,
                                destinationIP: String) -> [ConnectivityFinding] {
        var out: [ConnectivityFinding] = []
        func pass(_ text: String) { out.append(ConnectivityFinding(passed: true, text: text)) }
        func fail(_ text: String) { out.append(ConnectivityFinding(passed: false, text: text)) }

        for (side, config) in [("source", source), ("destination", destination)] {
            if config.certificates == nil {
                fail("\(side) sidecar (identity \(config.identity)) has no certificate yet: the controller has not signed its CSR")
            } else {
                pass("\(side) sidecar has config version \(config.version) and a certificate for identity \(config.identity)")
            }
        }
        let routes = source.outbound.filter { $0.service == service }
        guard !routes.isEmpty else {
            let why = source.permissive
                ? "the service has no ports in the mesh (or is not in a monitored namespace)"
                : "no TrafficTarget lets identity \(source.identity) reach the service's pods (SMI mode)"
            fail("source sidecar has no outbound route to service \(service): \(why)")
            return out
        }
        for route in routes.sorted(by: { $0.port < $1.port }) {
            let clusters = route.backends.compactMap { source.cluster(named: $0.cluster) }
            let hit = clusters.lazy.compactMap { c in c.endpoints.first { $0.address == destinationIP }.map { (c, $0) } }.first
            guard let (cluster, endpoint) = hit.map({ ($0.0, $0.1) }) else {
                fail("source route \(route.name) (port \(route.port)) does not list pod IP \(destinationIP) among its endpoints "
                     + "(the pod is not ready, or the service does not select it)")
                continue
            }
            pass("source route \(route.name) (port \(route.port)) sends to \(destinationIP):\(endpoint.port) in cluster \(cluster.name)")
            if cluster.serverIdentities.contains(destination.identity) {
                pass("source trusts the destination's identity \(destination.identity) for \(cluster.sni)")
            } else {
                fail("source expects server identities \(cluster.serverIdentities.map(\.description).joined(separator: ", ")) "
                     + "for \(cluster.sni), but the destination is \(destination.identity)")
            }
            guard let inbound = destination.inboundPolicy(port: endpoint.port) else {
                fail("destination sidecar does not serve port \(endpoint.port) (not a port of a mesh service of this pod)")
                continue
            }
            if inbound.serverNames.contains(cluster.sni) {
                pass("destination sidecar serves port \(endpoint.port) for \(cluster.sni)")
            } else {
                fail("destination sidecar serves port \(endpoint.port) for \(inbound.serverNames.joined(separator: ", ")), not \(cluster.sni)")
            }
            switch destination.inboundDecision(port: endpoint.port, peer: source.identity, serverName: cluster.sni) {
            case .allow(_, let policy):
                pass("destination admits identity \(source.identity) on port \(endpoint.port) (\(policy))")
            case .deny(_, let reason):
                let hint = destination.permissive ? "" : ": add a TrafficTarget (and TCPRoute with this port) in \(service.namespace)"
                fail("destination refuses: \(reason)\(hint)")
            }
        }
        return out
    }
}
