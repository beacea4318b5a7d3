// Restart safety when the node did not stop cleanly (SIGKILL, a crash): its container processes
// live on (each leads its own session) and its sandboxes and mount points stay. The node notes
// each container's process identity and each mount point it creates under the pod's directory,
// and on start removes whatever a previous run left behind, before any pod starts again.
import Foundation
import LinuxNet

extension PodRuntime {
    /// Notes a container's process (pid and start time) so a later node can stop it.
    func note(process: ContainerProcess, uid: String, container: String) {
        let dir = "\(podsDir)/\(uid)/pids"
        guard let identity = ProcessIdentity(pid: process.pid) else { return }
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try? identity.line.write(toFile: "\(dir)/\(container)", atomically: true, encoding: .utf8)
    }

    /// Notes mount points made for a pod (so a later node can remove them).
    func note(mountPoints: [String], uid: String) {
        let path = "\(podsDir)/\(uid)/mountpoints"
        let known = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        try? (known + mountPoints.map { $0 + "\n" }.joined()).write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Removes what an earlier run of the node left: processes still running (by their noted
    /// identity, and anything in the pods' namespaces), sandboxes, /etc/netns files, mount points.
    /// Returns how many leftover processes were killed.
    public func removeLeftovers() -> Int {
        let fm = FileManager.default
        var killed = 0
        for uid in (try? fm.contentsOfDirectory(atPath: podsDir)) ?? [] where pods[uid] == nil {
            let dir = "\(podsDir)/\(uid)"
            for name in (try? fm.contentsOfDirectory(atPath: dir + "/pids")) ?? [] {
                guard let text = try? String(contentsOfFile: "\(dir)/pids/\(name)", encoding: .utf8),
                      let identity = ProcessIdentity(line: text), identity.isAlive
                else { continue }
                kill(-identity.pid, SIGKILL)
                kill(identity.pid, SIGKILL)
                killed += 1
            }
            for pid in network.processes(podUID: uid) {
                kill(pid, SIGKILL)
                killed += 1
            }
            network.removeSandbox(podUID: uid)
            try? fm.removeItem(atPath: "/etc/netns/\(PodNetwork.namespaceName(podUID: uid))")
            let mountPoints = ((try? String(contentsOfFile: dir + "/mountpoints", encoding: .utf8)) ?? "").split(separator: "\n")
            for point in mountPoints.map(String.init).sorted(by: { $0.count > $1.count })
            where (try? fm.contentsOfDirectory(atPath: point))?.isEmpty == true {
                try? fm.removeItem(atPath: point)
            }
            try? fm.removeItem(atPath: dir + "/pids")
            try? fm.removeItem(atPath: dir + "/mountpoints")
        }
        if killed > 0 { logger.warning("stopped processes a previous run of the node left", metadata: ["processes": "\(killed)"]) }
        return killed
    }

    /// Removes the directories of pods the node no longer has and the API no longer knows.
    public func removeDirectories(except known: Set<String>) {
        for uid in (try? FileManager.default.contentsOfDirectory(atPath: podsDir)) ?? [] where pods[uid] == nil && !known.contains(uid) {
            try? FileManager.default.removeItem(atPath: "\(podsDir)/\(uid)")
        }
    }
}
