// The policy engine: for one proxy (a pod), the ProxyConfig OSM's rules give it — outbound routes
// to the Services it may reach (permissive: all; SMI: those backed by a ServiceAccount some valid
// TrafficTarget lets it reach), clusters with the endpoints it may use, TrafficSplits, and the
// inbound ports it serves with who may connect on each.
import KubeModel
import MeshProtocol

/// Builds proxy configs from one snapshot (build once, ask for many proxies).
public struct ProxyConfigBuilder: Sendable {
    /// The snapshot's settings.
    public let settings: MeshSettings
    /// Its catalog.
    public let catalog: MeshCatalog
    /// Its valid TrafficTargets.
    public let rules: [AccessRule]
    /// Why its other TrafficTargets are ignored.
    public let problems: [AccessRuleProblem]
    private let splits: TrafficSplits
    /// Its Egress policies (used when egress passthrough is off).
    public let egress: EgressPolicies

    /// Prepares the catalog, the access rules and the splits of `snapshot`.
    public init(_ snapshot: MeshSnapshot) {
        settings = snapshot.settings
        catalog = MeshCatalog(snapshot)
        (rules, problems) = AccessRule.rules(snapshot)
        splits = TrafficSplits(snapshot.trafficSplits, catalog: catalog)
        egress = EgressPolicies(snapshot)
    }

    /// The identities `client` may reach in SMI mode (destinations of the targets naming it).
    public func reachableIdentities(from client: ServiceIdentity) -> Set<ServiceIdentity> {
        Set(rules.filter { $0.sources.contains(client) }.map(\.destination))
    }

    /// The config of the proxy in `pod`, numbered `version`.
    public func config(for pod: JSON, version: UInt64) -> ProxyConfig {
        let me = MeshCatalog.identity(of: pod)
        let reachable = settings.permissive ? nil : reachableIdentities(from: me)
        var clusters: [String: Cluster] = [:]
        func cluster(for port: MeshServicePort) -> String {
            let endpoints = port.endpoints.filter { e in reachable.map { r in e.identity.map(r.contains) ?? false } ?? true }
            let identities = Set(endpoints.compactMap(\.identity)).union(
                reachable == nil ? catalog.identities(behind: port.service) : [])
            clusters[port.clusterName] = Cluster(
                name: port.clusterName, service: port.service, sni: port.service.sni, serverIdentities: identities.sorted(),
                endpoints: endpoints.map { Endpoint(address: $0.ip, port: $0.port) })
            return port.clusterName
        }
        var outbound: [OutboundRoute] = []
        for port in catalog.ports where PortProtocol.supported.contains(port.protocol) && !port.addresses.isEmpty {
            if let reachable, catalog.identities(behind: port.service).isDisjoint(with: reachable) { continue }
            let backends = splits.backends(of: port).map { list in list.map { WeightedCluster(cluster: cluster(for: $0.port), weight: $0.weight) } }
                ?? [WeightedCluster(cluster: cluster(for: port))]
            outbound.append(OutboundRoute(service: port.service, protocol: PortProtocol.transport(port.protocol),
                                          addresses: port.addresses, port: port.port, backends: backends))
        }
        return ProxyConfig(
            version: version, meshName: settings.meshName, identity: me, trustDomain: settings.trustDomain,
            permissive: settings.permissive, egressPassthrough: settings.egress, tls: settings.tls, certificates: nil,
            timeouts: settings.timeouts, outbound: outbound, clusters: clusters.values.sorted { $0.name < $1.name },
            inbound: inbound(for: pod, identity: me),
            egress: settings.egress ? [] : egress.rules(for: me))
    }

    /// The ports the pod serves: one per target port of the mesh Services selecting it, with the
    /// Services' names as accepted SNI and, in SMI mode, the identities the targets allow there.
    func inbound(for pod: JSON, identity me: ServiceIdentity) -> [InboundPort] {
        var byPort: [UInt16: (proto: String, names: Set<String>)] = [:]
        let podIP = pod[["status", "podIP"]].stringValue
        for port in catalog.ports where PortProtocol.supported.contains(port.protocol) && catalog.selects(port.service, pod: pod) {
            let target = port.endpoints.first { $0.ip == podIP }?.port ?? port.targetPort
            guard !MeshProtocol.reservedPorts.contains(target) else { continue }
            byPort[target, default: (PortProtocol.transport(port.protocol), [])].names.insert(port.service.sni)
        }
        return byPort.keys.sorted().map { target in
            let entry = byPort[target]!
            let authorization: InboundAuthorization = settings.permissive ? .anyMeshIdentity : .identities(
                Set(rules.filter { $0.destination == me }.flatMap { rule in rule.sources.filter { rule.allows($0, port: target) } }).sorted())
            return InboundPort(port: target, protocol: entry.proto, serverNames: entry.names.sorted(), authorization: authorization)
        }
    }
}
