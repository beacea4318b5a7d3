// Binds pending pods to the node when its labels satisfy their nodeSelector; otherwise marks
// them unschedulable with the message kube-scheduler gives, and records why.
import KubeClient
import KubeModel
import Logging

/// The single-node scheduler.
public struct Scheduler: Sendable {
    let client: KubeClient
    let pods: Informer
    let nodeName: String
    let nodeLabels: [String: String]
    let events: EventRecorder
    let logger: Logger

    /// A scheduler binding to `nodeName`, whose labels are `nodeLabels`.
    public init(client: KubeClient, pods: Informer, nodeName: String, nodeLabels: [String: String], logger: Logger) {
        self.client = client
        self.pods = pods
        self.nodeName = nodeName
        self.nodeLabels = nodeLabels
        self.events = EventRecorder(client: client, component: "default-scheduler")
        self.logger = logger
    }

    /// Schedules until cancelled.
    public func run() async {
        let feed = await pods.events()
        await pods.waitForSync()
        for pod in await pods.items { await schedule(pod) }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { for await e in feed { if case .deleted = e { continue }; await schedule(e.object) } }
            group.addTask { await Resync.every(.seconds(5)) { for pod in await pods.items { await schedule(pod) } } }
        }
    }

    func schedule(_ pod: JSON) async {
        guard !PodState.isScheduled(pod), pod.deletionTimestamp == nil,
              (pod[["spec", "schedulerName"]].stringValue ?? "default-scheduler") == "default-scheduler"
        else { return }
        var pod = pod
        pod["kind"] = "Pod"
        pod["apiVersion"] = "v1"
        let selector = pod[["spec", "nodeSelector"]].objectValue?.compactMapValues(\.stringValue) ?? [:]
        guard selector.allSatisfy({ nodeLabels[$0.key] == $0.value }) else {
            let message = "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector."
            let already = (pod[["status", "conditions"]].arrayValue ?? []).contains {
                $0["type"].stringValue == "PodScheduled" && $0["reason"].stringValue == "Unschedulable"
            }
            guard !already else { return }
            _ = try? await client.patch(
                ResourcePath.pods.object(pod.name, namespace: pod.namespace, subresource: "status"),
                ["status": ["phase": "Pending", "conditions": [[
                    "type": "PodScheduled", "status": "False", "reason": "Unschedulable", "message": .string(message),
                ]]]])
            await events.record(pod, type: "Warning", reason: "FailedScheduling", message: message)
            return
        }
        let binding: JSON = [
            "apiVersion": "v1", "kind": "Binding", "metadata": ["name": .string(pod.name), "namespace": .string(pod.namespace)],
            "target": ["apiVersion": "v1", "kind": "Node", "name": .string(nodeName)],
        ]
        do {
            _ = try await client.create(ResourcePath.pods.object(pod.name, namespace: pod.namespace, subresource: "binding"), binding)
            await events.record(pod, reason: "Scheduled", message: "Successfully assigned \(pod.namespace)/\(pod.name) to \(nodeName)")
        } catch let error as KubeClientError where error.isConflict || error.isNotFound {
        } catch {
            logger.warning("binding failed", metadata: ["pod": "\(pod.namespace)/\(pod.name)", "error": "\(error)"])
        }
    }
}
