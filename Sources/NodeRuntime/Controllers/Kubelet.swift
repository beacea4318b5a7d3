// The node agent: pods bound to this node are started by the PodRuntime (sandbox, containers) and
// their status written back whenever it changes; pods being deleted are stopped (SIGTERM, grace,
// SIGKILL), their sandbox removed, then the object removed with grace 0, as a kubelet does.
// Without a runtime (no CAP_NET_ADMIN) deletions are still finished, and pods stay Pending.
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
    let runtime: PodRuntime?
    let nodeAddress: String

    /// A kubelet for `nodeName`, running pods with `runtime` when there is one.
    public init(client: KubeClient, pods: Informer, nodeName: String, runtime: PodRuntime? = nil,
                nodeAddress: String = "10.244.0.1", logger: Logger) {
        self.client = client
        self.pods = pods
        self.nodeName = nodeName
        self.runtime = runtime
        self.nodeAddress = nodeAddress
        self.events = EventRecorder(client: client, component: "kubelet")
        self.logger = logger
    }

    /// Runs until cancelled.
    public func run() async {
        let feed = await pods.events()
        let changes = KeyQueue()
        await runtime?.setOnChange { uid in changes.add(uid) }
        await pods.waitForSync()
        await removeOrphans()
        for pod in await pods.items { await handle(pod) }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await e in feed {
                    if case .deleted(let pod) = e {
                        await runtime?.stop(uid: pod.uid, grace: .seconds(0))
                        continue
                    }
                    await handle(e.object)
                }
            }
            group.addTask {
                for await uid in changes.keys() {
                    if let pod = await pods.items.first(where: { $0.uid == uid }) { await pushStatus(pod) }
                }
            }
            group.addTask { await Resync.every(.seconds(5)) { for pod in await pods.items { await handle(pod) } } }
        }
    }

    /// Sandboxes and files of pods that no longer exist (deleted while the node was down) are removed.
    func removeOrphans() async {
        guard let runtime else { return }
        let known = Set(await pods.items.map(\.uid))
        for uid in await runtime.uids where !known.contains(uid) { await runtime.stop(uid: uid, grace: .seconds(0)) }
        await runtime.removeDirectories(except: known)
    }

    func handle(_ pod: JSON) async {
        guard pod[["spec", "nodeName"]].stringValue == nodeName else { return }
        guard pod.deletionTimestamp != nil else { return await start(pod) }
        if let runtime {
            let grace = pod[["metadata", "deletionGracePeriodSeconds"]].intValue ?? 30
            await runtime.stop(uid: pod.uid, grace: .seconds(grace))
        }
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

    /// Starts a bound pod if it does not run yet and writes its status.
    func start(_ pod: JSON) async {
        guard let runtime else { return }
        let phase = pod[["status", "phase"]].stringValue
        if phase == "Succeeded" || phase == "Failed", !(await runtime.isRunning(uid: pod.uid)) { return }
        if !(await runtime.isRunning(uid: pod.uid)) {
            do {
                try await runtime.ensureRunning(pod)
                var described = pod
                described["kind"] = "Pod"
                described["apiVersion"] = "v1"
                await events.record(described, reason: "Started", message: "Started pod sandbox for \(pod.name)")
                for problem in await runtime.problems(uid: pod.uid) {
                    await events.record(described, type: "Warning", reason: problem.reason == "ErrImagePull" ? "Failed" : problem.reason,
                                        message: problem.message)
                }
            } catch {
                logger.warning("cannot start a pod", metadata: ["pod": "\(pod.namespace)/\(pod.name)", "error": "\(error)"])
                return
            }
        }
        await pushStatus(pod)
    }

    /// Writes the runtime's view of the pod when it differs from what the API has.
    func pushStatus(_ pod: JSON) async {
        guard let runtime, let status = await runtime.status(uid: pod.uid, nodeAddress: nodeAddress) else { return }
        var described = pod
        described["kind"] = "Pod"
        described["apiVersion"] = "v1"
        if let problem = await runtime.takeVolumeProblem(uid: pod.uid) {
            await events.record(described, type: "Warning", reason: "FailedMount", message: problem)
        }
        for e in await runtime.takeEvents(uid: pod.uid) {
            await events.record(described, type: e.type, reason: e.reason, message: e.message)
        }
        if PodState.statusMatches(pod["status"], status) { return }
        do {
            _ = try await client.patch(ResourcePath.pods.object(pod.name, namespace: pod.namespace, subresource: "status"),
                                       ["status": status])
        } catch {
            logger.warning("cannot write pod status", metadata: ["pod": "\(pod.namespace)/\(pod.name)", "error": "\(error)"])
        }
    }
}
