// Running a container's probes while it lives: the startup probe first (its failures restart
// the container), then liveness (failureThreshold failures restart it) and readiness (decides
// the container's `ready`, hence the pod's Ready condition and its Endpoints).
import Foundation
import Logging

extension PodRuntime {
    func probe(_ uid: String, index: Int, process: ContainerProcess, spec: ContainerSpec, launch: ContainerLaunch,
               sandbox: String, address: String) async {
        // Network checks leave from where the node reaches pods (the bridge's namespace), not from inside the pod.
        let origin = sandbox.isEmpty ? "" : (network.bridgeNamespace ?? "")
        func run(_ probe: Probe) async -> Bool {
            await withCheckedContinuation { c in
                DispatchQueue.global().async { c.resume(returning: probe.runOnce(namespace: origin, address: address, launch: launch)) }
            }
        }
        func alive() -> Bool { process.exitCode == nil && pods[uid].map { !$0.stopping } == true }
        if let startup = spec.startup {
            try? await Task.sleep(for: startup.initialDelay)
            var failures = 0
            while alive() {
                if await run(startup) { break }
                failures += 1
                if failures >= startup.failureThreshold {
                    logger.info("startup probe failed; restarting the container", metadata: ["pod": "\(uid)", "container": "\(spec.name)"])
                    process.signalTree(SIGKILL)
                    return
                }
                try? await Task.sleep(for: startup.period)
            }
        }
        if spec.readiness == nil { setReady(uid, index, process: process, true) }
        let delay = max(spec.readiness?.initialDelay ?? .zero, spec.liveness?.initialDelay ?? .zero)
        try? await Task.sleep(for: delay)
        var readyStreak = 0, unreadyStreak = 0, livenessFailures = 0
        let period = min(spec.readiness?.period ?? .seconds(3600), spec.liveness?.period ?? .seconds(3600))
        while alive() {
            if let readiness = spec.readiness {
                if await run(readiness) {
                    readyStreak += 1
                    unreadyStreak = 0
                    if readyStreak >= readiness.successThreshold { setReady(uid, index, process: process, true) }
                } else {
                    unreadyStreak += 1
                    readyStreak = 0
                    event(uid, "Warning", "Unhealthy", "Readiness probe failed: \(spec.name)")
                    if unreadyStreak >= readiness.failureThreshold { setReady(uid, index, process: process, false) }
                }
            }
            if let liveness = spec.liveness {
                if await run(liveness) {
                    livenessFailures = 0
                } else {
                    livenessFailures += 1
                    if livenessFailures >= liveness.failureThreshold {
                        logger.info("liveness probe failed; restarting the container", metadata: ["pod": "\(uid)", "container": "\(spec.name)"])
                        event(uid, "Warning", "Unhealthy", "Liveness probe failed: \(spec.name)")
                        event(uid, "Normal", "Killing", "Container \(spec.name) failed liveness probe, will be restarted")
                        process.signalTree(SIGTERM)
                        try? await Task.sleep(for: .seconds(2))
                        process.signalTree(SIGKILL)
                        return
                    }
                }
            }
            try? await Task.sleep(for: period)
        }
    }

    /// Marks a container (still the same process) ready or not.
    func setReady(_ uid: String, _ index: Int, process: ContainerProcess, _ ready: Bool) {
        guard let record = pods[uid]?.containers[index], record.process === process, record.ready != ready else { return }
        pods[uid]?.containers[index].ready = ready
        changed(uid)
    }
}
