// ClusterIP routing for one pod's network namespace (kube-proxy's job), as an iptables-restore
// script: connections to a Service's ClusterIP:port are DNATed to one of its ready endpoints
// (equal shares, chosen per connection), and refused at once when it has none. The jump to the
// service chain is kept last in OUTPUT, after the mesh's interception, so a meshed app's traffic
// still reaches its sidecar and only the sidecar's own (uid 1500, returned by the mesh chain)
// and un-meshed pods' connections are DNATed here.

/// One Service port and where its connections go.
public struct ServicePortRoute: Sendable, Hashable {
    /// The ClusterIP.
    public var clusterIP: String
    /// The Service port.
    public var port: UInt16
    /// `tcp` or `udp`.
    public var proto: String
    /// Ready endpoints as `ip:port`.
    public var endpoints: [String]

    /// A route.
    public init(clusterIP: String, port: UInt16, proto: String = "tcp", endpoints: [String]) {
        self.clusterIP = clusterIP
        self.port = port
        self.proto = proto
        self.endpoints = endpoints
    }
}

/// Builds the ClusterIP routing program of a pod.
public enum ServiceRouting {
    /// The nat chain holding the DNAT rules.
    public static let natChain = "OSM_SERVICES"
    /// The filter chain refusing services without endpoints.
    public static let filterChain = "OSM_SERVICES_REJECT"

    /// The `iptables-restore --noflush` script that makes the pod's rules exactly `routes`, given
    /// the pod's current `iptables-save` output (to keep the OUTPUT jump last and add it once).
    public static func script(_ routes: [ServicePortRoute], current dump: String) -> String {
        let nat = NatTable(iptablesSave: dump, table: "nat")
        let filter = NatTable(iptablesSave: dump, table: "filter")
        let jump = "-j \(natChain)"
        var natLines = ["*nat", ":\(natChain) - [0:0]"]
        let outputRules = nat.rules(in: "OUTPUT")
        let jumps = outputRules.filter { $0 == jump }.count
        if jumps == 0 {
            natLines.append("-A OUTPUT \(jump)")
        } else if outputRules.last != jump || jumps > 1 {
            natLines += Array(repeating: "-D OUTPUT \(jump)", count: jumps) + ["-A OUTPUT \(jump)"]
        }
        var filterLines = ["*filter", ":\(filterChain) - [0:0]"]
        if !filter.rules(in: "OUTPUT").contains("-j \(filterChain)") { filterLines.append("-A OUTPUT -j \(filterChain)") }
        for route in routes.sorted(by: { ($0.clusterIP, $0.port) < ($1.clusterIP, $1.port) }) {
            let match = "-d \(route.clusterIP)/32 -p \(route.proto) -m \(route.proto) --dport \(route.port)"
            let endpoints = route.endpoints.sorted()
            if endpoints.isEmpty {
                let reject = route.proto == "tcp" ? "--reject-with tcp-reset" : "--reject-with icmp-port-unreachable"
                filterLines.append("-A \(filterChain) \(match) -j REJECT \(reject)")
                continue
            }
            for (i, endpoint) in endpoints.enumerated() {
                let left = endpoints.count - i
                let share = left > 1 ? " -m statistic --mode random --probability \(probability(1, left))" : ""
                natLines.append("-A \(natChain) \(match)\(share) -j DNAT --to-destination \(endpoint)")
            }
        }
        return (natLines + ["COMMIT"] + filterLines + ["COMMIT"]).joined(separator: "\n") + "\n"
    }

    /// `numerator/denominator` with the 10 decimals iptables accepts.
    static func probability(_ numerator: Int, _ denominator: Int) -> String {
        let scaled = (Int64(numerator) * 10_000_000_000) / Int64(denominator)
        let text = String(scaled)
        return "0." + String(repeating: "0", count: max(0, 10 - text.count)) + text
    }
}
