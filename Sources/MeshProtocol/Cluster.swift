// Upstream clusters: the endpoints behind one Service target port, and how the client
// authenticates them (SNI to send, identities the server certificate must carry).

/// One upstream endpoint: a pod IP and its target port.
public struct Endpoint: Sendable, Hashable, Codable {
    /// The pod IP, an IPv4 dotted quad.
    public var address: String
    /// The target (container) port.
    public var port: UInt16
    /// The relative weight for balancing; 0 takes the endpoint out of rotation.
    public var weight: UInt32

    /// An endpoint.
    public init(address: String, port: UInt16, weight: UInt32 = 1) {
        self.address = address
        self.port = port
        self.weight = weight
    }
}

/// The upstream cluster `<ns>/<svc>|<targetPort>`: where a route's connections go, over mTLS.
public struct Cluster: Sendable, Hashable, Codable {
    /// The cluster's name, `<ns>/<svc>|<targetPort>`.
    public var name: String
    /// The Service whose endpoints these are.
    public var service: ServiceRef
    /// The SNI the client sends: `<svc>.<ns>.svc.cluster.local`.
    public var sni: String
    /// The identities a server certificate may carry (the ServiceAccounts of the pods behind
    /// the Service); the client refuses any other.
    public var serverIdentities: [ServiceIdentity]
    /// The endpoints; empty while the Service has no ready pods (connections are then reset).
    public var endpoints: [Endpoint]

    /// A cluster with explicit name and SNI.
    public init(
        name: String, service: ServiceRef, sni: String, serverIdentities: [ServiceIdentity], endpoints: [Endpoint]
    ) {
        self.name = name
        self.service = service
        self.sni = sni
        self.serverIdentities = serverIdentities
        self.endpoints = endpoints
    }

    /// A cluster named and addressed as OSM does: `<ns>/<svc>|<targetPort>`, SNI from the Service.
    public init(service: ServiceRef, targetPort: UInt16, serverIdentities: [ServiceIdentity], endpoints: [Endpoint]) {
        self.init(
            name: "\(service)|\(targetPort)", service: service, sni: service.sni,
            serverIdentities: serverIdentities, endpoints: endpoints)
    }
}
