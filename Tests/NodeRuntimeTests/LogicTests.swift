// The controllers' pure decisions: template hashes, scale-down order, rolling updates, and
// Endpoints from pods.
import KubeModel
import NodeRuntime
import Testing

@Suite("Controller logic")
struct LogicTests {
    static func pod(_ name: String, labels: [String: String] = ["app": "a"], ready: Bool = false, ip: String? = nil,
                    node: String? = nil, phase: String = "Pending", created: String = "2026-01-01T00:00:00Z") -> JSON {
        var p: JSON = ["metadata": ["name": .string(name), "namespace": "ns", "uid": .string("uid-\(name)"),
                                    "creationTimestamp": .string(created), "labels": .object(labels.mapValues { .string($0) })],
                       "spec": ["containers": [["name": "c", "ports": [["name": "tcp", "containerPort": 9000]]]]],
                       "status": ["phase": .string(phase)]]
        if let ip { p[["status", "podIP"]] = .string(ip) }
        if let node { p[["spec", "nodeName"]] = .string(node) }
        if ready { p[["status", "conditions"]] = [["type": "Ready", "status": "True"]] }
        return p
    }

    @Test func templateHashIsStableAndChangesWithTheTemplate() {
        let t: JSON = ["metadata": ["labels": ["app": "a"]], "spec": ["containers": [["name": "c", "image": "busybox"]]]]
        var u = t
        u[["spec", "containers"]] = [["name": "c", "image": "busybox:1.36"]]
        #expect(TemplateHash.of(t) == TemplateHash.of(t))
        #expect(TemplateHash.of(t) != TemplateHash.of(u))
        #expect(TemplateHash.of(t) != TemplateHash.of(t, collisionCount: 1))
        #expect(TemplateHash.of(t).allSatisfy { "bcdfghjklmnpqrstvwxz2456789".contains($0) })
    }

    @Test func scaleDownRemovesTheLeastUsefulPodsFirst() {
        let pods = [
            Self.pod("running-ready", ready: true, node: "n", phase: "Running"),
            Self.pod("unscheduled"),
            Self.pod("running-old", node: "n", phase: "Running", created: "2026-01-01T00:00:00Z"),
            Self.pod("running-new", node: "n", phase: "Running", created: "2026-01-02T00:00:00Z"),
        ]
        #expect(ReplicaSetPlan.plan(desired: 1, pods: pods).delete == ["unscheduled", "running-new", "running-old"])
        let grow = ReplicaSetPlan.plan(desired: 6, pods: pods)
        #expect(grow.create == 2 && grow.delete.isEmpty)
    }

    static func deployment(replicas: Int64, image: String, strategy: JSON = ["type": "RollingUpdate"]) -> JSON {
        ["metadata": ["name": "web", "namespace": "ns", "uid": "d-uid", "generation": 2],
         "spec": ["replicas": .int(replicas), "selector": ["matchLabels": ["app": "web"]], "strategy": strategy,
                  "template": ["metadata": ["labels": ["app": "web"]], "spec": ["containers": [["name": "c", "image": .string(image)]]]]]]
    }

    @Test func aNewDeploymentCreatesItsReplicaSetAtFullScale() throws {
        let plan = DeploymentPlan.plan(Self.deployment(replicas: 3, image: "v1"), replicaSets: [])
        let rs = try #require(plan.create)
        #expect(rs[["spec", "replicas"]] == 3)
        #expect(rs.annotations["deployment.kubernetes.io/revision"] == "1")
        #expect(rs.name.hasPrefix("web-") && rs.labels["pod-template-hash"] != nil)
        #expect(rs[["spec", "selector", "matchLabels", "pod-template-hash"]] == rs[["metadata", "labels", "pod-template-hash"]])
    }

    @Test func aTemplateChangeRollsWithinSurgeAndUnavailability() throws {
        let v1 = DeploymentPlan.plan(Self.deployment(replicas: 4, image: "v1"), replicaSets: [])
        var old = try #require(v1.create)
        old[["status"]] = ["replicas": 4, "readyReplicas": 4, "availableReplicas": 4]
        // v2: maxSurge 25% of 4 = 1, maxUnavailable 1: the new set starts at 1, the old drops to 3.
        let step = DeploymentPlan.plan(Self.deployment(replicas: 4, image: "v2"), replicaSets: [old])
        let new = try #require(step.create)
        #expect(new[["spec", "replicas"]] == 1)
        #expect(new.annotations["deployment.kubernetes.io/revision"] == "2")
        #expect(step.scale[old.name] == 3)
        #expect(step.deploymentRevision == "2")
        // Recreate: old goes to 0 first, the new set waits for the old pods to be gone.
        let recreate = DeploymentPlan.plan(Self.deployment(replicas: 4, image: "v2", strategy: ["type": "Recreate"]), replicaSets: [old])
        #expect(recreate.scale[old.name] == 0)
        #expect(recreate.create?[["spec", "replicas"]] == 0)
    }

