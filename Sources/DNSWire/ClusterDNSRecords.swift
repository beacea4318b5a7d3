// A snapshot of what the cluster DNS serves: Services (with endpoints and ports) and pod IPs.

/// One port of a Service, for SRV records `_<name>._<protocol>.<svc>.<ns>.svc.<domain>`.
public struct ClusterDNSPort: Sendable, Hashable {
    /// The port's name (`spec.ports[].name`); unnamed ports get no `_port._proto` name.
    public var name: String
    /// `tcp`, `udp` or `sctp` (any case).
    public var transport: String
    /// The Service port (what a ClusterIP SRV record carries).
    public var port: UInt16
    /// The port on the endpoints (what a headless SRV record carries); `port` when nil.
    public var endpointPort: UInt16?

    /// Creates a port.
    public init(name: String, transport: String = "tcp", port: UInt16, endpointPort: UInt16? = nil) {
        self.name = name
        self.transport = transport
        self.port = port
        self.endpointPort = endpointPort
    }
}

/// One ready address of a headless Service.
public struct ClusterDNSEndpoint: Sendable, Hashable {
    /// The pod's IP.
    public var ip: IPv4Address
    /// The endpoint's hostname (set when the pod's `spec.subdomain` names this Service and it has
    /// `spec.hostname`): it answers as `<hostname>.<svc>.<ns>.svc.<domain>`. Without one the
    /// dashed IP (`10-244-0-12`) serves as the hostname, as CoreDNS does.
    public var hostname: String?

    /// Creates an endpoint.
    public init(ip: IPv4Address, hostname: String? = nil) {
        self.ip = ip
        self.hostname = hostname
    }

    /// The label this endpoint answers to: its hostname, or its dashed IP.
    public var label: String {
        hostname ?? ip.octets.map(String.init).joined(separator: "-")
    }
}

/// A Service as the DNS sees it.
public struct ClusterDNSService: Sendable, Hashable {
    /// What the Service's name resolves to.
    public enum Kind: Sendable, Hashable {
        /// A ClusterIP (also NodePort and LoadBalancer Services): one A record.
        case clusterIP(IPv4Address)
        /// `clusterIP: None`: one A record per ready endpoint (only ready ones belong here, or all
        /// of them when the Service sets `publishNotReadyAddresses`).
        case headless([ClusterDNSEndpoint])
        /// `type: ExternalName`: a CNAME to this name.
        case externalName(DNSName)
    }

    /// The Service's name.
    public var name: String
    /// The Service's namespace.
    public var namespace: String
    /// What the name resolves to.
    public var kind: Kind
    /// The Service's ports, for SRV.
    public var ports: [ClusterDNSPort]

    /// Creates a Service entry.
    public init(name: String, namespace: String, kind: Kind, ports: [ClusterDNSPort] = []) {
        self.name = name
        self.namespace = namespace
        self.kind = kind
        self.ports = ports
    }
}

/// A running pod's address, for `pods verified` and for knowing which namespaces exist.
public struct ClusterDNSPod: Sendable, Hashable {
    /// The pod's namespace.
    public var namespace: String
    /// The pod's IP.
    public var ip: IPv4Address

    /// Creates a pod entry.
    public init(namespace: String, ip: IPv4Address) {
        self.namespace = namespace
        self.ip = ip
    }
}

/// An immutable snapshot of the cluster's DNS data, indexed for lookups; build a new one on change.
public struct ClusterDNSRecords: Sendable {
    /// Who a reverse name points back to.
    enum ReverseTarget: Sendable, Hashable {
        case service(name: String, namespace: String)
        case endpoint(label: String, service: String, namespace: String)
    }

    /// The zone serial carried in SOA records; bump it with every new snapshot.
    public let serial: UInt32
    /// Services by lower-case namespace, then lower-case name.
    let servicesByNamespace: [String: [String: ClusterDNSService]]
    /// Pod IPs by lower-case namespace.
    let podsByNamespace: [String: Set<IPv4Address>]
    /// ClusterIPs and endpoint IPs → the names that own them (ClusterIPs first).
    let reverse: [IPv4Address: [ReverseTarget]]

    /// Builds the snapshot; a later Service with the same namespace and name replaces an earlier one.
    public init(services: [ClusterDNSService] = [], pods: [ClusterDNSPod] = [], serial: UInt32 = 1) {
        self.serial = serial
        var byNamespace: [String: [String: ClusterDNSService]] = [:]
        for service in services {
            byNamespace[service.namespace.lowercased(), default: [:]][service.name.lowercased()] = service
        }
        var podIndex: [String: Set<IPv4Address>] = [:]
        for pod in pods { podIndex[pod.namespace.lowercased(), default: []].insert(pod.ip) }

        var reverse: [IPv4Address: [ReverseTarget]] = [:]
        var endpointTargets: [(IPv4Address, ReverseTarget)] = []
        for (_, servicesByName) in byNamespace.sorted(by: { $0.key < $1.key }) {
            for (_, service) in servicesByName.sorted(by: { $0.key < $1.key }) {
                switch service.kind {
                case .clusterIP(let ip):
                    reverse[ip, default: []].append(.service(name: service.name, namespace: service.namespace))
                case .headless(let endpoints):
                    for endpoint in endpoints {
                        endpointTargets.append(
                            (endpoint.ip, .endpoint(label: endpoint.label, service: service.name,
                                                    namespace: service.namespace)))
                    }
                case .externalName:
                    break
                }
            }
        }
        for (ip, target) in endpointTargets where !(reverse[ip]?.contains(target) ?? false) {
            reverse[ip, default: []].append(target)
        }
        self.servicesByNamespace = byNamespace
        self.podsByNamespace = podIndex
        self.reverse = reverse
    }

    /// The Service with this namespace and name, ignoring case.
    public func service(named name: String, in namespace: String) -> ClusterDNSService? {
        servicesByNamespace[namespace.lowercased()]?[name.lowercased()]
    }

    /// Whether any Service or pod lives in this namespace (ignoring case).
    public func hasNamespace(_ namespace: String) -> Bool {
        servicesByNamespace[namespace.lowercased()] != nil || podsByNamespace[namespace.lowercased()] != nil
    }

    /// Whether a pod with this IP runs in this namespace.
    public func hasPod(_ ip: IPv4Address, in namespace: String) -> Bool {
        podsByNamespace[namespace.lowercased()]?.contains(ip) ?? false
    }
}
