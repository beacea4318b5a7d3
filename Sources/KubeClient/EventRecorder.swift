// Writes Kubernetes Events (`kubectl describe` and `kubectl get events` show them) for what the
// node, its controllers and the mesh controller do.
import Foundation
import KubeModel

/// Records Events about objects, as one component.
public struct EventRecorder: Sendable {
    let client: KubeClient
    let component: String

    /// A recorder reporting as `component` (e.g. `replicaset-controller`).
    public init(client: KubeClient, component: String) {
        self.client = client
        self.component = component
    }

    /// Records an event of `type` (`Normal` or `Warning`) about `object`; failures are ignored.
    public func record(_ object: JSON, type: String = "Normal", reason: String, message: String) async {
        let now = Timestamp.format(Date().timeIntervalSince1970)
        let namespace = object.namespace.isEmpty ? "default" : object.namespace
        let event: JSON = [
            "apiVersion": "v1", "kind": "Event",
            // Named as Kubernetes names events: `<object>.<unix nanoseconds in hex>`.
            "metadata": ["name": .string("\(object.name).\(String(UInt64(Date().timeIntervalSince1970 * 1e9), radix: 16))"),
                         "namespace": .string(namespace)],
            "involvedObject": [
                "apiVersion": .string(object.apiVersion), "kind": .string(object.kind), "name": .string(object.name),
                "namespace": .string(object.namespace), "uid": .string(object.uid),
            ],
            "reason": .string(reason), "message": .string(message), "type": .string(type),
            "source": ["component": .string(component)], "reportingComponent": .string(component),
            "firstTimestamp": .string(now), "lastTimestamp": .string(now), "count": 1,
        ]
        _ = try? await client.create(ResourcePath.events.collection(namespace: namespace), event)
    }
}
