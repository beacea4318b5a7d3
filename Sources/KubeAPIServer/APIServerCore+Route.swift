import KubeModel
import KubeStorage

extension APIServerCore {
    /// Routes a resource request to its verb.
    func handleResource(_ req: APIRequest, _ info: RequestInfo, _ r: APIResource) async throws -> APIResponse {
        if r.namespaced, info.namespace == nil, info.name != nil {
            throw APIError.pathNotFound
        }
        if !r.namespaced, info.namespace != nil { throw APIError.pathNotFound }
        if let sub = info.subresource, !r.subresources.contains(sub) { throw APIError.pathNotFound }
        let ns = info.namespace ?? ""
        switch (req.method, info.name, info.subresource) {
        case ("GET", nil, nil):
            if req.query.flag("watch") { return try await watch(req, r, namespace: info.namespace) }
            return try await list(req, r, namespace: info.namespace)
        case ("GET", let name?, nil):
            return try await get(req, r, ns, name)
        case ("GET", let name?, "status"):
            return try await get(req, r, ns, name)
        case ("GET", let name?, "scale"):
            return .ok(try await scale(r, ns, name))
        case ("GET", let name?, "log"):
            return try await logs(req, ns, name)
        case ("GET", let name?, "exec"), ("POST", let name?, "exec"):
            return try await execWithoutUpgrade(req, ns, name)
        case ("GET", let name?, "portforward"), ("POST", let name?, "portforward"):
            return try await portForwardWithoutUpgrade(req, ns, name)
        case ("POST", nil, nil):
            return try await create(req, r, namespace: ns)
        case ("POST", let name?, "binding"):
            return try await bind(req, ns, name)
        case ("POST", let name?, "token"):
            return try await serviceAccountToken(req, ns, name)
        case ("POST", let name?, "eviction"):
            return try await delete(req, r, ns, name)
        case ("PUT", let name?, let sub):
            return try await update(req, r, ns, name, subresource: sub)
        case ("PATCH", let name?, let sub):
            return try await patch(req, r, ns, name, subresource: sub)
        case ("DELETE", let name?, nil):
            return try await delete(req, r, ns, name)
        case ("DELETE", nil, nil):
            return try await deleteCollection(req, r, namespace: info.namespace)
        default:
            throw APIError.methodNotAllowed(req.method, r)
        }
    }

    /// The storage key of an object of `r`.
    func key(_ r: APIResource, _ namespace: String, _ name: String) -> ObjectKey {
        ObjectKey(collection: r.collection, namespace: r.namespaced ? namespace : "", name: name)
    }

    /// Reads an object, failing with the Kubernetes NotFound wording.
    func fetch(_ r: APIResource, _ namespace: String, _ name: String) async throws -> JSON {
        guard let obj = await store.get(key(r, namespace, name)) else { throw APIError.notFound(r, name) }
        return served(obj, as: r)
    }

    /// An object as served in `r`'s version (custom resources are shared across served versions).
    func served(_ obj: JSON, as r: APIResource) -> JSON {
        guard r.isCustom, obj.apiVersion != r.apiVersion else { return obj }
        var o = obj
        o["apiVersion"] = .string(r.apiVersion)
        return o
    }

    func get(_ req: APIRequest, _ r: APIResource, _ ns: String, _ name: String) async throws -> APIResponse {
        let obj = try await fetch(r, ns, name)
        if req.wantsTable {
            return .ok(try table(r, [obj], resourceVersion: obj[["metadata", "resourceVersion"]].stringValue ?? ""))
        }
        return .ok(obj)
    }
}
