import KubeModel
import KubeStorage

extension APIServerCore {
    /// Runs namespace finalization and garbage collection until cancelled, on every kick and every two seconds.
    func runControllers() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [self] in
                while !Task.isCancelled {
                    try? await Task.sleep(nanoseconds: 2_000_000_000)
                    controllerKick.yield()
                }
            }
            for await _ in controllerKicks {
                if Task.isCancelled { break }
                await reconcileOnce()
            }
            group.cancelAll()
        }
    }

    /// One pass of the namespace and garbage-collection controllers.
    func reconcileOnce() async {
        await finalizeNamespaces()
        await collectGarbage()
    }

    private var namespacesResource: APIResource { BuiltinResources.all[0] }

    /// Deletes the contents of terminating namespaces, then releases them.
    func finalizeNamespaces() async {
        for ns in await store.list(collection: namespacesResource.collection, namespace: nil).items
        where ns.deletionTimestamp != nil {
            var remaining = 0
            for r in registry.all where r.namespaced && r.version == (r.isCustom ? r.storageVersion : r.version) {
                for obj in await store.list(collection: r.collection, namespace: ns.name).items {
                    remaining += 1
                    if obj.deletionTimestamp == nil {
                        _ = try? await deleteObject(r, ns.name, obj.name, DeleteOptions())
                    }
                }
            }
            guard remaining == 0 else { continue }
            var done = ns
            done[["spec", "finalizers"]] = .array((ns[["spec", "finalizers"]].arrayValue ?? []).filter { $0 != "kubernetes" })
            let k = key(namespacesResource, "", ns.name)
            if done.finalizers.isEmpty, (done[["spec", "finalizers"]].arrayValue ?? []).isEmpty {
                if let gone = try? await store.delete(k, expected: KubeStore.revision(of: ns)) {
                    logger.info("namespace deleted", metadata: ["namespace": "\(gone.name)"])
                }
            } else if done != ns {
                _ = try? await store.update(k, done, expected: KubeStore.revision(of: ns))
            }
        }
    }

    /// Deletes objects whose owners are all gone, and completes foreground and orphan deletions.
    func collectGarbage() async {
        var objects: [(APIResource, JSON)] = []
        var seen = Set<String>()
        for r in registry.all where !seen.contains(r.collection) {
            seen.insert(r.collection)
            for obj in await store.list(collection: r.collection, namespace: nil).items { objects.append((r, obj)) }
        }
        let live = Set(objects.map { $0.1.uid })
        var dependents: [String: [(APIResource, JSON)]] = [:]
        for (r, obj) in objects {
            for owner in obj.ownerUIDs { dependents[owner, default: []].append((r, obj)) }
        }
        for (r, obj) in objects {
            let owners = obj.ownerUIDs
            if !owners.isEmpty, owners.allSatisfy({ !live.contains($0) }), obj.deletionTimestamp == nil {
                _ = try? await deleteObject(r, obj.namespace, obj.name, DeleteOptions())
                continue
            }
            guard obj.deletionTimestamp != nil else { continue }
            let deps = dependents[obj.uid] ?? []
            if obj.finalizers.contains("orphan") {
                for (dr, dep) in deps { await dropOwnerReference(dr, dep, owner: obj.uid) }
                await removeFinalizer("orphan", r, obj)
            } else if obj.finalizers.contains("foregroundDeletion") {
                if deps.isEmpty {
                    await removeFinalizer("foregroundDeletion", r, obj)
                } else {
                    for (dr, dep) in deps where dep.deletionTimestamp == nil {
                        var opts = DeleteOptions()
                        opts.propagationPolicy = "Foreground"
                        _ = try? await deleteObject(dr, dep.namespace, dep.name, opts)
                    }
                }
            }
        }
    }

    private func dropOwnerReference(_ r: APIResource, _ obj: JSON, owner: String) async {
        var next = obj
        let refs = (obj[["metadata", "ownerReferences"]].arrayValue ?? []).filter { $0["uid"].stringValue != owner }
        next[["metadata", "ownerReferences"]] = refs.isEmpty ? .null : .array(refs)
        _ = try? await store.update(key(r, obj.namespace, obj.name), next, expected: KubeStore.revision(of: obj))
    }

    private func removeFinalizer(_ name: String, _ r: APIResource, _ obj: JSON) async {
        var next = obj
        next.finalizers = obj.finalizers.filter { $0 != name }
        let k = key(r, obj.namespace, obj.name)
        if Self.finalizationComplete(next, current: obj, r) {
            if let gone = try? await store.delete(k, expected: KubeStore.revision(of: obj)) { await afterDelete(gone, r) }
        } else {
            _ = try? await store.update(k, next, expected: KubeStore.revision(of: obj))
        }
    }
}
