// The Endpoints of a Service from the pods its selector matches: ready pod IPs under addresses,
// the others under notReadyAddresses, each Service port with its targetPort resolved (a named
// targetPort is looked up in the pod's container ports).
import KubeModel

/// Builds Endpoints objects, pure.
public enum EndpointsBuilder {
    /// The `subsets` for `service` over the namespace's `pods` (empty when it has no selector match).
    public static func subsets(service: JSON, pods: [JSON]) -> JSON {
        guard let selector = service[["spec", "selector"]].objectValue?.compactMapValues(\.stringValue), !selector.isEmpty
        else { return [] }
        let chosen = pods.filter { pod in
            PodState.isActive(pod) && selector.allSatisfy { pod.labels[$0.key] == $0.value }
                && !(pod[["status", "podIP"]].stringValue ?? "").isEmpty
        }.sorted { $0.name < $1.name }
        // Pods resolving every port the same way share a subset; group by resolved port list.
        var groups: [[Int64]: (ready: [JSON], notReady: [JSON])] = [:]
        var order: [[Int64]] = []
        let ports = service[["spec", "ports"]].arrayValue ?? []
        for pod in chosen {
            let resolved = ports.map { targetPort($0, pod: pod) }
            guard !resolved.contains(0) else { continue }
            if groups[resolved] == nil { order.append(resolved) }
            var address: JSON = [
                "ip": pod[["status", "podIP"]], "nodeName": pod[["spec", "nodeName"]],
                "targetRef": ["kind": "Pod", "namespace": .string(pod.namespace), "name": .string(pod.name),
                              "uid": .string(pod.uid)],
            ]
            // A pod whose subdomain names this Service is known by its hostname (DNS
            // `<hostname>.<service>.<namespace>.svc.cluster.local`), as Kubernetes' endpoints controller does.
            if let hostname = pod[["spec", "hostname"]].stringValue, !hostname.isEmpty,
               pod[["spec", "subdomain"]].stringValue == service.name {
                address["hostname"] = .string(hostname)
            }
            if PodState.isReady(pod) { groups[resolved, default: ([], [])].ready.append(address) }
            else { groups[resolved, default: ([], [])].notReady.append(address) }
        }
        return .array(order.map { resolved in
            let g = groups[resolved]!
            var subset: JSON = ["ports": .array(zip(ports, resolved).map { port, number in
                var p: JSON = ["port": .int(number), "protocol": port["protocol"].isNull ? "TCP" : port["protocol"]]
                if let name = port["name"].stringValue { p["name"] = .string(name) }
                if let app = port["appProtocol"].stringValue { p["appProtocol"] = .string(app) }
                return p
            })]
            if !g.ready.isEmpty { subset["addresses"] = .array(g.ready) }
            if !g.notReady.isEmpty { subset["notReadyAddresses"] = .array(g.notReady) }
            return subset
        })
    }

    /// A Service port's target port on `pod` (a number, or a container port found by name); 0 if unresolved.
    static func targetPort(_ port: JSON, pod: JSON) -> Int64 {
        let target = port["targetPort"]
        if let n = target.intValue { return n }
        if let name = target.stringValue {
            if let n = Int64(name) { return n }
            for container in pod[["spec", "containers"]].arrayValue ?? [] {
                for cp in container["ports"].arrayValue ?? [] where cp["name"].stringValue == name {
                    return cp["containerPort"].intValue ?? 0
                }
            }
            return 0
        }
        return port["port"].intValue ?? 0
    }
}
