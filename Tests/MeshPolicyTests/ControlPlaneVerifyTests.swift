// `osm verify control-plane-health`'s judgement: a missing or scaled-down Deployment, replicas not
// available, pods not running or not ready (with the container's reason), liveness answers.
import KubeModel
import MeshPolicy
import Testing

@Suite("Control-plane health verification")
struct ControlPlaneVerifyTests {
    func deployment(replicas: Int64, available: Int64) -> JSON {
        ["spec": ["replicas": .int(replicas)], "status": ["availableReplicas": .int(available)]]
    }
    func pod(_ name: String, phase: String = "Running", ready: Bool = true, waiting: String? = nil) -> JSON {
        var status: JSON = ["phase": .string(phase), "conditions": [["type": "Ready", "status": ready ? "True" : "False"]]]
        if let waiting { status["containerStatuses"] = [["name": "osm-controller", "state": ["waiting": ["reason": .string(waiting)]]]] }
        return ["metadata": ["name": .string(name)], "status": status]
    }
    func check(_ deployment: JSON?, _ pods: [JSON], _ probes: [String: ControlPlaneHealth.ProbeAnswer] = [:]) -> [ConnectivityFinding] {
        ControlPlaneHealth.findings(component: "osm-controller", namespace: "osm-system", deployment: deployment, pods: pods, probes: probes)
    }

    @Test func aHealthyComponentPassesEveryFinding() {
        let findings = check(deployment(replicas: 1, available: 1), [pod("c-1")], ["c-1": .status(200)])
        #expect(findings.map(\.text) == [
            "deployment osm-system/osm-controller has 1 of 1 replicas available",
            "pod osm-system/c-1 is running and ready",
            "pod osm-system/c-1 answers /health/alive on port 9091",
        ])
        #expect(findings.allSatisfy { $0.passed })
    }

    @Test func aMissingDeploymentSaysWhereItLooked() {
        let findings = check(nil, [])
        #expect(findings.count == 1 && !findings[0].passed)
        #expect(findings[0].text.contains("deployment osm-system/osm-controller does not exist"))
    }

    @Test func aScaledDownOrUnavailableDeploymentFails() {
        let scaled = check(deployment(replicas: 0, available: 0), [])
        #expect(scaled.map(\.passed) == [false] && scaled[0].text.contains("scaled to 0: kubectl scale deployment osm-controller"))
        let short = check(deployment(replicas: 2, available: 1), [pod("c-1"), pod("c-2", ready: false, waiting: "CrashLoopBackOff")])
        #expect(short.map(\.passed) == [false, true, false])
        #expect(short[0].text == "deployment osm-system/osm-controller has 1 of 2 replicas available")
        #expect(short[2].text == "pod osm-system/c-2 is not ready (phase Running, container osm-controller waiting: CrashLoopBackOff)")
    }

    @Test func aDeploymentWithNoPodFails() {
        let findings = check(deployment(replicas: 1, available: 0), [])
        #expect(findings.map(\.passed) == [false, false])
        #expect(findings[1].text == "no pod of osm-system/osm-controller exists (label app=osm-controller)")
    }

    @Test func livenessAnswersOtherThan200Fail() {
        let findings = check(deployment(replicas: 2, available: 2), [pod("a"), pod("b")],
                             ["a": .status(503), "b": .unreachable("connection refused")])
        #expect(findings.filter { !$0.passed }.map(\.text) == [
            "pod osm-system/a answers /health/alive on port 9091 with HTTP 503",
            "pod osm-system/b cannot be asked /health/alive on port 9091: connection refused",
        ])
    }

    @Test func onlyRunningPodsAreProbed() {
        #expect(ControlPlaneHealth.probeTargets([pod("b"), pod("a", phase: "Pending", ready: false), pod("c", ready: false)]) == ["b", "c"])
    }

    @Test func terminatingAndFinishedPodsAreLeftOut() {
        var leaving = pod("old", ready: false)
        leaving[["metadata", "deletionTimestamp"]] = "2026-11-30T10:00:00Z"
        let evicted = pod("evicted", phase: "Failed", ready: false)
        let findings = check(deployment(replicas: 1, available: 1), [pod("c-1"), leaving, evicted], ["c-1": .status(200)])
        #expect(findings.allSatisfy { $0.passed } && !findings.contains { $0.text.contains("old") || $0.text.contains("evicted") })
        #expect(ControlPlaneHealth.probeTargets([pod("c-1"), leaving, evicted]) == ["c-1"])
    }
}
