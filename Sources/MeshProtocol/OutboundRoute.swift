// Outbound routes: which original destinations (ClusterIP or headless pod IP, port) a proxy
// may reach, and which clusters carry them.

/// A cluster a route sends to, with its share of new connections.
public struct WeightedCluster: Sendable, Hashable, Codable {
    /// The cluster's name (a key of `ProxyConfig.clusters`).
    public var cluster: String
    /// The relative weight; a route without a TrafficSplit has one backend of weight 1.
    public var weight: UInt32

    /// A weighted backend.
    public init(cluster: String, weight: UInt32 = 1) {
        self.cluster = cluster
        self.weight = weight
    }
}

/// One allowed upstream Service port, matched on the connection's original destination.
///
/// OSM's outbound filter chain `outbound_<ns>/<svc>_<port>_<protocol>`: matched on
/// `<ClusterIP>:<port>` (or each headless endpoint `<podIP>:<port>`); a TrafficSplit on the
/// apex Service turns `backends` into its weighted backend clusters. Splits are per connection.
public struct OutboundRoute: Sendable, Hashable, Codable {
    /// The route's name, for logs and metrics (`outbound_<ns>/<svc>_<port>_<protocol>`).
    public var name: String
    /// The Service this route reaches (the apex of a TrafficSplit).
    public var service: ServiceRef
    /// The Service port's protocol: `tcp` or `tcp-server-first`.
    public var `protocol`: String
    /// The destination addresses, IPv4 dotted quads: the ClusterIP, or the pod IPs of a headless Service.
    public var addresses: [String]
    /// The destination port (the Service port, not the target port).
    public var port: UInt16
    /// Where connections go; one entry unless a TrafficSplit applies.
    public var backends: [WeightedCluster]

    /// A route.
    public init(
        name: String, service: ServiceRef, protocol: String = "tcp", addresses: [String], port: UInt16,
        backends: [WeightedCluster]
    ) {
        self.name = name
        self.service = service
        self.protocol = `protocol`
        self.addresses = addresses
        self.port = port
        self.backends = backends
    }

    /// A route named as OSM names it, `outbound_<ns>/<svc>_<port>_<protocol>`.
    public init(
        service: ServiceRef, protocol: String = "tcp", addresses: [String], port: UInt16, backends: [WeightedCluster]
    ) {
        self.init(
            name: "outbound_\(service)_\(port)_\(`protocol`)", service: service, protocol: `protocol`,
            addresses: addresses, port: port, backends: backends)
    }
}
