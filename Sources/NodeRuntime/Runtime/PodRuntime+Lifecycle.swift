// The life of a pod's containers: init containers one after another, then all containers, each
// watched and restarted by the pod's restartPolicy with back-off (10 s doubling to 5 min).
import Foundation
import KubeModel

extension PodRuntime {
    func runPod(_ uid: String, policy: String) async {
        guard let record = pods[uid] else { return }
        for index in record.initContainers.indices {
            var delay: Duration = .seconds(10)
            while true {
                guard let code = await runOnce(uid, index: index, isInit: true) else { return }
                if code == 0 { break }
                if policy == "Never" {
                    pods[uid]?.phase = "Failed"
                    changed(uid)
                    return
                }
                pods[uid]?.initContainers[index].state = ["waiting": ["reason": "CrashLoopBackOff", "message": .string(
                    "back-off \(delay.components.seconds)s restarting failed container")]]
                changed(uid)
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(300))
            }
        }
        if !record.initContainers.isEmpty, !record.sandbox.isEmpty, let prepare = prepareNetwork { await prepare(record.sandbox) }
        pods[uid]?.initialized = true
        pods[uid]?.phase = "Running"
        changed(uid)
        await withTaskGroup(of: Void.self) { group in
            for index in record.containers.indices {
                group.addTask { await self.supervise(uid, index: index, policy: policy) }
            }
        }
        if let pod = pods[uid], !pod.stopping {
            let failed = pod.containers.contains { ($0.state[["terminated", "exitCode"]].intValue ?? 0) != 0 }
            pods[uid]?.phase = failed ? "Failed" : "Succeeded"
            changed(uid)
        }
    }

    /// Keeps one container running as the policy says.
    func supervise(_ uid: String, index: Int, policy: String) async {
        var delay: Duration = .seconds(10)
        while true {
            let started = ContinuousClock.now
            guard let code = await runOnce(uid, index: index, isInit: false) else { return }
            guard let pod = pods[uid], !pod.stopping else { return }
            let restart = policy == "Always" || (policy == "OnFailure" && code != 0)
            guard restart else { return }
            if ContinuousClock.now - started > .seconds(600) { delay = .seconds(10) }
            event(uid, "Warning", "BackOff", "Back-off restarting failed container \(pod.containers[index].spec.name) in pod \(pod.name)_\(pod.namespace)(\(uid))")
            pods[uid]?.containers[index].state = ["waiting": ["reason": "CrashLoopBackOff", "message": .string(
                "back-off \(delay.components.seconds)s restarting failed container=\(pod.containers[index].spec.name) pod=\(pod.name)_\(pod.namespace)(\(uid))")]]
            changed(uid)
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(300))
            pods[uid]?.containers[index].restartCount += 1
        }
    }

    /// Starts a container and waits for it; nil when the pod went away or it cannot start.
    func runOnce(_ uid: String, index: Int, isInit: Bool) async -> Int32? {
        guard await pullImage(uid, index: index, isInit: isInit), let pod = pods[uid], !pod.stopping else { return nil }
        var record = isInit ? pod.initContainers[index] : pod.containers[index]
        if let problem = record.spec.problem {
            record.state = ["waiting": ["reason": .string(problem.reason), "message": .string(problem.message)]]
            store(uid, index, isInit, record)
            return nil
        }
        let launchWithMounts = record.spec.launch(namespace: pod.sandbox, commandLine: record.spec.commandLine,
                                                  logPath: "\(podsDir)/\(uid)/logs/\(record.spec.name).log")
        // The last instance's log becomes the previous one (`kubectl logs --previous`).
        let logPath = launchWithMounts.logPath, previous = ContainerLogFormat.previousPath(logPath)
        if FileManager.default.fileExists(atPath: logPath) {
            try? FileManager.default.removeItem(atPath: previous)
            try? FileManager.default.moveItem(atPath: logPath, toPath: previous)
        }
        let process: ContainerProcess
        do {
            process = try ContainerProcess(launchWithMounts)
        } catch {
            record.state = ["waiting": ["reason": "CreateContainerError", "message": .string("\(error)")]]
            store(uid, index, isInit, record)
            return nil
        }
        let startedAt = Timestamp.format(process.startedAt.timeIntervalSince1970)
        note(process: process, uid: uid, container: (isInit ? "init-" : "") + record.spec.name)
        event(uid, "Normal", "Pulled", "Container image \"\(record.spec.image)\" already present on machine")
        event(uid, "Normal", "Created", "Created container \(record.spec.name)")
        event(uid, "Normal", "Started", "Started container \(record.spec.name)")
        record.process = process
        record.state = ["running": ["startedAt": .string(startedAt)]]
        record.ready = !isInit && record.spec.readiness == nil && record.spec.startup == nil
        store(uid, index, isInit, record)
        if !isInit, record.spec.readiness != nil || record.spec.liveness != nil || record.spec.startup != nil {
            let spec = record.spec, sandbox = pod.sandbox, address = pod.address
            Task { await self.probe(uid, index: index, process: process, spec: spec, launch: launchWithMounts, sandbox: sandbox, address: address) }
        }
        let code = await process.wait()
        guard var after = (isInit ? pods[uid]?.initContainers : pods[uid]?.containers)?[index] else { return code }
        let finished: JSON = ["terminated": [
            "exitCode": .int(Int64(code)), "reason": code == 0 ? "Completed" : "Error",
            "startedAt": .string(startedAt), "finishedAt": .string(Timestamp.format(Date().timeIntervalSince1970)),
        ]]
        after.state = finished
        after.lastState = finished
        after.ready = false
        after.process = nil
        store(uid, index, isInit, after)
        return code
    }

    func store(_ uid: String, _ index: Int, _ isInit: Bool, _ record: ContainerRecord) {
        guard pods[uid] != nil else { return }
        if isInit { pods[uid]!.initContainers[index] = record } else { pods[uid]!.containers[index] = record }
        changed(uid)
    }
}
