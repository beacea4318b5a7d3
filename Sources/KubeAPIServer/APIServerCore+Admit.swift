import KubeModel
import KubeStorage

/// The admission operation being performed.
enum AdmissionOperation: String, Sendable {
    case create = "CREATE"
    case update = "UPDATE"
    case delete = "DELETE"
}

extension APIServerCore {
    /// Runs defaulting, mutating webhooks, validation and validating webhooks on an object about to be stored.
    /// Returns warnings to send to the client.
    func admit(_ obj: inout JSON, old: JSON?, _ r: APIResource, _ req: APIRequest, _ op: AdmissionOperation,
               subresource: String? = nil) async throws -> [String] {
        applyDefaults(&obj, r)
        var warnings: [String] = []
        if subresource == nil {
            warnings += try await webhooks.mutate(&obj, old: old, resource: r, operation: op, dryRun: req.dryRun,
                                                   namespaceLabels: await namespaceLabels(obj.namespace, r),
                                                   core: self)
            applyDefaults(&obj, r)
        }
        if subresource == nil { try validate(obj, old: old, r) }
        if subresource == nil {
            try await webhooks.validate(obj, old: old, resource: r, operation: op, dryRun: req.dryRun,
                                        namespaceLabels: await namespaceLabels(obj.namespace, r), core: self)
        }
        return warnings
    }

    func applyDefaults(_ obj: inout JSON, _ r: APIResource) {
        if r.isCustom {
            customSchema(r)?.applyDefaults(&obj)
        } else {
            BuiltinDefaults.apply(group: r.group, kind: r.kind, to: &obj)
        }
    }

    func validate(_ obj: JSON, old: JSON?, _ r: APIResource) throws {
        var errors: [FieldError] = []
        if r.isCustom {
            errors += BuiltinValidation.validateMetadata(of: obj, old: old)
            if let schema = customSchema(r) { errors += schema.validate(obj) }
        } else {
            errors += BuiltinValidation.validate(group: r.group, kind: r.kind, object: obj, old: old)
            if r.resource == "customresourcedefinitions" { errors += Self.crdSchemaErrors(obj) }
        }
        if !errors.isEmpty { throw APIError.invalid(r, obj.name, errors) }
    }

    func namespaceLabels(_ ns: String, _ r: APIResource) async -> [String: String] {
        if r.resource == "namespaces" && r.group.isEmpty { return [:] }
        guard r.namespaced, !ns.isEmpty else { return [:] }
        let nsKey = ObjectKey(collection: "core/namespaces", namespace: "", name: ns)
        return await store.get(nsKey)?.labels ?? [:]
    }

    /// Fails unless the namespace exists and is not terminating.
    func requireActiveNamespace(_ ns: String, for r: APIResource) async throws {
        let nsKey = ObjectKey(collection: "core/namespaces", namespace: "", name: ns)
        guard let nsObj = await store.get(nsKey) else {
            throw APIError(code: 404, reason: "NotFound", message: "namespaces \"\(ns)\" not found",
                           details: ["name": .string(ns), "kind": "namespaces"])
        }
        if nsObj.deletionTimestamp != nil {
            throw APIError(
                code: 403, reason: "Forbidden",
                message: "\(r.resource) \"\(ns)\" is forbidden: unable to create new content in namespace \(ns) because it is being terminated",
                details: ["name": .string(ns), "group": .string(r.group), "kind": .string(r.resource),
                          "causes": [["reason": "NamespaceTerminating",
                                      "message": .string("namespace \(ns) is being terminated"),
                                      "field": "metadata.namespace"]]])
        }
    }

    /// Problems with a CRD's version schemas (each must be a structural schema).
    static func crdSchemaErrors(_ crd: JSON) -> [FieldError] {
        var errors: [FieldError] = []
        for (i, v) in (crd[["spec", "versions"]].arrayValue ?? []).enumerated() {
            let schema = v[["schema", "openAPIV3Schema"]]
            guard !schema.isNull else { continue }
            do { _ = try StructuralSchema(json: schema, fieldPath: "spec.versions[\(i)].schema.openAPIV3Schema") } catch {
                errors += error.causes
            }
        }
        return errors
    }

    /// Whether a write changed what `metadata.generation` tracks (everything but metadata and status).
    static func specChanged(_ a: JSON, _ b: JSON) -> Bool {
        var x = a, y = b
        for k in ["metadata", "status"] { x[k] = .null; y[k] = .null }
        return x != y
    }
}