    @Test func hugeCountsAndRevisionsArePlannedWithoutOverflow() throws {
        let huge = Int64.max
        var d = Self.deployment(replicas: huge, image: "v2",
                                strategy: ["type": "RollingUpdate", "rollingUpdate": ["maxSurge": .int(huge), "maxUnavailable": "900000%"]])
        let v1 = DeploymentPlan.plan(Self.deployment(replicas: 4, image: "v1"), replicaSets: [])
        var old = try #require(v1.create)
        old[["metadata", "annotations", "deployment.kubernetes.io/revision"]] = .string(String(huge))
        old[["status"]] = ["replicas": .int(huge), "readyReplicas": .int(huge), "availableReplicas": .int(huge)]
        let plan = DeploymentPlan.plan(d, replicaSets: [old])
        #expect(plan.create != nil, "the new template gets its ReplicaSet")
        #expect(plan.deploymentRevision == String(huge))
        d[["spec", "replicas"]] = -3
        _ = DeploymentPlan.plan(d, replicaSets: [old])
    }

    @Test func aRollbackReusesTheOldReplicaSetWithTheNextRevision() throws {
        var v1 = try #require(DeploymentPlan.plan(Self.deployment(replicas: 2, image: "v1"), replicaSets: []).create)
        v1[["spec", "replicas"]] = 0
        v1["status"] = ["replicas": 0]
        var v2 = try #require(DeploymentPlan.plan(Self.deployment(replicas: 2, image: "v2"), replicaSets: [v1]).create)
        v2[["metadata", "annotations", "deployment.kubernetes.io/revision"]] = "2"
        v2[["spec", "replicas"]] = 2
        v2["status"] = ["replicas": 2, "readyReplicas": 2, "availableReplicas": 2]
        let undo = DeploymentPlan.plan(Self.deployment(replicas: 2, image: "v1"), replicaSets: [v1, v2])
        #expect(undo.create == nil, "the v1 ReplicaSet is found again")
        #expect(undo.revision[v1.name] == "3" && undo.deploymentRevision == "3")
        #expect(undo.scale[v1.name] == 1, "scaled up within the surge")
    }

    @Test func endpointsResolveNamedPortsAndSplitByReadiness() {
        let service: JSON = ["metadata": ["name": "svc", "namespace": "ns"],
                             "spec": ["selector": ["app": "a"], "ports": [["name": "tcp", "port": 80, "targetPort": "tcp"]]]]
        let pods = [Self.pod("a1", ready: true, ip: "10.244.0.5", node: "n", phase: "Running"),
                    Self.pod("a2", ip: "10.244.0.6", node: "n", phase: "Running"),
                    Self.pod("b", labels: ["app": "b"], ready: true, ip: "10.244.0.7"),
                    Self.pod("no-ip", ready: true)]
        let subsets = EndpointsBuilder.subsets(service: service, pods: pods)
        #expect(subsets[0]["ports"] == [["port": 9000, "protocol": "TCP", "name": "tcp"]])
        #expect(subsets[0]["addresses"].arrayValue?.map { $0["ip"] } == ["10.244.0.5"])
        #expect(subsets[0]["notReadyAddresses"].arrayValue?.map { $0["ip"] } == ["10.244.0.6"])
    }

    @Test func aPodWhoseSubdomainNamesTheServiceIsKnownByItsHostname() {
        let service: JSON = ["metadata": ["name": "db", "namespace": "ns"],
                             "spec": ["clusterIP": "None", "selector": ["app": "a"], "ports": [["port": 9000]]]]
        var named = Self.pod("a1", ready: true, ip: "10.244.0.5", phase: "Running")
        named[["spec", "hostname"]] = "db-0"
        named[["spec", "subdomain"]] = "db"
        var elsewhere = Self.pod("a2", ready: true, ip: "10.244.0.6", phase: "Running")
        elsewhere[["spec", "hostname"]] = "other"
        elsewhere[["spec", "subdomain"]] = "not-db"
        let subsets = EndpointsBuilder.subsets(service: service, pods: [named, elsewhere])
        #expect(subsets[0]["addresses"].arrayValue?.map { $0["hostname"] } == ["db-0", .null])
        #expect(EndpointSliceBuilder.slice(service: service, subsets: subsets)["endpoints"][0]["hostname"] == "db-0")
        guard case .headless(let endpoints)? = DNSRecordsBuilder.entry(service: service, endpoints: ["subsets": subsets])?.kind else {
            Issue.record("a headless entry")
            return
        }
        #expect(endpoints.map(\.hostname) == ["db-0", nil], "DNS answers db-0.db.ns.svc.cluster.local")
    }
}

extension JSON {
    /// Element `i` of an array (null when out of range or not an array).
    subscript(i: Int) -> JSON {
        guard let a = arrayValue, a.indices.contains(i) else { return .null }
        return a[i]
    }
}
