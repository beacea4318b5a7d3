// `osm verify control-plane-health`'s judgement, as pure functions of what the API server reports
// and what the components' health endpoints answered: each component's Deployment has its replicas
// available, each of its pods is running and ready, and each running pod says it is alive.
import KubeModel

/// Checks the mesh's control-plane components.
public enum ControlPlaneHealth {
    /// The components `osm install` runs, each a Deployment whose pods carry `app: <name>`.
    public static let components = ["osm-controller", "osm-injector"]
    /// The components' health port and liveness path (the Deployments' own liveness probe).
    public static let healthPort: UInt16 = 9091
    public static let livenessPath = "/health/alive"

    /// What a pod's liveness endpoint answered: an HTTP status, or why it could not be asked.
    public enum ProbeAnswer: Sendable, Equatable {
        case status(Int)
        case unreachable(String)
    }

    /// The pods worth judging: not terminating, and not finished (an evicted or completed pod is
    /// history, not the control plane).
    public static func current(_ pods: [JSON]) -> [JSON] {
        pods.filter { pod in
            pod[["metadata", "deletionTimestamp"]].stringValue == nil
                && !["Succeeded", "Failed"].contains(pod[["status", "phase"]].stringValue ?? "")
        }
    }

    /// The pods whose liveness is worth asking: current ones that run.
    public static func probeTargets(_ pods: [JSON]) -> [String] {
        current(pods).filter { $0[["status", "phase"]].stringValue == "Running" }.compactMap { $0[["metadata", "name"]].stringValue }.sorted()
    }

    /// The findings for one component: its Deployment (nil when absent), its pods (terminating and
    /// finished ones are left out), and the liveness answers by pod name. The component is healthy
    /// when every finding passes.
    public static func findings(component: String, namespace: String, deployment: JSON?, pods: [JSON],
                                probes: [String: ProbeAnswer]) -> [ConnectivityFinding] {
        var out: [ConnectivityFinding] = []
        func pass(_ text: String) { out.append(ConnectivityFinding(passed: true, text: text)) }
        func fail(_ text: String) { out.append(ConnectivityFinding(passed: false, text: text)) }
        guard let deployment else {
            fail("deployment \(namespace)/\(component) does not exist: is the mesh installed in \(namespace)? (osm install, or --osm-namespace)")
            return out
        }
        let wanted = deployment[["spec", "replicas"]].intValue ?? 1
        let available = deployment[["status", "availableReplicas"]].intValue ?? 0
        if wanted < 1 {
            fail("deployment \(namespace)/\(component) is scaled to 0: kubectl scale deployment \(component) -n \(namespace) --replicas=1")
        } else if available < wanted {
            fail("deployment \(namespace)/\(component) has \(available) of \(wanted) replicas available")
        } else {
            pass("deployment \(namespace)/\(component) has \(available) of \(wanted) replicas available")
        }
        let pods = current(pods)
        if pods.isEmpty, wanted >= 1 { fail("no pod of \(namespace)/\(component) exists (label app=\(component))") }
        for pod in pods.sorted(by: { ($0[["metadata", "name"]].stringValue ?? "") < ($1[["metadata", "name"]].stringValue ?? "") }) {
            let name = "\(namespace)/\(pod[["metadata", "name"]].stringValue ?? "?")"
            if let problem = notReady(pod) { fail("pod \(name) \(problem)") } else { pass("pod \(name) is running and ready") }
            guard let podName = pod[["metadata", "name"]].stringValue, let answer = probes[podName] else { continue }
            switch answer {
            case .status(200): pass("pod \(name) answers \(livenessPath) on port \(healthPort)")
            case .status(let code): fail("pod \(name) answers \(livenessPath) on port \(healthPort) with HTTP \(code)")
            case .unreachable(let why): fail("pod \(name) cannot be asked \(livenessPath) on port \(healthPort): \(why)")
            }
        }
        return out
    }

    /// Why a pod is not running and ready (with its first waiting or terminated container's
    /// reason), or nil when it is.
    static func notReady(_ pod: JSON) -> String? {
        let phase = pod[["status", "phase"]].stringValue ?? "Unknown"
        let ready = (pod[["status", "conditions"]].arrayValue ?? []).contains {
            $0["type"].stringValue == "Ready" && $0["status"].stringValue == "True"
        }
        if phase == "Running", ready { return nil }
        var why = "is not ready (phase \(phase)"
        for status in pod[["status", "containerStatuses"]].arrayValue ?? [] {
            let name = status["name"].stringValue ?? "?"
            if let reason = status[["state", "waiting", "reason"]].stringValue {
                why += ", container \(name) waiting: \(reason)"
                break
            }
            if let reason = status[["state", "terminated", "reason"]].stringValue {
                why += ", container \(name) terminated: \(reason)"
                break
            }
        }
        return why + ")"
    }
}
