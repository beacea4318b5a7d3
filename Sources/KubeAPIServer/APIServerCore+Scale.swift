import KubeModel
import KubeStorage

extension APIServerCore {
    /// The autoscaling/v1 Scale view of a workload.
    func scale(_ r: APIResource, _ ns: String, _ name: String) async throws -> JSON {
        let obj = try await fetch(r, ns, name)
        return Self.scaleView(obj)
    }

    static func scaleView(_ obj: JSON) -> JSON {
        let selector = obj[["spec", "selector", "matchLabels"]].objectValue?
            .sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value.stringValue ?? "")" }
            .joined(separator: ",") ?? ""
        return [
            "kind": "Scale", "apiVersion": "autoscaling/v1",
            "metadata": ["name": .string(obj.name), "namespace": .string(obj.namespace), "uid": .string(obj.uid),
                         "resourceVersion": obj[["metadata", "resourceVersion"]],
                         "creationTimestamp": obj[["metadata", "creationTimestamp"]]],
            "spec": ["replicas": .int(obj[["spec", "replicas"]].intValue ?? 0)],
            "status": ["replicas": .int(obj[["status", "replicas"]].intValue ?? 0), "selector": .string(selector)],
        ]
    }

    /// Writes a new replica count through the scale subresource (PUT body, or a patch of the Scale).
    func updateScale(_ req: APIRequest, _ r: APIResource, _ ns: String, _ name: String,
                     patch: (PatchType, JSON)?) async throws -> APIResponse {
        var warnings: [String] = []
        let result = try await guaranteedUpdate(r, ns, name, req, subresource: nil, warnings: &warnings) { current in
            var scale = Self.scaleView(current)
            if let (type, doc) = patch {
                scale = try Self.applyPatch(type == .strategic ? .merge : type, doc, to: scale, r)
            } else {
                do { scale = try JSON.parse(req.body) } catch { throw APIError.badRequest("invalid Scale: \(error)") }
            }
            if let rv = scale[["metadata", "resourceVersion"]].stringValue, rv != current[["metadata", "resourceVersion"]].stringValue {
                throw APIError.conflict(r, name)
            }
            guard let replicas = scale[["spec", "replicas"]].intValue, replicas >= 0 else {
                throw APIError.invalid(r, name, [FieldError(.invalid, field: "spec.replicas", value: scale[["spec", "replicas"]].text,
                                                           detail: "must be greater than or equal to 0")])
            }
            var next = current
            next[["spec", "replicas"]] = .int(replicas)
            return next
        }
        return .json(200, Self.scaleView(result), warnings: warnings)
    }

    func serverSideApply(_ req: APIRequest, _ r: APIResource, _ ns: String, _ name: String) async throws -> APIResponse {
        throw APIError.unsupportedMediaType(
            "application/apply-patch+yaml",
            supported: ["application/json-patch+json", "application/merge-patch+json"]
                + (r.isCustom ? [] : ["application/strategic-merge-patch+json"]))
    }
}
