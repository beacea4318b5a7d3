// Keeps every ReplicaSet's pod count: creates pods from its template, deletes the surplus, and
// writes its status. Pods it created but the informer has not seen yet count as existing for a
// few seconds (Kubernetes' "expectations"), so a lagging cache never causes extra pods.
import Foundation
import KubeClient
import KubeModel
import Logging
import Synchronization

/// The ReplicaSet controller.
public struct ReplicaSetController: Sendable {
    let client: KubeClient
    let replicaSets: Informer
    let pods: Informer
    let events: EventRecorder
    let logger: Logger
    private let expected = Expectations()

    /// A controller over the given informers (all namespaces).
    public init(client: KubeClient, replicaSets: Informer, pods: Informer, logger: Logger) {
        self.client = client
        self.replicaSets = replicaSets
        self.pods = pods
        self.events = EventRecorder(client: client, component: "replicaset-controller")
        self.logger = logger
    }

    /// Reconciles until cancelled.
    public func run() async {
        let queue = KeyQueue()
        let feeds = [await replicaSets.events(), await pods.events()]
        await replicaSets.waitForSync()
        await pods.waitForSync()
        for rs in await replicaSets.items { queue.add(Informer.key(rs)) }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { for await e in feeds[0] { queue.add(Informer.key(e.object)) } }
            group.addTask {
                for await e in feeds[1] {
                    guard let owner = PodState.controllerUID(e.object) else { continue }
                    for rs in await replicaSets.items where rs.uid == owner { queue.add(Informer.key(rs)) }
                }
            }
            group.addTask { await Resync.every(.seconds(10)) { for rs in await replicaSets.items { queue.add(Informer.key(rs)) } } }
            for await key in queue.keys() {
                do { try await reconcile(key) } catch {
                    logger.warning("replicaset reconcile failed", metadata: ["key": "\(key)", "error": "\(error)"])
                    Task { try? await Task.sleep(for: .seconds(1)); queue.add(key) }
                }
            }
            group.cancelAll()
        }
    }

    func reconcile(_ key: String) async throws {
        let (namespace, name) = Informer.split(key)
        guard var rs = await replicaSets.get(namespace: namespace, name: name), rs.deletionTimestamp == nil else { return }
        rs["kind"] = "ReplicaSet"
        rs["apiVersion"] = "apps/v1"
        let seen = await pods.items.filter { $0.namespace == namespace && PodState.controllerUID($0) == rs.uid }
        let seenNames = Set(seen.map(\.name))
        let pending = expected.table.withLock { table -> (Set<String>, Set<String>) in
            guard var entry = table[rs.uid], Date().timeIntervalSince(entry.at) < 5 else {
                table[rs.uid] = nil
                return ([], [])
            }
            entry.names.subtract(seenNames)
            entry.deleted.formIntersection(seenNames)
            table[rs.uid] = entry
            return (entry.names, entry.deleted)
        }
        let counted = seen.filter { !pending.1.contains($0.name) }
            + pending.0.map { JSON.object(["metadata": ["name": .string($0)]]) }
        let desired = Int(rs[["spec", "replicas"]].intValue ?? 1)
        let plan = ReplicaSetPlan.plan(desired: desired, pods: counted)
        var created: Set<String> = [], deleted: Set<String> = []
        for _ in 0..<plan.create {
            let pod = try await client.create(ResourcePath.pods.collection(namespace: namespace), Self.pod(for: rs))
            created.insert(pod.name)
            await events.record(rs, reason: "SuccessfulCreate", message: "Created pod: \(pod.name)")
        }
        for podName in plan.delete {
            try await client.delete(ResourcePath.pods.object(podName, namespace: namespace), ignoreNotFound: true)
            deleted.insert(podName)
            await events.record(rs, reason: "SuccessfulDelete", message: "Deleted pod: \(podName)")
        }
        if !created.isEmpty || !deleted.isEmpty {
            expected.table.withLock { $0[rs.uid] = (pending.0.union(created), pending.1.union(deleted), Date()) }
        }
        let status = ReplicaSetPlan.status(of: rs, pods: seen)
        if !PodState.statusMatches(rs["status"], status) {
            _ = try await client.patch(ResourcePath.replicaSets.object(name, namespace: namespace, subresource: "status"),
                                       ["status": status])
        }
    }

    /// A pod from the ReplicaSet's template, owned by it.
    static func pod(for rs: JSON) -> JSON {
        let template = rs[["spec", "template"]]
        var metadata = template["metadata"].objectValue ?? [:]
        metadata["generateName"] = .string("\(rs.name)-")
        metadata["namespace"] = .string(rs.namespace)
        metadata["name"] = nil
        metadata["ownerReferences"] = [[
            "apiVersion": "apps/v1", "kind": "ReplicaSet", "name": .string(rs.name), "uid": .string(rs.uid),
            "controller": true, "blockOwnerDeletion": true,
        ]]
        return ["apiVersion": "v1", "kind": "Pod", "metadata": .object(metadata), "spec": template["spec"]]
    }

}

/// Pods a ReplicaSet created or deleted that the informer has not caught up with, per ReplicaSet uid.
final class Expectations: Sendable {
    let table = Mutex<[String: (names: Set<String>, deleted: Set<String>, at: Date)]>([:])
}
