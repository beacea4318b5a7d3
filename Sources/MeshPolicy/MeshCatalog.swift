// The mesh catalog: every port of every Service in a monitored namespace as a MeshServicePort —
// its protocol (OSM's rules), target port and ready endpoints with the identity each runs as —
// and which pods each Service selects.
import KubeModel
import MeshProtocol

/// One ready endpoint of a Service port.
public struct MeshEndpoint: Sendable, Hashable {
    /// The pod IP.
    public var ip: String
    /// The target port on that pod.
    public var port: UInt16
    /// The ServiceAccount the pod runs as (nil when the pod is unknown).
    public var identity: ServiceIdentity?
}

/// One port of a mesh Service.
public struct MeshServicePort: Sendable, Hashable {
    /// The Service.
    public var service: ServiceRef
    /// The Service port.
    public var port: UInt16
    /// The target port (from the Endpoints, else the Service's numeric targetPort, else the port).
    public var targetPort: UInt16
    /// The protocol as OSM chooses it (possibly unsupported).
    public var `protocol`: String
    /// Where clients dial it: the ClusterIP, or the endpoint IPs of a headless Service.
    public var addresses: [String]
    /// The ready endpoints.
    public var endpoints: [MeshEndpoint]
    /// The upstream cluster name, `<ns>/<svc>|<targetPort>`.
    public var clusterName: String { "\(service)|\(targetPort)" }
}

/// The catalog built from a snapshot.
public struct MeshCatalog: Sendable {
    /// Every port of every Service in the mesh, ordered by service then port.
    public let ports: [MeshServicePort]
    /// Pods by namespace and name.
    let pods: [String: JSON]
    /// The Services of the mesh, by reference.
    let services: [ServiceRef: JSON]
    /// The identities of the pods each Service selects (computed once: asked for every proxy).
    let identitiesBehind: [ServiceRef: Set<ServiceIdentity>]

    /// The catalog of `snapshot`'s monitored namespaces.
    public init(_ snapshot: MeshSnapshot) {
        let monitored = snapshot.monitoredNamespaces
        var pods: [String: JSON] = [:]
        for pod in snapshot.pods { pods["\(pod.namespace)/\(pod.name)"] = pod }
        var endpoints: [String: JSON] = [:]
        for e in snapshot.endpoints { endpoints["\(e.namespace)/\(e.name)"] = e }
        var services: [ServiceRef: JSON] = [:]
        var result: [MeshServicePort] = []
        for svc in snapshot.services where monitored.contains(svc.namespace) {
            let ref = ServiceRef(namespace: svc.namespace, name: svc.name)
            services[ref] = svc
            let specPorts = svc[["spec", "ports"]].arrayValue ?? []
            let subsets = endpoints["\(ref)"]?["subsets"].arrayValue ?? []
            let clusterIP = svc[["spec", "clusterIP"]].stringValue ?? ""
            for specPort in specPorts {
                guard let port = specPort["port"].intValue.flatMap(UInt16.init(exactly:)), let proto = PortProtocol.of(specPort) else { continue }
                var ready: [MeshEndpoint] = []
                for subset in subsets {
                    guard let target = Self.endpointPort(for: specPort, in: subset["ports"].arrayValue ?? [], single: specPorts.count == 1)
                    else { continue }
                    for address in subset["addresses"].arrayValue ?? [] {
                        guard let ip = address["ip"].stringValue else { continue }
                        let podKey = "\(address[["targetRef", "namespace"]].stringValue ?? ref.namespace)/\(address[["targetRef", "name"]].stringValue ?? "")"
                        ready.append(MeshEndpoint(ip: ip, port: target, identity: pods[podKey].map(Self.identity(of:))))
                    }
                }
                let targetPort = ready.first?.port ?? specPort["targetPort"].intValue.flatMap(UInt16.init(exactly:)) ?? port
                let headless = clusterIP == "None" || clusterIP.isEmpty
                let addresses = headless ? Array(Set(ready.map(\.ip))).sorted() : [clusterIP]
                result.append(MeshServicePort(service: ref, port: port, targetPort: targetPort, protocol: proto,
                                              addresses: addresses, endpoints: ready.sorted { ($0.ip, $0.port) < ($1.ip, $1.port) }))
            }
        }
        self.ports = result.sorted { ($0.service, $0.port) < ($1.service, $1.port) }
        self.pods = pods
        self.services = services
        var behind: [ServiceRef: Set<ServiceIdentity>] = [:]
        var podsByNamespace: [String: [JSON]] = [:]
        for pod in pods.values { podsByNamespace[pod.namespace, default: []].append(pod) }
        for (ref, svc) in services {
            guard let selector = svc[["spec", "selector"]].objectValue?.compactMapValues(\.stringValue), !selector.isEmpty else { continue }
            for pod in podsByNamespace[ref.namespace] ?? [] where Self.matches(selector, pod.labels) {
                behind[ref, default: []].insert(Self.identity(of: pod))
            }
        }
        self.identitiesBehind = behind
    }

    /// Whether every selector label matches.
    static func matches(_ selector: [String: String], _ labels: [String: String]) -> Bool {
        selector.allSatisfy { labels[$0.key] == $0.value }
    }

    /// The identity a pod runs as: `<serviceAccountName or default>.<namespace>`.
    public static func identity(of pod: JSON) -> ServiceIdentity {
        ServiceIdentity(serviceAccount: pod[["spec", "serviceAccountName"]].stringValue ?? "default", namespace: pod.namespace)
    }

    /// OSM's target port: the endpoint port named like the Service port, or the only one when the
    /// Service has a single port.
    static func endpointPort(for specPort: JSON, in ports: [JSON], single: Bool) -> UInt16? {
        let name = specPort["name"].stringValue ?? ""
        if let named = ports.first(where: { ($0["name"].stringValue ?? "") == name }) { return named["port"].intValue.flatMap(UInt16.init(exactly:)) }
        if single, ports.count == 1 { return ports[0]["port"].intValue.flatMap(UInt16.init(exactly:)) }
        return nil
    }

    /// Whether the Service selects the pod (same namespace, every selector label matches).
    public func selects(_ service: ServiceRef, pod: JSON) -> Bool {
        guard pod.namespace == service.namespace,
              let selector = services[service]?[["spec", "selector"]].objectValue?.compactMapValues(\.stringValue), !selector.isEmpty
        else { return false }
        return Self.matches(selector, pod.labels)
    }

    /// The identities of the pods a Service selects.
    public func identities(behind service: ServiceRef) -> Set<ServiceIdentity> { identitiesBehind[service] ?? [] }
}
