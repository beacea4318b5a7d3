// Keeps each selector Service's Endpoints equal to its matching pods (ready ones as addresses,
// the rest as notReadyAddresses), and deletes the Endpoints of Services that are gone.
import KubeClient
import KubeModel
import Logging

/// The Endpoints controller.
public struct EndpointsController: Sendable {
    let client: KubeClient
    let services: Informer
    let pods: Informer
    let endpoints: Informer
    let logger: Logger

    /// A controller over the given informers (all namespaces).
    public init(client: KubeClient, services: Informer, pods: Informer, endpoints: Informer, logger: Logger) {
        self.client = client
        self.services = services
        self.pods = pods
        self.endpoints = endpoints
        self.logger = logger
    }

    /// Reconciles until cancelled.
    public func run() async {
        let queue = KeyQueue()
        let feeds = [await services.events(), await pods.events()]
        for informer in [services, pods, endpoints] { await informer.waitForSync() }
        for s in await services.items { queue.add(Informer.key(s)) }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { for await e in feeds[0] { queue.add(Informer.key(e.object)) } }
            group.addTask {
                for await e in feeds[1] {
                    for s in await services.items where s.namespace == e.object.namespace {
                        guard let sel = s[["spec", "selector"]].objectValue, !sel.isEmpty else { continue }
                        queue.add(Informer.key(s))
                    }
                }
            }
            group.addTask { await Resync.every(.seconds(10)) { for s in await services.items { queue.add(Informer.key(s)) } } }
            for await key in queue.keys() {
                do { try await reconcile(key) } catch {
                    logger.warning("endpoints reconcile failed", metadata: ["key": "\(key)", "error": "\(error)"])
                    Task { try? await Task.sleep(for: .seconds(1)); queue.add(key) }
                }
            }
            group.cancelAll()
        }
    }

    func reconcile(_ key: String) async throws {
        let (namespace, name) = Informer.split(key)
        let path = ResourcePath.endpoints.object(name, namespace: namespace)
        guard let service = await services.get(namespace: namespace, name: name) else {
            if let existing = await endpoints.get(namespace: namespace, name: name),
               existing.annotations["endpoints.kubernetes.io/managed-by"] == Self.manager {
                try await client.delete(path, ignoreNotFound: true)
            }
            return
        }
        guard let selector = service[["spec", "selector"]].objectValue, !selector.isEmpty else { return }
        let subsets = EndpointsBuilder.subsets(service: service, pods: await pods.items.filter { $0.namespace == namespace })
        try await writeSlice(service, subsets: subsets)
        let current = await endpoints.get(namespace: namespace, name: name)
        if let current, (current["subsets"].isNull ? JSON.array([]) : current["subsets"]) == subsets { return }
        var object: JSON = [
            "apiVersion": "v1", "kind": "Endpoints",
            "metadata": ["name": .string(name), "namespace": .string(namespace), "labels": service[["metadata", "labels"]],
                         "annotations": ["endpoints.kubernetes.io/managed-by": .string(Self.manager)]],
            "subsets": subsets,
        ]
        if object[["metadata", "labels"]].isNull { object[["metadata", "labels"]] = [:] }
        if let current {
            object[["metadata", "resourceVersion"]] = current[["metadata", "resourceVersion"]]
            _ = try await client.update(path, object)
        } else {
            do {
                _ = try await client.create(ResourcePath.endpoints.collection(namespace: namespace), object)
            } catch let error as KubeClientError where error.isConflict {
                let fresh = try await client.get(path)
                object[["metadata", "resourceVersion"]] = fresh[["metadata", "resourceVersion"]]
                _ = try await client.update(path, object)
            }
        }
    }

    static let manager = "swift-osm-node"

    /// Creates or updates the Service's EndpointSlice (deleted with the Service by its owner reference).
    func writeSlice(_ service: JSON, subsets: JSON) async throws {
        let slices = ResourcePath.endpointSlices
        let name = EndpointSliceBuilder.name(service: service.name)
        var slice = EndpointSliceBuilder.slice(service: service, subsets: subsets)
        let path = slices.object(name, namespace: service.namespace)
        if let current = try? await client.get(path) {
            if current["endpoints"] == slice["endpoints"] && current["ports"] == slice["ports"] { return }
            slice[["metadata", "resourceVersion"]] = current[["metadata", "resourceVersion"]]
            _ = try await client.update(path, slice)
        } else {
            do { _ = try await client.create(slices.collection(namespace: service.namespace), slice) } catch let e as KubeClientError where e.isConflict {}
        }
    }
}
