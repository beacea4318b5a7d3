import KubeModel
import KubeStorage

/// The parts of `DeleteOptions` the server honours.
struct DeleteOptions: Sendable {
    var propagationPolicy: String?
    var gracePeriodSeconds: Int64?
    var preconditionUID: String?
    var preconditionResourceVersion: String?
    var dryRun = false

    init() {}

    init(_ req: APIRequest) throws {
        if !req.body.isEmpty {
            let body: JSON
            do { body = try JSON.parse(req.body) } catch { throw APIError.badRequest("invalid DeleteOptions: \(error)") }
            propagationPolicy = body["propagationPolicy"].stringValue
            gracePeriodSeconds = body["gracePeriodSeconds"].intValue
            preconditionUID = body[["preconditions", "uid"]].stringValue
            preconditionResourceVersion = body[["preconditions", "resourceVersion"]].stringValue
            dryRun = body["dryRun"].arrayValue?.contains("All") ?? false
        }
        if let p = req.query["propagationPolicy"] { propagationPolicy = p }
        if let g = req.query["gracePeriodSeconds"].flatMap({ Int64($0) }) { gracePeriodSeconds = g }
        if req.dryRun { dryRun = true }
        if let p = propagationPolicy, !["Foreground", "Background", "Orphan"].contains(p) {
            throw APIError(code: 422, reason: "Invalid",
                           message: "DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: \"\(p)\": supported values: \"Foreground\", \"Background\", \"Orphan\"")
        }
    }
}

extension APIServerCore {
    func delete(_ req: APIRequest, _ r: APIResource, _ ns: String, _ name: String) async throws -> APIResponse {
        let obj = try await deleteObject(r, ns, name, try DeleteOptions(req))
        return .ok(served(obj, as: r))
    }

    func deleteCollection(_ req: APIRequest, _ r: APIResource, namespace: String?) async throws -> APIResponse {
        let filter = try ListFilter(req, r)
        let opts = try DeleteOptions(req)
        let (items, rv) = await store.list(collection: r.collection, namespace: r.namespaced ? namespace : nil)
        var deleted: [JSON] = []
        for obj in items where filter.matches(obj) {
            if let d = try? await deleteObject(r, obj.namespace, obj.name, opts) { deleted.append(served(d, as: r)) }
        }
        return .ok(["kind": .string(r.listKind), "apiVersion": .string(r.apiVersion),
                    "metadata": ["resourceVersion": .string(String(rv))], "items": .array(deleted)])
    }

    /// Deletes an object: at once, or by marking it (deletionTimestamp) when finalizers or a graceful period apply.
    @discardableResult
    func deleteObject(_ r: APIResource, _ ns: String, _ name: String, _ opts: DeleteOptions) async throws -> JSON {
        let k = key(r, ns, name)
        for _ in 0..<8 {
            guard let current = await store.get(k) else { throw APIError.notFound(r, name) }
            if let uid = opts.preconditionUID, uid != current.uid {
                throw APIError(code: 409, reason: "Conflict",
                               message: "Operation cannot be fulfilled on \(r.qualifiedName) \"\(name)\": Precondition failed: UID in precondition: \(uid), UID in object meta: \(current.uid)")
            }
            if let rv = opts.preconditionResourceVersion, rv != current[["metadata", "resourceVersion"]].stringValue {
                throw APIError.conflict(r, name)
            }
            let isNamespace = r.group.isEmpty && r.resource == "namespaces"
            if current.deletionTimestamp != nil {
                if isNamespace {
                    throw APIError(code: 409, reason: "Conflict",
                                   message: "Operation cannot be fulfilled on namespaces \"\(name)\": The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.")
                }
                guard opts.gracePeriodSeconds == 0, current.finalizers.isEmpty, !isNamespace, !opts.dryRun else {
                    return current
                }
                guard let stored = try await remove(k, read: current, r) else { continue }
                return stored
            }
            if isNamespace, ["default", "kube-system", "kube-public"].contains(name) {
                throw APIError(code: 403, reason: "Forbidden",
                               message: "namespaces \"\(name)\" is forbidden: this namespace may not be deleted")
            }
            var finalizers = current.finalizers
            switch opts.propagationPolicy {
            case "Foreground": finalizers.append("foregroundDeletion")
            case "Orphan": finalizers.append("orphan")
            default: break
            }
            try await webhooks.validate(current, old: current, resource: r, operation: .delete, dryRun: opts.dryRun,
                                        namespaceLabels: await namespaceLabels(current.namespace, r), core: self)
            let podGrace = await podNeedsGracefulDeletion(current, r, opts)
            let graceful = isNamespace || !finalizers.isEmpty || podGrace != nil
            if opts.dryRun { return current }
            if graceful {
                var marked = current
                marked[["metadata", "deletionTimestamp"]] = .string(Timestamp.format(now + Double(podGrace ?? 0)))
                marked[["metadata", "deletionGracePeriodSeconds"]] = .int(podGrace ?? 0)
                marked.finalizers = finalizers
                if isNamespace { marked[["status", "phase"]] = "Terminating" }
                guard let stored = try await replace(k, with: marked, read: current, r) else { continue }
                return stored
            }
            guard let stored = try await remove(k, read: current, r) else { continue }
            return stored
        }
        throw APIError.conflict(r, name)
    }

    /// Deletes the object as it was read, then releases what it held; nil when a concurrent write won (read again).
    func remove(_ k: ObjectKey, read current: JSON, _ r: APIResource) async throws -> JSON? {
        do {
            let stored = try await store.delete(k, expected: KubeStore.revision(of: current))
            await afterDelete(stored, r)
            return stored
        } catch StoreError.conflict {
            return nil
        } catch let e as StoreError {
            throw APIError.from(e, r)
        }
    }

    /// Replaces the object as it was read, then lets the server react; nil when a concurrent write won (read again).
    func replace(_ k: ObjectKey, with next: JSON, read current: JSON, _ r: APIResource) async throws -> JSON? {
        do {
            let stored = try await store.update(k, next, expected: KubeStore.revision(of: current))
            await afterWrite(stored, r)
            return stored
        } catch StoreError.conflict {
            return nil
        } catch let e as StoreError {
            throw APIError.from(e, r)
        }
    }

    /// A pod bound to a live node is deleted gracefully (the node stops it, then removes it); returns the grace period.
    func podNeedsGracefulDeletion(_ pod: JSON, _ r: APIResource, _ opts: DeleteOptions) async -> Int64? {
        guard r.group.isEmpty, r.resource == "pods" else { return nil }
        guard let node = pod[["spec", "nodeName"]].stringValue, !node.isEmpty else { return nil }
        if pod[["status", "phase"]].stringValue == "Succeeded" || pod[["status", "phase"]].stringValue == "Failed" { return nil }
        guard await store.get(ObjectKey(collection: "core/nodes", namespace: "", name: node)) != nil else { return nil }
        let grace = opts.gracePeriodSeconds ?? pod[["spec", "terminationGracePeriodSeconds"]].intValue ?? 30
        return grace > 0 ? grace : nil
    }

    /// Releases what a deleted object held and lets the controllers react.
    func afterDelete(_ obj: JSON, _ r: APIResource) async {
        if r.group.isEmpty, r.resource == "services" { await releaseServiceAddresses(obj) }
        if r.group == "apiextensions.k8s.io", r.resource == "customresourcedefinitions" { await crdDeleted(obj) }
        controllerKick.yield()
    }
}
