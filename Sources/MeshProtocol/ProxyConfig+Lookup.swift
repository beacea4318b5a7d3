// The proxy's per-connection questions, answered from a snapshot: where does this outbound
// connection go, and may this inbound peer connect. Pure; the proxy supplies the random point.

/// A route's backend that can take connections: the cluster exists, has weight, and has an endpoint with weight.
public struct ResolvedBackend: Sendable, Hashable {
    /// The cluster.
    public var cluster: Cluster
    /// Its weight in the route.
    public var weight: UInt32
}

/// A matched route with its usable backends.
public struct ResolvedRoute: Sendable, Hashable {
    /// The route that matched.
    public var route: OutboundRoute
    /// The usable backends, in the route's order.
    public var backends: [ResolvedBackend]

    /// The sum of the usable backends' weights.
    public var totalWeight: UInt64 { backends.reduce(0) { $0 + UInt64($1.weight) } }

    /// The backend owning `point % totalWeight` on the cumulative weight line; nil when none is usable.
    /// Pass a uniformly random number to split connections by weight.
    public func backend(at point: UInt64) -> Cluster? {
        let total = totalWeight
        guard total > 0 else { return nil }
        var remaining = point % total
        for backend in backends {
            if remaining < UInt64(backend.weight) { return backend.cluster }
            remaining -= UInt64(backend.weight)
        }
        return nil
    }
}

/// What to do with one outbound connection.
public enum OutboundDecision: Sendable, Hashable {
    /// Proxy it over mTLS to one of the route's backends.
    case route(ResolvedRoute)
    /// No route, egress on: connect to the original destination in plain TCP.
    case passthrough
    /// Out of the mesh as it is, allowed by this Egress policy.
    case egress(policy: String)
    /// Reset the client's connection at once, for the reason given.
    case reset(reason: String)
}

/// What to do with one inbound connection after the TLS handshake.
public enum InboundDecision: Sendable, Hashable {
    /// Splice it to 127.0.0.1 on this port; `policy` names the rule that allowed it
    /// (`permissive` or `traffic-target`).
    case allow(localPort: UInt16, policy: String)
    /// Reset it, counting and logging the reason; `policy` names the rule that said no
    /// (`port-not-served`, `no-client-certificate`, `server-name`, `traffic-target`).
    case deny(policy: String, reason: String)

    /// The rule that decided.
    public var policy: String {
        switch self {
        case .allow(_, let policy), .deny(let policy, _): policy
        }
    }
}

extension ProxyConfig {
    /// The route for an original destination (host-order IPv4 and port), if any.
    public func outboundRoute(for destination: (ip: UInt32, port: UInt16)) -> OutboundRoute? {
        outbound.first { route in
            route.port == destination.port && route.addresses.contains { IPv4Text.parse($0) == destination.ip }
        }
    }

    /// The route for an original destination given as dotted-quad text, if any.
    public func outboundRoute(for destination: (ip: String, port: UInt16)) -> OutboundRoute? {
        IPv4Text.parse(destination.ip).flatMap { outboundRoute(for: (ip: $0, port: destination.port)) }
    }

    /// The cluster with this name, if any.
    public func cluster(named name: String) -> Cluster? { clusters.first { $0.name == name } }

    /// A route with the backends that can take connections now.
    public func resolve(_ route: OutboundRoute) -> ResolvedRoute { resolve(route, clusterNamed: cluster(named:)) }

    /// `resolve(_:)` with clusters found by `clusterNamed` (an index, for many routes at once).
    func resolve(_ route: OutboundRoute, clusterNamed: (String) -> Cluster?) -> ResolvedRoute {
        let usable = route.backends.compactMap { backend -> ResolvedBackend? in
            guard backend.weight > 0, let cluster = clusterNamed(backend.cluster),
                  cluster.endpoints.contains(where: { $0.weight > 0 })
            else { return nil }
            return ResolvedBackend(cluster: cluster, weight: backend.weight)
        }
        return ResolvedRoute(route: route, backends: usable)
    }

    /// The decision for an outbound connection to an original destination.
    public func outboundDecision(for destination: (ip: UInt32, port: UInt16)) -> OutboundDecision {
        decision(for: outboundRoute(for: destination), ip: destination.ip, port: destination.port)
    }

    /// The decision once the route (or its absence) is known; `egressPolicy` names the Egress rule that lets a
    /// destination out (default: the rules read from the config as they are).
    func decision(for route: OutboundRoute?, ip: UInt32, port: UInt16,
                  egressPolicy: ((UInt32, UInt16) -> String?)? = nil,
                  clusterNamed: ((String) -> Cluster?)? = nil) -> OutboundDecision {
        guard let route else {
            if egressPassthrough { return .passthrough }
            let policy = egressPolicy.map { $0(ip, port) } ?? egress.first(where: { $0.allows(ip: ip, port: port) })?.name
            if let policy { return .egress(policy: policy) }
            return .reset(reason: "no route to \(IPv4Text.format(ip)):\(port)")
        }
        let resolved = resolve(route, clusterNamed: clusterNamed ?? cluster(named:))
        return resolved.backends.isEmpty
            ? .reset(reason: "route \"\(route.name)\" has no backend with endpoints") : .route(resolved)
    }

    /// The inbound policy for a target port, if the pod serves it.
    public func inboundPolicy(port: UInt16) -> InboundPort? { inbound.first { $0.port == port } }

    /// The decision for an inbound connection: its original destination port, the identity in
    /// the client's verified certificate (nil without one), and the SNI it sent (nil: not checked).
    public func inboundDecision(port: UInt16, peer: ServiceIdentity?, serverName: String? = nil) -> InboundDecision {
        guard let policy = inboundPolicy(port: port) else {
            return .deny(policy: "port-not-served", reason: "port \(port) is not served")
        }
        guard let peer else {
            return .deny(policy: "no-client-certificate", reason: "no client certificate on port \(port)")
        }
        if let serverName, !policy.serverNames.contains(serverName) {
            return .deny(policy: "server-name", reason: "server name \"\(serverName)\" is not served on port \(port)")
        }
        let rule = policy.authorization == .anyMeshIdentity ? "permissive" : "traffic-target"
        guard policy.authorization.allows(peer) else {
            return .deny(policy: rule, reason: "identity \(peer) is not allowed on port \(port)")
        }
        return .allow(localPort: policy.localPort, policy: rule)
    }
}
