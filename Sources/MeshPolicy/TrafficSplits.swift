// SMI TrafficSplits as OSM applies them on the client, in both modes and for TCP: the apex
// Service port's connections are shared among backend Services (per connection, by weight).
import KubeModel
import MeshProtocol

/// The backends of split apex Service ports.
struct TrafficSplits {
    /// Backends by apex Service and port: (backend port entry, weight).
    let backends: [ServiceRef: [UInt16: [(port: MeshServicePort, weight: UInt32)]]]

    /// Resolves `splits` against the catalog: the first split (by name) per apex counts; its
    /// `spec.service` names the apex by short name (or an FQDN's first label); each backend must
    /// be a Service of the split's namespace with a port of the apex port's number, else skipped.
    init(_ splits: [JSON], catalog: MeshCatalog) {
        var byService: [ServiceRef: [MeshServicePort]] = [:]
        for p in catalog.ports { byService[p.service, default: []].append(p) }
        var result: [ServiceRef: [UInt16: [(port: MeshServicePort, weight: UInt32)]]] = [:]
        for split in splits.sorted(by: { ($0.namespace, $0.name) < ($1.namespace, $1.name) }) {
            let apexName = (split[["spec", "service"]].stringValue ?? "").split(separator: ".").first.map(String.init) ?? ""
            let apex = ServiceRef(namespace: split.namespace, name: apexName)
            guard result[apex] == nil, let apexPorts = byService[apex] else { continue }
            var perPort: [UInt16: [(port: MeshServicePort, weight: UInt32)]] = [:]
            for apexPort in apexPorts {
                for backend in split[["spec", "backends"]].arrayValue ?? [] {
                    let ref = ServiceRef(namespace: split.namespace, name: backend["service"].stringValue ?? "")
                    let weight = UInt32(clamping: max(0, backend["weight"].intValue ?? 0))
                    guard let match = byService[ref]?.first(where: { $0.port == apexPort.port }) else { continue }
                    perPort[apexPort.port, default: []].append((match, weight))
                }
            }
            result[apex] = perPort
        }
        backends = result
    }

    /// The weighted backends of an apex port, or nil when no split applies.
    func backends(of port: MeshServicePort) -> [(port: MeshServicePort, weight: UInt32)]? {
        guard let list = backends[port.service]?[port.port], !list.isEmpty else { return nil }
        return list
    }
}
