import KubeModel
import KubeStorage

extension APIServerCore {
    func update(_ req: APIRequest, _ r: APIResource, _ ns: String, _ name: String, subresource: String?) async throws -> APIResponse {
        if subresource == "scale" { return try await updateScale(req, r, ns, name, patch: nil) }
        let decoded = try decodeBody(req, r)
        var (body, warnings) = try checkUnknownFields(decoded, r, req)
        if !body.name.isEmpty, body.name != name {
            throw APIError.badRequest("the name of the object (\(body.name)) does not match the name on the URL (\(name))")
        }
        if r.namespaced, !body.namespace.isEmpty, body.namespace != ns {
            throw APIError.badRequest("the namespace of the provided object does not match the namespace sent on the request")
        }
        body.name = name
        let result = try await guaranteedUpdate(r, ns, name, req, subresource: subresource, warnings: &warnings) { _ in body }
        return .json(200, served(result, as: r), warnings: warnings)
    }

    func patch(_ req: APIRequest, _ r: APIResource, _ ns: String, _ name: String, subresource: String?) async throws -> APIResponse {
        guard let type = PatchType(contentType: req.headers["content-type"] ?? "") else {
            throw APIError.unsupportedMediaType(req.contentType, supported: Self.patchTypes(r))
        }
        if type == .strategic, r.isCustom {
            throw APIError.unsupportedMediaType(req.contentType, supported: Self.patchTypes(r))
        }
        if type == .apply { return try await serverSideApply(req, r, ns, name) }
        let patchDoc: JSON
        do { patchDoc = try JSON.parse(req.body) } catch {
            throw APIError.badRequest("error decoding patch: \(error)")
        }
        if subresource == "scale" { return try await updateScale(req, r, ns, name, patch: (type, patchDoc)) }
        var warnings: [String] = []
        var fieldWarnings: [String] = []
        let result = try await guaranteedUpdate(r, ns, name, req, subresource: subresource, warnings: &warnings) { current in
            var patched = try Self.applyPatch(type, patchDoc, to: current, r)
            (patched, fieldWarnings) = try self.checkUnknownFields(patched, r, req)
            try self.checkTypeMeta(patched, r)
            return patched
        }
        return .json(200, served(result, as: r), warnings: fieldWarnings + warnings)
    }

    static func patchTypes(_ r: APIResource) -> [String] {
        var t = ["application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml"]
        if !r.isCustom { t.append("application/strategic-merge-patch+json") }
        return t
    }

    static func applyPatch(_ type: PatchType, _ patch: JSON, to current: JSON, _ r: APIResource) throws -> JSON {
        do {
            switch type {
            case .merge: return MergePatch.apply(patch, to: current)
            case .json: return try JSONPatch.apply(patch, to: current)
            case .strategic:
                return try StrategicMergePatch.apply(patch, to: current, schema: PatchSchema.builtin(group: r.group, kind: r.kind))
            case .apply: return current
            }
        } catch let e as PatchError {
            if type == .json { throw APIError(code: 422, reason: "Invalid", message: e.message) }
            throw APIError.badRequest(e.message)
        }
    }

    /// Reads, transforms, admits and writes an object, retrying when a concurrent write wins.
    func guaranteedUpdate(
        _ r: APIResource, _ ns: String, _ name: String, _ req: APIRequest, subresource: String?,
        warnings: inout [String], _ transform: (JSON) throws -> JSON
    ) async throws -> JSON {
        let k = key(r, ns, name)
        for _ in 0..<8 {
            guard let current = await store.get(k) else { throw APIError.notFound(r, name) }
            let currentRV = KubeStore.revision(of: current)
            var next = try transform(served(current, as: r))
            if let rv = next[["metadata", "resourceVersion"]].stringValue, !rv.isEmpty, rv != String(currentRV) {
                throw APIError.conflict(r, name)
            }
            next = prepareUpdate(next, current: current, r, subresource: subresource)
            if r.group.isEmpty, r.resource == "services", subresource == nil {
                try await allocateServiceAddresses(&next, old: current, r)
            }
            warnings += try await admit(&next, old: current, r, req, .update, subresource: subresource)
            if req.dryRun {
                if r.group.isEmpty, r.resource == "services" { await releaseNewServiceAddresses(next, current: current) }
                return next
            }
            let stored = Self.finalizationComplete(next, current: current, r)
                ? try await remove(k, read: current, r) : try await replace(k, with: next, read: current, r)
            guard let stored else { continue }
            return stored
        }
        throw APIError.conflict(r, name)
    }

    /// Whether this write removed the last finalizer of an object being deleted, so it must now go away.
    static func finalizationComplete(_ next: JSON, current: JSON, _ r: APIResource) -> Bool {
        guard next.deletionTimestamp != nil, next.finalizers.isEmpty, !hasPendingSpecFinalizers(next, r) else { return false }
        return !current.finalizers.isEmpty || hasPendingSpecFinalizers(current, r)
    }

    /// Namespaces also wait for `spec.finalizers` to drain before they go away.
    static func hasPendingSpecFinalizers(_ obj: JSON, _ r: APIResource) -> Bool {
        r.group.isEmpty && r.resource == "namespaces" && !(obj[["spec", "finalizers"]].arrayValue ?? []).isEmpty
    }

    /// Carries over what clients may not change, and splits main-resource from status writes.
    func prepareUpdate(_ proposed: JSON, current: JSON, _ r: APIResource, subresource: String?) -> JSON {
        var next: JSON
        if subresource == "status" {
            next = current
            next["status"] = proposed["status"]
        } else if subresource == "finalize" {
            next = current
            next[["spec", "finalizers"]] = proposed[["spec", "finalizers"]]
        } else {
            next = proposed
            if r.subresources.contains("status") { next["status"] = current["status"] }
        }
        for k in ["uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation"] {
            next[["metadata", k]] = current[["metadata", k]]
        }
        next.namespace = current.namespace
        next.name = current.name
        next["apiVersion"] = current["apiVersion"]
        next["kind"] = current["kind"]
        if subresource == nil, Self.specChanged(current, next), let g = current[["metadata", "generation"]].intValue {
            next[["metadata", "generation"]] = .int(g + 1)
        }
        next[["metadata", "resourceVersion"]] = current[["metadata", "resourceVersion"]]
        return next
    }
}
