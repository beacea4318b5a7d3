// Starts the embedded cluster's control loops against an API server: the Node object, the
// scheduler, the kubelet's pod lifecycle, and the Deployment, ReplicaSet, Endpoints and
// ServiceAccount controllers.
import KubeClient
import Logging

/// The controllers of the embedded node, run together.
public struct ClusterControllers: Sendable {
    let client: KubeClient
    let nodeName: String
    let nodeAddress: String
    let logger: Logger
    let runtime: PodRuntime?

    /// Controllers for node `nodeName` (at `nodeAddress`) using `client`; pods run with `runtime` when given.
    public init(client: KubeClient, nodeName: String, nodeAddress: String = "10.244.0.1", runtime: PodRuntime? = nil,
                logger: Logger) {
        self.client = client
        self.nodeName = nodeName
        self.nodeAddress = nodeAddress
        self.runtime = runtime
        self.logger = logger
    }

    /// Runs every loop until the task is cancelled.
    public func run() async {
        let informer = { (path: ResourcePath) in Informer(client: client, path: path.collection()) }
        let pods = informer(.pods), replicaSets = informer(.replicaSets), deployments = informer(.deployments)
        let services = informer(.services), endpoints = informer(.endpoints)
        let namespaces = informer(.namespaces), serviceAccounts = informer(.serviceAccounts)
        let all = [pods, replicaSets, deployments, services, endpoints, namespaces, serviceAccounts]
        for i in all { await i.start() }
        let node = NodeRegistrar(client: client, name: nodeName, address: nodeAddress, logger: logger)
        let router = runtime.map { ServiceRouter(services: services, endpoints: endpoints, runtime: $0, logger: logger) }
        if let router, let runtime { await runtime.setPrepareNetwork(router.prepare) }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await node.run() }
            if let router { group.addTask { await router.run() } }
            if let runtime {
                // Cluster DNS on the node's bridge address; pods reach it as 10.96.0.10 (ServiceRouter's DNAT).
                var dns = ClusterDNSService(client: client, services: services, endpoints: endpoints,
                                            host: nodeAddress, port: 53, logger: logger)
                dns.namespace = runtime.network.bridgeNamespace
                group.addTask { await dns.run() }
            }
            group.addTask {
                await Scheduler(client: client, pods: pods, nodeName: nodeName, nodeLabels: node.labels, logger: logger).run()
            }
            group.addTask {
                await Kubelet(client: client, pods: pods, nodeName: nodeName, runtime: runtime, nodeAddress: nodeAddress,
                              logger: logger).run()
            }
            group.addTask { await ReplicaSetController(client: client, replicaSets: replicaSets, pods: pods, logger: logger).run() }
            group.addTask {
                await DeploymentController(client: client, deployments: deployments, replicaSets: replicaSets, logger: logger).run()
            }
            group.addTask {
                await EndpointsController(client: client, services: services, pods: pods, endpoints: endpoints, logger: logger).run()
            }
            group.addTask {
                await ServiceAccountController(client: client, namespaces: namespaces, serviceAccounts: serviceAccounts, logger: logger).run()
            }
        }
        for i in all { await i.stop() }
        logger.info("node controllers stopped")
    }
}
