// Runs the pods bound to this node: a sandbox per pod (address, netns, resolv.conf and hosts),
// init containers in order, then the containers, each restarted by the pod's restartPolicy with
// Kubernetes' back-off; stops them on deletion (SIGTERM, grace, SIGKILL) and removes the sandbox.
import Foundation
import KubeClient
import KubeModel
import LinuxNet
import Logging

/// The state of one container as the pod status reports it.
public struct ContainerRecord: Sendable {
    /// The container spec it runs.
    public var spec: ContainerSpec
    /// The process while it runs.
    public var process: ContainerProcess?
    /// Restarts so far.
    public var restartCount = 0
    /// `running`, `waiting` or `terminated`.
    public var state: JSON = ["waiting": ["reason": "ContainerCreating"]]
    /// The previous termination.
    public var lastState: JSON = [:]
    /// Whether it counts as ready (running; probes are not run yet).
    public var ready = false
}

/// One pod on the node.
struct PodRecord {
    var uid: String
    var namespace: String
    var name: String
    var sandbox: String
    var address: String
    /// The pod as it was when it started here (its containers are resolved again from it).
    var manifest: JSON
    var initContainers: [ContainerRecord]
    var containers: [ContainerRecord]
    var initialized = false
    var startTime: String
    var phase = "Pending"
    var stopping = false
}

