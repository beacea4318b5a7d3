// Gives every active namespace its `default` ServiceAccount, as kube-controller-manager does.
import KubeClient
import KubeModel
import Logging

/// The ServiceAccount controller.
public struct ServiceAccountController: Sendable {
    let client: KubeClient
    let namespaces: Informer
    let serviceAccounts: Informer
    let logger: Logger

    /// A controller over the given informers.
    public init(client: KubeClient, namespaces: Informer, serviceAccounts: Informer, logger: Logger) {
        self.client = client
        self.namespaces = namespaces
        self.serviceAccounts = serviceAccounts
        self.logger = logger
    }

    /// Reconciles until cancelled.
    public func run() async {
        let feeds = [await namespaces.events(), await serviceAccounts.events()]
        await namespaces.waitForSync()
        await serviceAccounts.waitForSync()
        await ensureAll()
        await withTaskGroup(of: Void.self) { group in
            for feed in feeds { group.addTask { for await _ in feed { await ensureAll() } } }
            group.addTask { await Resync.every(.seconds(10)) { await ensureAll() } }
        }
    }

    func ensureAll() async {
        for ns in await namespaces.items where ns.deletionTimestamp == nil && ns[["status", "phase"]].stringValue != "Terminating" {
            guard await serviceAccounts.get(namespace: ns.name, name: "default") == nil else { continue }
            do {
                _ = try await client.create(ResourcePath.serviceAccounts.collection(namespace: ns.name),
                                            ["apiVersion": "v1", "kind": "ServiceAccount", "metadata": ["name": "default"]])
            } catch let error as KubeClientError where error.isConflict {
            } catch {
                logger.warning("cannot create the default ServiceAccount", metadata: ["namespace": "\(ns.name)", "error": "\(error)"])
            }
        }
    }
}
