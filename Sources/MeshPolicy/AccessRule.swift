// SMI TrafficTargets as OSM applies them: which targets are valid, who they let in, on which
// ports (from their TCPRoutes), and which of them take part in inbound authorization.
import KubeModel
import MeshProtocol

/// One valid TrafficTarget, resolved.
public struct AccessRule: Sendable, Hashable {
    /// `<namespace>/<name>` of the TrafficTarget.
    public var name: String
    /// The ServiceAccount it lets clients reach.
    public var destination: ServiceIdentity
    /// The ServiceAccounts it lets in.
    public var sources: [ServiceIdentity]
    /// The allowed (target) ports; nil allows every port (a TCPRoute with `ports: []`, or an
    /// HTTPRouteGroup rule, which OSM allows at L4 on every port).
    public var ports: Set<UInt16>?
    /// False when a referenced TCPRoute does not exist: OSM then drops the target from inbound
    /// authorization while it still opens the client's outbound side.
    public var authorizesInbound: Bool

    /// Whether it lets `client` in on `port`.
    public func allows(_ client: ServiceIdentity, port: UInt16) -> Bool {
        authorizesInbound && sources.contains(client) && (ports?.contains(port) ?? true)
    }
}

/// Why a TrafficTarget is ignored (for `osm policy check-pods` and logs).
public enum AccessRuleProblem: Sendable, Equatable, CustomStringConvertible {
    case namespaceMismatch(target: String, destinationNamespace: String)
    case noRules(target: String)
    case unsupportedRuleKind(target: String, kind: String)
    case destinationNotServiceAccount(target: String, kind: String)
    case notMonitored(target: String)

    public var description: String {
        switch self {
        case .namespaceMismatch(let t, let ns):
            "TrafficTarget \(t): its namespace must match spec.destination.namespace (\(ns.isEmpty ? "unset" : ns))"
        case .noRules(let t): "TrafficTarget \(t): spec.rules is empty"
        case .unsupportedRuleKind(let t, let k): "TrafficTarget \(t): rule kind \(k) is not supported (HTTPRouteGroup or TCPRoute)"
        case .destinationNotServiceAccount(let t, let k): "TrafficTarget \(t): destination kind \(k) is not ServiceAccount"
        case .notMonitored(let t): "TrafficTarget \(t): its namespace is not in the mesh"
        }
    }
}

extension AccessRule {
    /// The valid rules among `snapshot`'s TrafficTargets, and why the others are ignored.
    public static func rules(_ snapshot: MeshSnapshot) -> (rules: [AccessRule], problems: [AccessRuleProblem]) {
        let monitored = snapshot.monitoredNamespaces
        var routes: [String: JSON] = [:]
        for r in snapshot.tcpRoutes { routes["\(r.namespace)/\(r.name)"] = r }
        var rules: [AccessRule] = [], problems: [AccessRuleProblem] = []
        for tt in snapshot.trafficTargets.sorted(by: { ($0.namespace, $0.name) < ($1.namespace, $1.name) }) {
            let name = "\(tt.namespace)/\(tt.name)"
            let spec = tt["spec"]
            let destination = spec["destination"]
            let destinationNamespace = destination["namespace"].stringValue ?? ""
            let ruleList = spec["rules"].arrayValue ?? []
            if !monitored.contains(tt.namespace) { problems.append(.notMonitored(target: name)); continue }
            if destinationNamespace != tt.namespace {
                problems.append(.namespaceMismatch(target: name, destinationNamespace: destinationNamespace)); continue
            }
            if ruleList.isEmpty { problems.append(.noRules(target: name)); continue }
            if let bad = ruleList.first(where: { !["TCPRoute", "HTTPRouteGroup"].contains($0["kind"].stringValue ?? "") }) {
                problems.append(.unsupportedRuleKind(target: name, kind: bad["kind"].stringValue ?? "")); continue
            }
            let kind = destination["kind"].stringValue ?? ""
            if kind != "ServiceAccount" { problems.append(.destinationNotServiceAccount(target: name, kind: kind)); continue }
            var ports: Set<UInt16>? = []
            var inbound = true
            for rule in ruleList {
                guard rule["kind"].stringValue == "TCPRoute" else { ports = nil; continue }
                guard let route = routes["\(tt.namespace)/\(rule["name"].stringValue ?? "")"] else { inbound = false; continue }
                let listed = (route[["spec", "matches", "ports"]].arrayValue ?? []).compactMap { $0.intValue.flatMap(UInt16.init(exactly:)) }
                if listed.isEmpty { ports = nil } else if ports != nil { ports!.formUnion(listed) }
            }
            // A target whose rules name only missing routes allows no port at all.
            let sources = (spec["sources"].arrayValue ?? []).compactMap { s -> ServiceIdentity? in
                guard let sa = s["name"].stringValue else { return nil }
                return ServiceIdentity(serviceAccount: sa, namespace: s["namespace"].stringValue ?? tt.namespace)
            }
            rules.append(AccessRule(name: name, destination: ServiceIdentity(serviceAccount: destination["name"].stringValue ?? "",
                                                                            namespace: destinationNamespace),
                                    sources: sources, ports: ports, authorizesInbound: inbound))
        }
        return (rules, problems)
    }
}