/// The node's container runtime.
public actor PodRuntime {
    /// The pod network (bridge and sandboxes).
    public nonisolated let network: PodNetwork
    let ipam: PodIPAM
    let catalog: ImageCatalog
    let podsDir: String
    /// The cluster DNS address written into pods' resolv.conf.
    public nonisolated let dnsServer: String
    let logger: Logger
    var client: KubeClient?
    var clusterCAPEM: String
    var pods: [String: PodRecord] = [:]
    /// Set once the node is shutting down: no pod starts after that.
    var shuttingDown = false
    /// Why a pod's volumes are not ready, by uid (for a FailedMount event).
    var volumeProblems: [String: String] = [:]
    /// Events to report for each pod (type, reason, message), taken by the kubelet.
    var pendingEvents: [String: [(type: String, reason: String, message: String)]] = [:]
    /// Mount-point directories the node created, with the pods that use them.
    var createdMountPoints: [String: Set<String>] = [:]
    /// Called (with the pod uid) whenever a pod's status changes.
    var onChange: (@Sendable (String) -> Void)?
    /// Prepares a sandbox's network (ClusterIP rules) when it is made and after its init containers.
    var prepareNetwork: (@Sendable (String) async -> Void)?

    /// A runtime keeping pod files under `podsDir/<uid>/`.
    public init(network: PodNetwork, ipam: PodIPAM, catalog: ImageCatalog, podsDir: String, dnsServer: String = "10.96.0.10",
                client: KubeClient? = nil, clusterCAPEM: String = "", logger: Logger) {
        self.client = client
        self.clusterCAPEM = clusterCAPEM
        self.network = network
        self.ipam = ipam
        self.catalog = catalog
        self.podsDir = podsDir
        self.dnsServer = dnsServer
        self.logger = logger
    }

    /// Gives the runtime its API client and the cluster CA (for volumes and service-account tokens).
    public func attach(client: KubeClient, clusterCAPEM: String) {
        self.client = client
        self.clusterCAPEM = clusterCAPEM
    }

    /// Queues an event about pod `uid` for the kubelet to record.
    func event(_ uid: String, _ type: String = "Normal", _ reason: String, _ message: String) {
        pendingEvents[uid, default: []].append((type, reason, message))
        changed(uid)
    }

    /// The events of a pod not reported yet (each reported once).
    public func takeEvents(uid: String) -> [(type: String, reason: String, message: String)] {
        pendingEvents.removeValue(forKey: uid) ?? []
    }

    /// The volume problem of a pod not reported yet, if any (reported once).
    public func takeVolumeProblem(uid: String) -> String? { volumeProblems.removeValue(forKey: uid) }

    /// Sets who hears about status changes.
    public func setOnChange(_ handler: @escaping @Sendable (String) -> Void) { onChange = handler }

    /// Sets what prepares a sandbox's network.
    public func setPrepareNetwork(_ handler: @escaping @Sendable (String) async -> Void) { prepareNetwork = handler }

    /// The network namespaces of every pod here.
    public var sandboxes: [String] { pods.values.map(\.sandbox).filter { !$0.isEmpty } }

    /// Starts the pod if it is not running yet.
    public func ensureRunning(_ pod: JSON) throws {
        guard pods[pod.uid] == nil, !shuttingDown else { return }
        let hostNetwork = pod[["spec", "hostNetwork"]].boolValue == true
        let address = hostNetwork ? network.gateway : try ipam.address(for: pod.uid)
        let sandbox = hostNetwork ? "" : try network.createSandbox(podUID: pod.uid, address: address)
        do {
            if !hostNetwork { try writeEtc(sandbox: sandbox, pod: pod, address: address) }
            try FileManager.default.createDirectory(atPath: "\(podsDir)/\(pod.uid)/logs", withIntermediateDirectories: true)
        } catch {
            // The pod has no record yet, so nothing else would remove what was made for it; the
            // next attempt starts afresh (the address stays the pod's until it is stopped).
            if !sandbox.isEmpty { removeSandbox(uid: pod.uid, sandbox: sandbox) }
            throw error
        }
        let prepare = prepareNetwork
        let records = { (list: [JSON]) in
            list.map { ContainerRecord(spec: ContainerSpec.resolve($0, pod: pod, podIP: address, catalog: self.catalog)) }
        }
        pods[pod.uid] = PodRecord(
            uid: pod.uid, namespace: pod.namespace, name: pod.name, sandbox: sandbox, address: address, manifest: pod,
            initContainers: records(pod[["spec", "initContainers"]].arrayValue ?? []),
            containers: records(pod[["spec", "containers"]].arrayValue ?? []),
            startTime: Timestamp.format(Date().timeIntervalSince1970))
        let policy = pod[["spec", "restartPolicy"]].stringValue ?? "Always"
        let uid = pod.uid
        Task {
            if !sandbox.isEmpty { await prepare?(sandbox) }
            guard await self.mountVolumes(pod, address: address) else { return }
            await self.runPod(uid, policy: policy)
        }
    }

    /// Stops the pod's containers (SIGTERM, then SIGKILL after `grace`) and removes its sandbox.
    public func stop(uid: String, grace: Duration) async {
        guard var record = pods[uid] else {
            network.removeSandbox(podUID: uid)
            try? ipam.release(uid)
            return
        }
        record.stopping = true
        pods[uid] = record
        await Self.stopProcesses(of: [record], grace: grace)
        removeSandbox(of: record)
        try? ipam.release(uid)
        try? FileManager.default.removeItem(atPath: "\(podsDir)/\(uid)")
        pods[uid] = nil
    }

    /// Stops every container process of `records` (SIGTERM, then SIGKILL after `grace`), together.
    static func stopProcesses(of records: [PodRecord], grace: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            for record in records {
                for c in record.containers + record.initContainers {
                    if let p = c.process { group.addTask { await p.stop(grace: grace) } }
                }
            }
        }
    }

    /// Removes a pod's network namespace, its /etc/netns files and the mount points only it used.
    private func removeSandbox(of record: PodRecord) {
        removeSandbox(uid: record.uid, sandbox: record.sandbox)
    }

    private func removeSandbox(uid: String, sandbox: String) {
        network.removeSandbox(podUID: uid)
        try? FileManager.default.removeItem(atPath: "/etc/netns/\(sandbox)")
        releaseMountPoints(uid: uid)
    }

    /// The containers of a pod that cannot start, with why (unknown images are reported by each
    /// pull attempt instead).
    public func problems(uid: String) -> [(reason: String, message: String)] {
        guard let pod = pods[uid] else { return [] }
        return (pod.initContainers + pod.containers).compactMap { c in
            c.spec.problem.flatMap { $0.reason == "ErrImagePull" ? nil : $0 }.map { (reason: $0.reason, message: "\(c.spec.name): \($0.message)") }
        }
    }

    /// Prepares the pod's volumes, retrying every few seconds while they cannot be (a missing
    /// ConfigMap or Secret): containers wait in ContainerCreating with the reason reported.
    func mountVolumes(_ pod: JSON, address: String) async -> Bool {
        var reported = false
        while let record = pods[pod.uid], !record.stopping {
            let volumes = PodVolumes(client: client, clusterCAPEM: clusterCAPEM, podDir: "\(podsDir)/\(pod.uid)")
            do {
                let dirs = try await volumes.prepare(pod, address: address)
                let specs = (pod[["spec", "initContainers"]].arrayValue ?? [], pod[["spec", "containers"]].arrayValue ?? [])
                for (i, c) in specs.0.enumerated() where i < record.initContainers.count {
                    let extra = try await volumes.environment(for: c, pod: pod)
                    pods[pod.uid]?.initContainers[i].spec.mounts = PodVolumes.mounts(c, dirs: dirs)
                    pods[pod.uid]?.initContainers[i].spec.environment.merge(extra) { explicit, _ in explicit }
                }
                for (i, c) in specs.1.enumerated() where i < record.containers.count {
                    let extra = try await volumes.environment(for: c, pod: pod)
                    pods[pod.uid]?.containers[i].spec.mounts = PodVolumes.mounts(c, dirs: dirs)
                    pods[pod.uid]?.containers[i].spec.environment.merge(extra) { explicit, _ in explicit }
                }
                let all = (pods[pod.uid]?.initContainers ?? []) + (pods[pod.uid]?.containers ?? [])
                try makeMountPoints(all.flatMap(\.spec.mounts).map(\.target), uid: pod.uid)
                return true
            } catch {
                if !reported {
                    logger.warning("volumes not ready", metadata: ["pod": "\(pod.namespace)/\(pod.name)", "error": "\(error)"])
                    volumeProblems[pod.uid] = "\(error)"
                    changed(pod.uid)
                    reported = true
                }
                try? await Task.sleep(for: .seconds(2))
            }
        }
        return false
    }

    /// Creates missing mount points on the node's file system (a bind mount needs one), noting
    /// which directories this made so they are removed when the last pod using them stops.
    func makeMountPoints(_ targets: [String], uid: String) throws {
        for target in Set(targets) {
            var missing: [String] = []
            var path = target
            while !path.isEmpty, path != "/", !FileManager.default.fileExists(atPath: path) {
                missing.append(path)
                path = (path as NSString).deletingLastPathComponent
            }
            guard !missing.isEmpty else { continue }
            try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
            for dir in missing { createdMountPoints[dir, default: []].insert(uid) }
            note(mountPoints: missing, uid: uid)
        }
    }

    /// Removes the mount points only `uid` still used (deepest first, and only when empty).
    func releaseMountPoints(uid: String) {
        var unused: [String] = []
        for (dir, users) in createdMountPoints where users.contains(uid) {
            createdMountPoints[dir]?.remove(uid)
            if createdMountPoints[dir]?.isEmpty == true {
                createdMountPoints[dir] = nil
                unused.append(dir)
            }
        }
        for dir in unused.sorted(by: { $0.count > $1.count }) {
            if (try? FileManager.default.contentsOfDirectory(atPath: dir))?.isEmpty == true { try? FileManager.default.removeItem(atPath: dir) }
        }
    }

    /// Stops every pod and removes every sandbox (the node is shutting down); addresses are kept,
    /// so pods get the same ones when the node starts again. No pod starts afterwards.
    public func stopAll(grace: Duration) async {
        shuttingDown = true
        let started = ContinuousClock.now
        let count = pods.count
        logger.info("stopping every pod", metadata: ["pods": "\(count)"])
        for uid in pods.keys { pods[uid]?.stopping = true }
        await Self.stopProcesses(of: Array(pods.values), grace: grace)
        for record in pods.values { removeSandbox(of: record) }
        pods = [:]
        logger.info("every pod stopped", metadata: ["pods": "\(count)", "seconds": "\((ContinuousClock.now - started).components.seconds)"])
    }

    /// Whether the pod is known here.
    public func isRunning(uid: String) -> Bool { pods[uid] != nil }

    /// The uids of every pod here.
    public var uids: [String] { Array(pods.keys) }

    private func writeEtc(sandbox: String, pod: JSON, address: String) throws {
        let dir = "/etc/netns/\(sandbox)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let resolv = "search \(pod.namespace).svc.cluster.local svc.cluster.local cluster.local\nnameserver \(dnsServer)\noptions ndots:5\n"
        try resolv.write(toFile: "\(dir)/resolv.conf", atomically: true, encoding: .utf8)
        let hostname = pod[["spec", "hostname"]].stringValue ?? pod.name
        // With a subdomain the pod's fully qualified name comes first, as the kubelet writes it.
        let names = pod[["spec", "subdomain"]].stringValue.map { "\(hostname).\($0).\(pod.namespace).svc.cluster.local\t\(hostname)" } ?? hostname
        let hosts = "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n\(address)\t\(names)\n"
        try hosts.write(toFile: "\(dir)/hosts", atomically: true, encoding: .utf8)
    }

    func changed(_ uid: String) { onChange?(uid) }
}
