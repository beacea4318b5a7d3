import KubeModel

extension APIServerCore {
    /// Decodes a request body (JSON, or the Kubernetes protobuf envelope) into an object.
    func decodeBody(_ req: APIRequest, _ r: APIResource) throws -> JSON {
        if req.body.isEmpty { throw APIError.badRequest("the body of the request is empty") }
        let obj: JSON
        switch req.contentType {
        case "application/vnd.kubernetes.protobuf":
            do { obj = try KubeProtobuf.decode(req.body) } catch {
                throw APIError.badRequest("\(r.kind) in version \"\(r.version)\" cannot be handled as a \(r.kind): \(error)")
            }
        case "application/json", "*/*", "":
            do { obj = try JSON.parse(req.body) } catch {
                throw APIError.badRequest(
                    "\(r.kind) in version \"\(r.version)\" cannot be handled as a \(r.kind): invalid JSON: \(error)")
            }
        default:
            throw APIError.unsupportedMediaType(
                req.contentType, supported: ["application/json", "application/yaml", "application/vnd.kubernetes.protobuf"])
        }
        guard obj.objectValue != nil else {
            throw APIError.badRequest("\(r.kind) in version \"\(r.version)\" cannot be handled as a \(r.kind): the object must be a JSON object")
        }
        try checkTypeMeta(obj, r)
        return obj
    }

    /// Rejects a body whose apiVersion/kind name another type.
    func checkTypeMeta(_ obj: JSON, _ r: APIResource) throws {
        let av = obj.apiVersion, kind = obj.kind
        if !av.isEmpty, av != r.apiVersion, !(r.isCustom && registry.versions(group: r.group, resource: r.resource)
            .contains { $0.apiVersion == av })
        {
            throw APIError.badRequest(
                "the API version in the data (\(av)) does not match the expected API version (\(r.apiVersion))")
        }
        if !kind.isEmpty, kind != r.kind {
            throw APIError.badRequest("the kind in the data (\(kind)) does not match the expected kind (\(r.kind))")
        }
    }

    /// Applies `fieldValidation` to fields the type does not define: an error (Strict), warnings (Warn), or nothing.
    /// Returns the object with unknown fields dropped and any warnings.
    func checkUnknownFields(_ obj: JSON, _ r: APIResource, _ req: APIRequest) throws -> (JSON, [String]) {
        var object = obj
        var unknown: [String]
        if r.isCustom, let schema = customSchema(r) {
            let result = schema.prune(object)
            object = result.pruned
            unknown = result.unknownFields
        } else {
            unknown = KnownFields.unknown(in: object, kind: r.kind)
            for path in unknown {
                object[path.split(separator: ".").map(String.init)] = .null
            }
        }
        guard !unknown.isEmpty else { return (object, []) }
        let mode = req.query["fieldValidation"] ?? "Warn"
        let messages = unknown.map { "unknown field \"\($0)\"" }
        switch mode {
        case "Strict":
            throw APIError.badRequest(
                "\(r.kind) in version \"\(r.version)\" cannot be handled as a \(r.kind): strict decoding error: "
                    + messages.joined(separator: ", "))
        case "Ignore":
            return (object, [])
        default:
            return (object, messages)
        }
    }

    /// The structural schema of a custom resource version, if it has one.
    func customSchema(_ r: APIResource) -> StructuralSchema? {
        registry.custom(group: r.group, version: r.version, resource: r.resource)?.structural
    }
}
