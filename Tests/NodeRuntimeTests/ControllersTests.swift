// The controllers against the embedded API server: a Deployment becomes a ReplicaSet and bound
// pods, scaling and a template change roll, Services get Endpoints from ready pods, namespaces
// get their default ServiceAccount, and a pod whose nodeSelector does not match stays Pending.
import KubeClient
import KubeModel
import KubeTestSupport
import Logging
import NodeRuntime
import Testing

@Suite("Cluster controllers against the embedded API server", .serialized)
struct ControllersTests {
    /// Stands in for the kubelet: marks every bound pod Running and Ready with an IP.
    static func fakeKubelet(_ client: KubeClient) async {
        var next = 10
        while !Task.isCancelled {
            if let list = try? await client.get(ResourcePath.pods.collection()) {
                for pod in list["items"].arrayValue ?? [] where PodState.isScheduled(pod) && !PodState.isReady(pod) && pod.deletionTimestamp == nil {
                    next += 1
                    _ = try? await client.patch(
                        ResourcePath.pods.object(pod.name, namespace: pod.namespace, subresource: "status"),
                        ["status": ["phase": "Running", "podIP": .string("10.244.0.\(next)"),
                                    "conditions": [["type": "Ready", "status": "True"]]]])
                }
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Polls `check` until it is true or 60 s pass (this pass shares two CPUs with CPU-heavy suites).
    static func eventually(_ what: String, _ check: () async throws -> Bool) async throws {
        for _ in 0..<600 {
            if try await check() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("timed out waiting for: \(what)")
    }

    @Test func deploymentsServicesAndNamespacesComeAlive() async throws {
        let server = try await LocalServer()
        defer { server.shutdown() }
        let client = try KubeClient(config: server.config)
        var logger = Logger(label: "test.node")
        logger.logLevel = .error
        let controllers = Task { await ClusterControllers(client: client, nodeName: "osm-node", logger: logger).run() }
        let kubelet = Task { await Self.fakeKubelet(client) }
        defer { controllers.cancel(); kubelet.cancel() }

        _ = try await client.create(ResourcePath.namespaces.collection(), ["metadata": ["name": "demo"]])
        try await Self.eventually("default ServiceAccount") {
            (try? await client.get(ResourcePath.serviceAccounts.object("default", namespace: "demo"))) != nil
        }
        try await Self.eventually("Ready node") {
            let node = try? await client.get(ResourcePath.nodes.object("osm-node"))
            return node?.labels["kubernetes.io/os"] == "linux" && node.map(PodState.isNodeReady) == true
        }

        let deployment: JSON = [
            "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "echo"],
            "spec": ["replicas": 2, "selector": ["matchLabels": ["app": "echo"]],
                     "template": ["metadata": ["labels": ["app": "echo"]],
                                  "spec": ["nodeSelector": ["kubernetes.io/os": "linux"],
                                           "containers": [["name": "c", "image": "busybox", "ports": [["name": "tcp", "containerPort": 9000]]]]]]],
        ]
        _ = try await client.create(ResourcePath.deployments.collection(namespace: "demo"), deployment)
        _ = try await client.create(ResourcePath.services.collection(namespace: "demo"), [
            "apiVersion": "v1", "kind": "Service", "metadata": ["name": "echo"],
            "spec": ["selector": ["app": "echo"], "ports": [["name": "tcp", "port": 9000, "targetPort": "tcp"]]],
        ])
        let deployPath = ResourcePath.deployments.object("echo", namespace: "demo")
        try await Self.eventually("2 available replicas") {
            let d = try await client.get(deployPath)
            return d[["status", "availableReplicas"]] == 2 && d[["status", "updatedReplicas"]] == 2
                && d[["status", "observedGeneration"]] == d[["metadata", "generation"]]
        }
        try await Self.eventually("Endpoints with both pods") {
            let ep = try? await client.get(ResourcePath.endpoints.object("echo", namespace: "demo"))
            return ep?["subsets"][0]["addresses"].arrayValue?.count == 2 && ep?["subsets"][0]["ports"][0]["port"] == 9000
        }
        try await Self.eventually("an EndpointSlice with both pods") {
            let slices = try await client.get(ResourcePath.endpointSlices.collection(namespace: "demo") + "?labelSelector=kubernetes.io%2Fservice-name%3Decho")
            let slice = slices["items"][0]
            return slice["endpoints"].arrayValue?.filter { $0[["conditions", "ready"]] == true }.count == 2 && slice["ports"][0]["port"] == 9000
        }
        // Scale up.
        _ = try await client.patch(deployPath, ["spec": ["replicas": 3]])
        try await Self.eventually("3 pods") {
            let pods = try await client.get(ResourcePath.pods.collection(namespace: "demo"))["items"].arrayValue ?? []
            return pods.filter(PodState.isActive).count == 3
        }
        // A new template rolls out to a second ReplicaSet; the first ends at 0.
        _ = try await client.patch(deployPath, ["spec": ["template": ["metadata": ["labels": ["app": "echo", "v": "2"]]]]])
        try await Self.eventually("rollout to revision 2") {
            let d = try await client.get(deployPath)
            let sets = try await client.get(ResourcePath.replicaSets.collection(namespace: "demo"))["items"].arrayValue ?? []
            return d.annotations["deployment.kubernetes.io/revision"] == "2" && sets.count == 2
                && sets.filter { $0[["spec", "replicas"]] == 0 }.count == 1 && d[["status", "updatedReplicas"]] == 3
                && d[["status", "replicas"]] == 3 && d[["status", "availableReplicas"]] == 3
        }
        // A pod on the node is deleted gracefully; the node finishes the deletion.
        let victim = try #require(try await client.get(ResourcePath.pods.collection(namespace: "demo"))["items"].arrayValue?.first)
        try await client.delete(ResourcePath.pods.object(victim.name, namespace: "demo"))
        try await Self.eventually("the deleted pod is gone") {
            (try? await client.get(ResourcePath.pods.object(victim.name, namespace: "demo"))) == nil
        }
        // A pod no node can take stays Pending, with the scheduler's reason.
        _ = try await client.create(ResourcePath.pods.collection(namespace: "demo"), [
            "apiVersion": "v1", "kind": "Pod", "metadata": ["name": "windows"],
            "spec": ["nodeSelector": ["kubernetes.io/os": "windows"], "containers": [["name": "c", "image": "busybox"]]],
        ])
        try await Self.eventually("Unschedulable condition") {
            let pod = try await client.get(ResourcePath.pods.object("windows", namespace: "demo"))
            return pod[["status", "conditions"]][0]["reason"] == "Unschedulable" && !PodState.isScheduled(pod)
        }
    }
}
