import KubeModel

/// Builds the OpenAPI v3 documents kubectl uses to decide on server-side field validation and for `explain`.
struct OpenAPIDocuments {
    let resources: [APIResource]
    /// Custom resource schemas by "group/version/kind".
    let customSchemas: [String: JSON]

    private var groupVersions: [String: [APIResource]] {
        Dictionary(grouping: resources) { r in r.group.isEmpty ? "api/\(r.version)" : "apis/\(r.group)/\(r.version)" }
    }

    /// The root document listing every group version with its document URL.
    func root() -> JSON {
        var paths: [String: JSON] = [:]
        for key in groupVersions.keys.sorted() {
            let hash = Self.hash(document(for: key) ?? .null)
            paths[key] = ["serverRelativeURL": .string("/openapi/v3/\(key)?hash=\(hash)")]
        }
        return ["paths": .object(paths)]
    }

    /// The document for one group version (`api/v1` or `apis/<g>/<v>`), or nil if not served.
    func document(for key: String) -> JSON? {
        guard let rs = groupVersions[key] else { return nil }
        var paths: [String: JSON] = [:]
        var schemas: [String: JSON] = [:]
        for r in rs {
            let gvk: JSON = ["group": .string(r.group), "version": .string(r.version), "kind": .string(r.kind)]
            let param: JSON = ["name": "fieldValidation", "in": "query", "schema": ["type": "string", "uniqueItems": true],
                               "description": "fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields."]
            let nameParam: JSON = ["name": "name", "in": "path", "required": true, "schema": ["type": "string"]]
            var params: [JSON] = [nameParam]
            if r.namespaced {
                params.append(["name": "namespace", "in": "path", "required": true, "schema": ["type": "string"]])
            }
            let schemaName = Self.schemaName(r)
            let ref: JSON = ["$ref": .string("#/components/schemas/\(schemaName)")]
            let body: JSON = ["content": ["application/json": ["schema": ref]]]
            let itemPath = r.path(namespace: r.namespaced ? "{namespace}" : nil, name: "{name}")
            paths[itemPath] = [
                "parameters": .array(params),
                "get": ["x-kubernetes-group-version-kind": gvk, "x-kubernetes-action": "get",
                        "responses": ["200": ["description": "OK", "content": ["application/json": ["schema": ref]]]]],
                "put": ["x-kubernetes-group-version-kind": gvk, "x-kubernetes-action": "put", "parameters": [param],
                        "requestBody": body, "responses": ["200": ["description": "OK"]]],
                "patch": ["x-kubernetes-group-version-kind": gvk, "x-kubernetes-action": "patch", "parameters": [param],
                          "requestBody": ["content": ["application/merge-patch+json": ["schema": ["type": "object"]],
                                                      "application/json-patch+json": ["schema": ["type": "object"]]]],
                          "responses": ["200": ["description": "OK"]]],
                "delete": ["x-kubernetes-group-version-kind": gvk, "x-kubernetes-action": "delete",
                           "responses": ["200": ["description": "OK"]]],
            ]
            let collectionPath = r.path(namespace: r.namespaced ? "{namespace}" : nil, name: nil)
            paths[collectionPath] = [
                "post": ["x-kubernetes-group-version-kind": gvk, "x-kubernetes-action": "post", "parameters": [param],
                         "requestBody": body, "responses": ["201": ["description": "Created"]]],
            ]
            var schema = customSchemas["\(r.group)/\(r.version)/\(r.kind)"] ?? ["type": "object"]
            schema = Self.withTypeMeta(schema, r)
            schema["x-kubernetes-group-version-kind"] = [gvk]
            schemas[schemaName] = schema
        }
        return ["openapi": "3.0.0", "info": ["title": "Kubernetes", "version": "v1.32.4"],
                "paths": .object(paths), "components": ["schemas": .object(schemas)]]
    }

    /// Adds apiVersion, kind and metadata to a resource schema, as kube-apiserver publishes CRD schemas.
    private static func withTypeMeta(_ schema: JSON, _ r: APIResource) -> JSON {
        var s = schema
        var props = s["properties"].objectValue ?? [:]
        props["apiVersion"] = ["type": "string",
                               "description": "APIVersion defines the versioned schema of this representation of an object."]
        props["kind"] = ["type": "string", "description": "Kind is a string value representing the REST resource this object represents."]
        props["metadata"] = ["type": "object",
                             "description": "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"]
        s["properties"] = .object(props)
        if s["type"].isNull { s["type"] = "object" }
        return s
    }

    /// The component schema name kube-apiserver would use: reversed group, version, kind.
    static func schemaName(_ r: APIResource) -> String {
        let group = r.group.isEmpty ? "io.k8s.api.core" : r.group.split(separator: ".").reversed().joined(separator: ".")
        return "\(group).\(r.version).\(r.kind)"
    }

    /// A short stable hash of a document, for cache-busting URLs.
    static func hash(_ doc: JSON) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in doc.serialized() {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        return String(h, radix: 16, uppercase: true)
    }
}
