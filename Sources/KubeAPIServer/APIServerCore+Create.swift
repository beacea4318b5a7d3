import KubeModel
import KubeStorage

extension APIServerCore {
    private static let nameSuffixAlphabet = Array("bcdfghjklmnpqrstvwxz2456789")

    func create(_ req: APIRequest, _ r: APIResource, namespace: String) async throws -> APIResponse {
        if r.namespaced, namespace.isEmpty { throw APIError.methodNotAllowed("POST", r) }
        let decoded = try decodeBody(req, r)
        var (obj, warnings) = try checkUnknownFields(decoded, r, req)
        let created = try await createObject(&obj, r, namespace: namespace, req: req, warnings: &warnings)
        return .json(201, served(created, as: r), warnings: warnings)
    }

    /// Prepares, admits and stores a new object (shared by POST and server-side apply of a new object).
    func createObject(_ obj: inout JSON, _ r: APIResource, namespace: String, req: APIRequest,
                      warnings: inout [String]) async throws -> JSON {
        if r.namespaced {
            let bodyNS = obj.namespace
            if !bodyNS.isEmpty, bodyNS != namespace {
                throw APIError.badRequest("the namespace of the provided object does not match the namespace sent on the request")
            }
            obj.namespace = namespace
        } else {
            obj.namespace = ""
        }
        if obj["apiVersion"].isNull { obj["apiVersion"] = .string(r.apiVersion) }
        if obj["kind"].isNull { obj["kind"] = .string(r.kind) }
        if obj.name.isEmpty {
            guard let prefix = obj[["metadata", "generateName"]].stringValue, !prefix.isEmpty else {
                throw APIError.invalid(r, "", [FieldError(.required, field: "metadata.name",
                                                          detail: "name or generateName is required")])
            }
            obj.name = prefix + String((0..<5).map { _ in Self.nameSuffixAlphabet.randomElement()! })
        }
        if let rv = obj[["metadata", "resourceVersion"]].stringValue, !rv.isEmpty {
            throw APIError.badRequest("resourceVersion should not be set on objects to be created")
        }
        for k in ["uid", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds", "resourceVersion"] {
            obj[["metadata", k]] = .null
        }
        obj[["metadata", "uid"]] = .string(newUID())
        obj[["metadata", "creationTimestamp"]] = .string(Timestamp.format(now))
        if !obj["spec"].isNull || r.isCustom { obj[["metadata", "generation"]] = 1 } else { obj[["metadata", "generation"]] = .null }
        if r.subresources.contains("status") { obj["status"] = .null }
        if r.group.isEmpty, r.resource == "pods" {
            obj["status"] = ["phase": "Pending", "qosClass": .string(Self.qosClass(obj))]
        }
        if r.namespaced { try await requireActiveNamespace(namespace, for: r) }
        if r.group.isEmpty, r.resource == "services" { try await allocateServiceAddresses(&obj, old: nil, r) }
        do {
            warnings += try await admit(&obj, old: nil, r, req, .create)
        } catch {
            if r.group.isEmpty, r.resource == "services" { await releaseServiceAddresses(obj) }
            throw error
        }
        if req.dryRun {
            if r.group.isEmpty, r.resource == "services" { await releaseServiceAddresses(obj) }
            return obj
        }
        do {
            let stored = try await store.create(key(r, namespace, obj.name), obj)
            await afterWrite(stored, r)
            return stored
        } catch let e as StoreError {
            if r.group.isEmpty, r.resource == "services" { await releaseServiceAddresses(obj) }
            throw APIError.from(e, r)
        }
    }

    /// The pod's QoS class as the kubelet computes it: Guaranteed when every container's CPU and memory requests
    /// equal their limits, BestEffort when none sets any, Burstable otherwise.
    static func qosClass(_ pod: JSON) -> String {
        let containers = (pod[["spec", "containers"]].arrayValue ?? []) + (pod[["spec", "initContainers"]].arrayValue ?? [])
        var any = false
        var guaranteed = !containers.isEmpty
        for c in containers {
            let requests = c[["resources", "requests"]].objectValue ?? [:]
            let limits = c[["resources", "limits"]].objectValue ?? [:]
            if !requests.isEmpty || !limits.isEmpty { any = true }
            for res in ["cpu", "memory"] {
                guard let limit = limits[res] else { guaranteed = false; continue }
                if let request = requests[res], request != limit { guaranteed = false }
            }
        }
        if !any { return "BestEffort" }
        return guaranteed ? "Guaranteed" : "Burstable"
    }

    /// Hook for writes that other parts of the server react to (CRDs, namespaces, deletion finalization).
    func afterWrite(_ stored: JSON, _ r: APIResource) async {
        if r.group == "apiextensions.k8s.io", r.resource == "customresourcedefinitions" {
            await crdChanged(stored)
        }
        if stored.deletionTimestamp != nil { controllerKick.yield() }
    }
}
