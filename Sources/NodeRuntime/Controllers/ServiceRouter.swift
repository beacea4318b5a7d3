// kube-proxy's role on the embedded node: keeps every running pod's ClusterIP rules equal to the
// Services and their ready endpoints, within a moment of any change, and prepares new sandboxes.
import KubeClient
import KubeModel
import LinuxNet
import Logging
import NetPlan
import Synchronization

/// Programs ClusterIP routing into the pods of a runtime.
public final class ServiceRouter: Sendable {
    let services: Informer
    let endpoints: Informer
    let runtime: PodRuntime
    let rules: ServiceRules
    let logger: Logger
    private let routes = Mutex<[ServicePortRoute]>([])

    /// A router for `runtime`'s pods.
    public init(services: Informer, endpoints: Informer, runtime: PodRuntime, rules: ServiceRules = ServiceRules(), logger: Logger) {
        self.services = services
        self.endpoints = endpoints
        self.runtime = runtime
        self.rules = rules
        self.logger = logger
    }

    /// Applies the current routes to one namespace (a new sandbox, or after its init containers).
    @Sendable public func prepare(_ namespace: String) async {
        let current = routes.withLock { $0 }
        do { try rules.apply(current, namespace: namespace) } catch {
            // A pod stopping while its rules are written removes the namespace under them: nothing to program.
            guard runtime.network.existingSandboxes().contains(namespace) else {
                logger.debug("sandbox removed while its ClusterIP routing was programmed", metadata: ["netns": "\(namespace)"])
                return
            }
            logger.warning("cannot program ClusterIP routing", metadata: ["netns": "\(namespace)", "error": "\(error)"])
        }
    }

    /// Follows Services and Endpoints until cancelled.
    public func run() async {
        let feeds = [await services.events(), await endpoints.events()]
        await services.waitForSync()
        await endpoints.waitForSync()
        let queue = KeyQueue()
        queue.add("sync")
        await withTaskGroup(of: Void.self) { group in
            for feed in feeds { group.addTask { for await _ in feed { queue.add("sync") } } }
            group.addTask { await Resync.every(.seconds(10)) { queue.add("sync") } }
            for await _ in queue.keys() { await sync() }
            group.cancelAll()
        }
    }

    private func sync() async {
        let dns = runtime.dnsServer, node = runtime.network.gateway
        let next = ServiceRoutes.build(services: await services.items, endpoints: await endpoints.items)
            + ["udp", "tcp"].map { ServicePortRoute(clusterIP: dns, port: 53, proto: $0, endpoints: ["\(node):53"]) }
        routes.withLock { $0 = next }
        for namespace in await runtime.sandboxes { await prepare(namespace) }
    }
}
