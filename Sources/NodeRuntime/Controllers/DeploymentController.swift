// Rolls Deployments out: one ReplicaSet per pod template (named by its hash), scaled by the
// strategy, revisions and history kept so `kubectl rollout status|history|undo` work.
import KubeClient
import KubeModel
import Logging

/// The Deployment controller.
public struct DeploymentController: Sendable {
    let client: KubeClient
    let deployments: Informer
    let replicaSets: Informer
    let events: EventRecorder
    let logger: Logger

    /// A controller over the given informers (all namespaces).
    public init(client: KubeClient, deployments: Informer, replicaSets: Informer, logger: Logger) {
        self.client = client
        self.deployments = deployments
        self.replicaSets = replicaSets
        self.events = EventRecorder(client: client, component: "deployment-controller")
        self.logger = logger
    }

    /// Reconciles until cancelled.
    public func run() async {
        let queue = KeyQueue()
        let feeds = [await deployments.events(), await replicaSets.events()]
        await deployments.waitForSync()
        await replicaSets.waitForSync()
        for d in await deployments.items { queue.add(Informer.key(d)) }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { for await e in feeds[0] { queue.add(Informer.key(e.object)) } }
            group.addTask {
                for await e in feeds[1] {
                    guard let owner = PodState.controllerUID(e.object) else { continue }
                    for d in await deployments.items where d.uid == owner { queue.add(Informer.key(d)) }
                }
            }
            group.addTask { await Resync.every(.seconds(10)) { for d in await deployments.items { queue.add(Informer.key(d)) } } }
            for await key in queue.keys() {
                do { try await reconcile(key) } catch {
                    logger.warning("deployment reconcile failed", metadata: ["key": "\(key)", "error": "\(error)"])
                    Task { try? await Task.sleep(for: .seconds(1)); queue.add(key) }
                }
            }
            group.cancelAll()
        }
    }

    func reconcile(_ key: String) async throws {
        let (namespace, name) = Informer.split(key)
        guard var d = await deployments.get(namespace: namespace, name: name), d.deletionTimestamp == nil else { return }
        d["kind"] = "Deployment"
        d["apiVersion"] = "apps/v1"
        let owned = await replicaSets.items.filter { $0.namespace == namespace && PodState.controllerUID($0) == d.uid }
        let plan = DeploymentPlan.plan(d, replicaSets: owned)
        let rsPath = ResourcePath.replicaSets
        if let rs = plan.create {
            do {
                _ = try await client.create(rsPath.collection(namespace: namespace), rs)
                await events.record(d, reason: "ScalingReplicaSet",
                                    message: "Scaled up replica set \(rs.name) to \(rs[["spec", "replicas"]].intValue ?? 0)")
            } catch let error as KubeClientError where error.isConflict {
                // Made already; the informer has not shown it yet.
            }
        }
        for (rsName, revision) in plan.revision {
            _ = try await client.patch(rsPath.object(rsName, namespace: namespace),
                                       ["metadata": ["annotations": ["deployment.kubernetes.io/revision": .string(revision)]]])
        }
        for (rsName, replicas) in plan.scale.sorted(by: { $0.key < $1.key }) {
            let old = owned.first { $0.name == rsName }?[["spec", "replicas"]].intValue ?? 0
            _ = try await client.patch(rsPath.object(rsName, namespace: namespace), ["spec": ["replicas": .int(replicas)]])
            await events.record(d, reason: "ScalingReplicaSet",
                                message: "Scaled \(replicas > old ? "up" : "down") replica set \(rsName) from \(old) to \(replicas)")
        }
        for rsName in plan.delete {
            try await client.delete(rsPath.object(rsName, namespace: namespace), ignoreNotFound: true)
        }
        if d.annotations["deployment.kubernetes.io/revision"] != plan.deploymentRevision {
            _ = try await client.patch(
                ResourcePath.deployments.object(name, namespace: namespace),
                ["metadata": ["annotations": ["deployment.kubernetes.io/revision": .string(plan.deploymentRevision)]]])
        }
        if !PodState.statusMatches(d["status"], plan.status) {
            _ = try await client.patch(ResourcePath.deployments.object(name, namespace: namespace, subresource: "status"),
                                       ["status": plan.status])
        }
    }
}
