// The EndpointSlice of a Service, from its Endpoints subsets (the Endpoints controller already
// resolved pods, readiness and target ports): one IPv4 slice named `<svc>-swift` with the
// `kubernetes.io/service-name` label and endpoint conditions ready/serving/terminating.
import KubeModel

/// Builds the EndpointSlice the node keeps for each selector Service.
public enum EndpointSliceBuilder {
    /// The slice's name for a Service.
    public static func name(service: String) -> String { "\(service)-swift" }

    /// The slice for `service` with Endpoints `subsets`.
    public static func slice(service: JSON, subsets: JSON) -> JSON {
        var endpoints: [JSON] = []
        var ports: [JSON] = []
        for subset in subsets.arrayValue ?? [] {
            if ports.isEmpty { ports = subset["ports"].arrayValue ?? [] }
            for (list, ready) in [(subset["addresses"], true), (subset["notReadyAddresses"], false)] {
                for address in list.arrayValue ?? [] {
                    var e: JSON = ["addresses": [address["ip"]],
                                   "conditions": ["ready": .bool(ready), "serving": .bool(ready), "terminating": false]]
                    if let node = address["nodeName"].stringValue { e["nodeName"] = .string(node) }
                    if let hostname = address["hostname"].stringValue { e["hostname"] = .string(hostname) }
                    if !address["targetRef"].isNull { e["targetRef"] = address["targetRef"] }
                    endpoints.append(e)
                }
            }
        }
        var labels = service[["metadata", "labels"]].objectValue ?? [:]
        labels["kubernetes.io/service-name"] = .string(service.name)
        labels["endpointslice.kubernetes.io/managed-by"] = "swift-osm-node"
        return [
            "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice", "addressType": "IPv4",
            "metadata": [
                "name": .string(name(service: service.name)), "namespace": .string(service.namespace), "labels": .object(labels),
                "ownerReferences": [["apiVersion": "v1", "kind": "Service", "name": .string(service.name),
                                     "uid": .string(service.uid), "controller": true, "blockOwnerDeletion": true]],
            ],
            "endpoints": .array(endpoints), "ports": .array(ports),
        ]
    }
}
