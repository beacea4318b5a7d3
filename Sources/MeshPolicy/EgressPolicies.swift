// OSM's Egress policies (policy.openservicemesh.io/v1alpha1) for TCP: each Egress in a monitored namespace
// lets its source ServiceAccounts reach its tcp and tcp-server-first ports on its ipAddresses (any address
// when none are listed). HTTP and HTTPS ports are routed by host name in OSM; this mesh carries TCP only,
// so those ports are ignored with a problem that says so.
import KubeModel
import MeshProtocol

/// The Egress rules of a snapshot, by source identity.
public struct EgressPolicies: Sendable {
    /// Rules each identity may use.
    public let rules: [ServiceIdentity: [EgressRule]]
    /// Why parts of Egress objects are ignored: the object (`<namespace>/<name>`) and one line.
    public let problems: [(object: String, message: String)]

    /// Reads the Egress objects of the snapshot's monitored namespaces.
    public init(_ snapshot: MeshSnapshot) {
        let monitored = snapshot.monitoredNamespaces
        var rules: [ServiceIdentity: [EgressRule]] = [:]
        var problems: [(object: String, message: String)] = []
        for object in snapshot.egresses where monitored.contains(object.namespace) {
            let name = "\(object.namespace)/\(object.name)"
            let spec = object["spec"]
            let sources = (spec["sources"].arrayValue ?? []).compactMap { s -> ServiceIdentity? in
                guard s["kind"].stringValue == "ServiceAccount", let sa = s["name"].stringValue, let ns = s["namespace"].stringValue else {
                    problems.append((name, "Egress \(name): a source that is not a ServiceAccount with name and namespace is ignored"))
                    return nil
                }
                return ServiceIdentity(serviceAccount: sa, namespace: ns)
            }
            let cidrs = (spec["ipAddresses"].arrayValue ?? []).compactMap(\.stringValue)
            let valid = cidrs.filter { EgressRule.range($0) != nil }
            if valid.count != cidrs.count {
                let bad = cidrs.filter { EgressRule.range($0) == nil }.joined(separator: ", ")
                problems.append((name, "Egress \(name): ignored, ipAddresses holds an invalid range (\(bad))"))
                continue
            }
            for port in spec["ports"].arrayValue ?? [] {
                guard let number = port["number"].intValue.flatMap({ UInt16(exactly: $0) }), number > 0 else {
                    problems.append((name, "Egress \(name): a port without a valid number is ignored"))
                    continue
                }
                let proto = (port["protocol"].stringValue ?? "").lowercased()
                guard proto == "tcp" || proto == "tcp-server-first" else {
                    problems.append((name, "Egress \(name): port \(number) (\(proto)) is ignored: only tcp and tcp-server-first egress is carried"))
                    continue
                }
                for source in sources {
                    rules[source, default: []].append(EgressRule(name: name, port: number, protocol: proto, cidrs: valid))
                }
            }
        }
        self.rules = rules.mapValues { list in list.sorted { ($0.port, $0.name) < ($1.port, $1.name) } }
        self.problems = problems
    }

    /// The rules of `identity`.
    public func rules(for identity: ServiceIdentity) -> [EgressRule] { rules[identity] ?? [] }
}
