// The fixed parameters of the cluster DNS: zone, TTL, its own address and the cluster's networks.

/// How `<a-b-c-d>.<ns>.pod.<domain>` names are answered.
public enum PodRecordMode: Sendable, Hashable {
    /// Pod names are not served (NXDOMAIN).
    case disabled
    /// Any well-formed dashed IPv4 answers with that address, in any namespace — CoreDNS's
    /// `pods insecure`, the kubeadm and k3s default.
    case insecure
    /// Only the IP of a pod that exists in that namespace answers (`pods verified`).
    case verified
}

/// Parameters of the cluster DNS; the defaults are the embedded cluster's fixed values.
public struct ClusterDNSSettings: Sendable, Hashable {
    /// The cluster domain, `cluster.local`.
    public var domain: DNSName
    /// TTL of every answer and of negative answers (SOA minimum), 5 seconds.
    public var ttl: UInt32
    /// The DNS service's own ClusterIP, 10.96.0.10; served as `ns.dns.<domain>`.
    public var nameserverAddress: IPv4Address
    /// The service network, 10.96.0.0/12; reverse names inside it are answered authoritatively.
    public var serviceNetwork: IPv4Network
    /// The pod network, 10.244.0.0/16; reverse names inside it are answered authoritatively.
    public var podNetwork: IPv4Network
    /// Largest UDP response this server sends to EDNS clients (and advertises), 1232 bytes.
    public var maxUDPPayload: UInt16
    /// How pod A records are served.
    public var podRecords: PodRecordMode

    /// `cluster.local`, the default cluster domain.
    public static let clusterLocal = DNSName(unchecked: [Array("cluster".utf8), Array("local".utf8)])

    /// Creates settings; every parameter defaults to the embedded cluster's value.
    public init(
        domain: DNSName = ClusterDNSSettings.clusterLocal,
        ttl: UInt32 = 5,
        nameserverAddress: IPv4Address = IPv4Address(10, 96, 0, 10),
        serviceNetwork: IPv4Network = IPv4Network(IPv4Address(10, 96, 0, 0), prefixLength: 12),
        podNetwork: IPv4Network = IPv4Network(IPv4Address(10, 244, 0, 0), prefixLength: 16),
        maxUDPPayload: UInt16 = 1232,
        podRecords: PodRecordMode = .insecure
    ) {
        self.domain = domain
        self.ttl = ttl
        self.nameserverAddress = nameserverAddress
        self.serviceNetwork = serviceNetwork
        self.podNetwork = podNetwork
        self.maxUDPPayload = maxUDPPayload
        self.podRecords = podRecords
    }
}
