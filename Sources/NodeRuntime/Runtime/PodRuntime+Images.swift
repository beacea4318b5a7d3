// Images as a kubelet pulls them: a container whose image is not in the catalog shows
// ErrImagePull, then ImagePullBackOff while it waits (10 s doubling to 5 min), and is tried again
// with the catalog read afresh — registering the image in images.json lets the pod start.
import KubeModel

extension PodRuntime {
    /// Waits until the container's image is known; false when the pod stops first.
    func pullImage(_ uid: String, index: Int, isInit: Bool) async -> Bool {
        var delay: Duration = .seconds(10)
        while let pod = pods[uid], !pod.stopping {
            let list = isInit ? pod.initContainers : pod.containers
            var record = list[index]
            guard record.spec.problem?.reason == "ErrImagePull" else { return true }
            let key = isInit ? "initContainers" : "containers"
            let manifest = pod.manifest[["spec", key]].arrayValue?.first { $0["name"].stringValue == record.spec.name } ?? [:]
            var fresh = ContainerSpec.resolve(manifest, pod: pod.manifest, podIP: pod.address, catalog: catalog)
            if fresh.problem?.reason != "ErrImagePull" {
                // Now known: keep what the volumes added (mounts, variables from Secrets and ConfigMaps).
                fresh.mounts = record.spec.mounts
                fresh.environment.merge(record.spec.environment) { resolved, _ in resolved }
                record.spec = fresh
                store(uid, index, isInit, record)
                return true
            }
            let image = record.spec.image, message = record.spec.problem?.message ?? ""
            event(uid, "Warning", "Failed", "Failed to pull image \"\(image)\": \(message)")
            record.state = ["waiting": ["reason": "ErrImagePull", "message": .string(message)]]
            store(uid, index, isInit, record)
            try? await Task.sleep(for: .seconds(2))
            guard pods[uid].map({ !$0.stopping }) == true else { return false }
            event(uid, "Normal", "BackOff", "Back-off pulling image \"\(image)\"")
            record.state = ["waiting": ["reason": "ImagePullBackOff", "message": .string("Back-off pulling image \"\(image)\": \(message)")]]
            store(uid, index, isInit, record)
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(300))
        }
        return false
    }
}
