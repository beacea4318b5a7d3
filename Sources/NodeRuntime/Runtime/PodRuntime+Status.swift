// A pod's status as the node reports it: phase, IPs, the four conditions, and one status per
// container (state, lastState, ready, started, restartCount) — what `kubectl get pods` renders
// as `1/1 Running`, `Init:0/1`, `CrashLoopBackOff`, `ErrImagePull`.
import Foundation
import KubeModel

extension PodRuntime {
    /// The status to write for pod `uid`, or nil when it does not run here.
    public func status(uid: String, nodeAddress: String) -> JSON? {
        guard let pod = pods[uid] else { return nil }
        let ready = pod.initialized && pod.phase == "Running" && pod.containers.allSatisfy(\.ready)
        func condition(_ type: String, _ ok: Bool, reason: String? = nil) -> JSON {
            var c: JSON = ["type": .string(type), "status": ok ? "True" : "False",
                           "lastTransitionTime": .string(pod.startTime)]
            if let reason, !ok { c["reason"] = .string(reason) }
            return c
        }
        func statuses(_ list: [ContainerRecord], isInit: Bool) -> JSON {
            .array(list.map { c in
                var s: JSON = [
                    "name": .string(c.spec.name), "image": .string(c.spec.image), "imageID": .string("swift-osm://\(c.spec.image)"),
                    "ready": .bool(c.ready), "started": .bool(c.process != nil && !isInit),
                    "restartCount": .int(Int64(c.restartCount)), "state": c.state, "lastState": c.lastState,
                ]
                if let p = c.process { s["containerID"] = .string("swift-osm://\(p.pid)") }
                return s
            })
        }
        var status: JSON = [
            "phase": .string(pod.phase), "podIP": .string(pod.address), "podIPs": [["ip": .string(pod.address)]],
            "hostIP": .string(nodeAddress), "hostIPs": [["ip": .string(nodeAddress)]], "startTime": .string(pod.startTime),
            "qosClass": "BestEffort",
            "conditions": [
                condition("PodReadyToStartContainers", true),
                condition("Initialized", pod.initialized, reason: "ContainersNotInitialized"),
                condition("Ready", ready, reason: "ContainersNotReady"),
                condition("ContainersReady", ready, reason: "ContainersNotReady"),
                condition("PodScheduled", true),
            ],
            "containerStatuses": statuses(pod.containers, isInit: false),
        ]
        if !pod.initContainers.isEmpty { status["initContainerStatuses"] = statuses(pod.initContainers, isInit: true) }
        return status
    }
}
