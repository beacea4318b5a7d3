// The node agent's pod lifecycle as seen by the API: pods bound to this node that are being
// deleted are finished here (their processes stopped, then the object removed with grace 0),
// as a kubelet does. Running containers is the sandbox runtime's job (planned); until it
// exists, bound pods stay Pending.
import KubeClient
import KubeModel
import Logging

/// The kubelet's API-facing loop for one node.
public struct Kubelet: Sendable {
    let client: KubeClient
    let pods: Informer
    let nodeName: String
    let events: EventRecorder
    let logger: Logger

    /// A kubelet for `nodeName`.
    public init(client: KubeClient, pods: Informer, nodeName: String, logger: Logger) {
        self.client = client
        self.pods = pods
        self.nodeName = nodeName
        self.events = EventRecorder(client: client, component: "kubelet")
        self.logger = logger
    }

    /// Runs until cancelled.
    public func run() async {
        let feed = await pods.events()
        await pods.waitForSync()
        for pod in await pods.items { await handle(pod) }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { for await e in feed { if case .deleted = e { continue }; await handle(e.object) } }
            group.addTask { await Resync.every(.seconds(5)) { for pod in await pods.items { await handle(pod) } } }
        }
    }

    func handle(_ pod: JSON) async {
        guard pod[["spec", "nodeName"]].stringValue == nodeName, pod.deletionTimestamp != nil else { return }
        // Nothing runs yet, so nothing needs stopping: confirm the deletion at once.
        var pod = pod
        pod["kind"] = "Pod"
        pod["apiVersion"] = "v1"
        await events.record(pod, reason: "Killing", message: "Stopping pod \(pod.name)")
        do {
            try await client.delete(ResourcePath.pods.object(pod.name, namespace: pod.namespace),
                                    options: ["apiVersion": "v1", "kind": "DeleteOptions", "gracePeriodSeconds": 0,
                                              "preconditions": ["uid": .string(pod.uid)]],
                                    ignoreNotFound: true)
        } catch let error as KubeClientError where error.isConflict {
        } catch {
            logger.warning("cannot finish deleting a pod", metadata: ["pod": "\(pod.namespace)/\(pod.name)", "error": "\(error)"])
        }
    }
}
