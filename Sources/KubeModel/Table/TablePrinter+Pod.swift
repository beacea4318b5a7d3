// The Pod printer: READY, STATUS (with upstream's reason rules), RESTARTS and the wide columns.

extension TablePrinter {
    /// Cells for a Pod: Name, Ready, Status, Restarts, Age, IP, Node, Nominated Node, Readiness Gates.
    static func podCells(_ pod: JSON, now: Double) -> [JSON] {
        let spec = pod["spec"]
        let status = pod["status"]
        let phase = TableCellFormat.string(status["phase"])
        let summary = PodSummary(pod)
        var reason = summary.reason

        if pod[["metadata", "deletionTimestamp"]].stringValue != nil {
            if status["reason"].stringValue == "NodeLost" {
                reason = "Unknown"
            } else if phase != "Succeeded" && phase != "Failed" {
                reason = "Terminating"
            }
        }

        var restarts = String(summary.restarts)
        if summary.restarts != 0 && summary.lastRestart != TableTime.zero {
            restarts = "\(summary.restarts) (\(HumanDuration.string(seconds: now - summary.lastRestart)) ago)"
        }

        var podIP = status["podIPs"].arrayValue?.first?["ip"].stringValue ?? status["podIP"].stringValue ?? ""
        if podIP.isEmpty { podIP = "<none>" }
        var node = TableCellFormat.string(spec["nodeName"])
        if node.isEmpty { node = "<none>" }
        var nominated = TableCellFormat.string(status["nominatedNodeName"])
        if nominated.isEmpty { nominated = "<none>" }

        return [
            nameCell(pod), .string("\(summary.ready)/\(summary.total)"), .string(reason), .string(restarts),
            ageCell(pod, now: now), .string(podIP), .string(node), .string(nominated),
            .string(readinessGates(spec: spec, status: status)),
        ]
    }

    /// `true/total` readiness gates, or `<none>` when the pod declares none.
    static func readinessGates(spec: JSON, status: JSON) -> String {
        let gates = spec["readinessGates"].arrayValue ?? []
        if gates.isEmpty { return "<none>" }
        let conditions = status["conditions"].arrayValue ?? []
        var satisfied = 0
        for gate in gates {
            let type = gate["conditionType"].stringValue
            if let condition = conditions.first(where: { $0["type"].stringValue == type }),
                condition["status"].stringValue == "True"
            {
                satisfied += 1
            }
        }
        return "\(satisfied)/\(gates.count)"
    }

    /// Succeeded and Failed pods carry a `Completed` row condition.
    static func podRowConditions(_ pod: JSON) -> JSON? {
        switch pod[["status", "phase"]].stringValue {
        case "Succeeded":
            return [["type": "Completed", "status": "True", "reason": "Succeeded", "message": "The pod has completed successfully."]]
        case "Failed":
            return [["type": "Completed", "status": "True", "reason": "Failed", "message": "The pod failed."]]
        default:
            return nil
        }
    }
}

/// Ready count, status reason and restarts of a pod, derived from its container statuses as upstream does.
struct PodSummary {
    var ready: Int64 = 0
    var total: Int64
    var reason: String
    var restarts: Int64 = 0
    /// When the most recent counted restart finished (`TableTime.zero` when never).
    var lastRestart = TableTime.zero

    init(_ pod: JSON) {
        let spec = pod["spec"]
        let status = pod["status"]
        let conditions = status["conditions"].arrayValue ?? []
        total = Int64(spec["containers"].arrayValue?.count ?? 0)
        reason = TableCellFormat.string(status["phase"])
        if let r = status["reason"].stringValue, !r.isEmpty { reason = r }
        if conditions.contains(where: { $0["type"].stringValue == "PodScheduled" && $0["reason"].stringValue == "SchedulingGated" }) {
            reason = "SchedulingGated"
        }

        let initSpecs = spec["initContainers"].arrayValue ?? []
        var sidecars: Set<String> = []
        for c in initSpecs where c["restartPolicy"].stringValue == "Always" {
            sidecars.insert(TableCellFormat.string(c["name"]))
            total += 1
        }

        var sidecarRestarts: Int64 = 0
        var lastSidecarRestart = TableTime.zero
        var initializing = false
        for (i, c) in (status["initContainerStatuses"].arrayValue ?? []).enumerated() {
            let isSidecar = sidecars.contains(TableCellFormat.string(c["name"]))
            restarts += TableCellFormat.int(c["restartCount"])
            lastRestart = max(lastRestart, Self.lastTermination(c))
            if isSidecar {
                sidecarRestarts += TableCellFormat.int(c["restartCount"])
                lastSidecarRestart = max(lastSidecarRestart, Self.lastTermination(c))
            }
            let terminated = c[["state", "terminated"]]
            let waiting = c[["state", "waiting"]]
            if !terminated.isNull && TableCellFormat.int(terminated["exitCode"]) == 0 { continue }
            if isSidecar && c["started"].boolValue == true {
                if c["ready"].boolValue == true { ready += 1 }
                continue
            }
            if !terminated.isNull {
                let r = TableCellFormat.string(terminated["reason"])
                if !r.isEmpty {
                    reason = "Init:" + r
                } else if TableCellFormat.int(terminated["signal"]) != 0 {
                    reason = "Init:Signal:\(TableCellFormat.int(terminated["signal"]))"
                } else {
                    reason = "Init:ExitCode:\(TableCellFormat.int(terminated["exitCode"]))"
                }
            } else if let r = waiting["reason"].stringValue, !r.isEmpty, r != "PodInitializing" {
                reason = "Init:" + r
            } else {
                reason = "Init:\(i)/\(initSpecs.count)"
            }
            initializing = true
            break
        }

        let initialized = conditions.first(where: { $0["type"].stringValue == "Initialized" })?["status"].stringValue == "True"
        guard !initializing || initialized else { return }
        restarts = sidecarRestarts
        lastRestart = lastSidecarRestart
        var hasRunning = false
        for c in (status["containerStatuses"].arrayValue ?? []).reversed() {
            restarts += TableCellFormat.int(c["restartCount"])
            lastRestart = max(lastRestart, Self.lastTermination(c))
            let waiting = c[["state", "waiting"]]
            let terminated = c[["state", "terminated"]]
            if let r = waiting["reason"].stringValue, !r.isEmpty {
                reason = r
            } else if let r = terminated["reason"].stringValue, !r.isEmpty {
                reason = r
            } else if !terminated.isNull {
                let signal = TableCellFormat.int(terminated["signal"])
                reason = signal != 0 ? "Signal:\(signal)" : "ExitCode:\(TableCellFormat.int(terminated["exitCode"]))"
            } else if c["ready"].boolValue == true && !c[["state", "running"]].isNull {
                hasRunning = true
                ready += 1
            }
        }
        if reason == "Completed" && hasRunning {
            let podReady = conditions.contains { $0["type"].stringValue == "Ready" && $0["status"].stringValue == "True" }
            reason = podReady ? "Running" : "NotReady"
        }
    }

    /// When the container's previous run finished, or `TableTime.zero`.
    static func lastTermination(_ status: JSON) -> Double {
        let terminated = status[["lastState", "terminated"]]
        guard !terminated.isNull else { return TableTime.zero }
        return TableTime.seconds(terminated["finishedAt"]) ?? TableTime.zero
    }
}
