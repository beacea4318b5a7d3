import KubeModel
import KubeStorage

/// A failed request, carried to the client as a Kubernetes `Status`.
struct APIError: Error, Sendable {
    var code: Int
    var reason: String
    var message: String
    var details: JSON = .null

    /// The `Status` object for the response body.
    var status: JSON {
        var s: JSON = [
            "kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Failure",
            "message": .string(message), "reason": .string(reason), "code": .int(Int64(code)),
        ]
        if !details.isNull { s["details"] = details }
        return s
    }

    static func notFound(_ r: APIResource, _ name: String) -> APIError {
        APIError(code: 404, reason: "NotFound", message: "\(r.qualifiedName) \"\(name)\" not found",
                 details: ["name": .string(name), "group": .string(r.group), "kind": .string(r.resource)])
    }

    static func alreadyExists(_ r: APIResource, _ name: String) -> APIError {
        APIError(code: 409, reason: "AlreadyExists", message: "\(r.qualifiedName) \"\(name)\" already exists",
                 details: ["name": .string(name), "group": .string(r.group), "kind": .string(r.resource)])
    }

    static func conflict(_ r: APIResource, _ name: String) -> APIError {
        APIError(
            code: 409, reason: "Conflict",
            message: "Operation cannot be fulfilled on \(r.qualifiedName) \"\(name)\": the object has been modified; please apply your changes to the latest version and try again",
            details: ["name": .string(name), "group": .string(r.group), "kind": .string(r.resource)])
    }

    static func badRequest(_ message: String) -> APIError {
        APIError(code: 400, reason: "BadRequest", message: message)
    }

    static func invalid(_ r: APIResource, _ name: String, _ errors: [FieldError]) -> APIError {
        let joined = errors.count == 1 ? errors[0].description : "[" + errors.map(\.description).joined(separator: ", ") + "]"
        return APIError(
            code: 422, reason: "Invalid", message: "\(r.kind) \"\(name)\" is invalid: \(joined)",
            details: ["name": .string(name), "group": .string(r.group), "kind": .string(r.kind),
                      "causes": .array(errors.map(\.cause))])
    }

    static func methodNotAllowed(_ verb: String, _ r: APIResource) -> APIError {
        APIError(code: 405, reason: "MethodNotAllowed",
                 message: "the server does not allow this method on the requested resource",
                 details: ["group": .string(r.group), "kind": .string(r.resource)])
    }

    static let pathNotFound = APIError(code: 404, reason: "NotFound", message: "the server could not find the requested resource")

    static func unsupportedMediaType(_ type: String, supported: [String]) -> APIError {
        APIError(code: 415, reason: "UnsupportedMediaType",
                 message: "the body of the request was in an unknown format - accepted media types include: " + supported.joined(separator: ", "))
    }

    static func internalError(_ message: String) -> APIError {
        APIError(code: 500, reason: "InternalError", message: "Internal error occurred: \(message)")
    }

    static let unauthorized = APIError(code: 401, reason: "Unauthorized", message: "Unauthorized")

    static func gone(_ message: String) -> APIError {
        APIError(code: 410, reason: "Expired", message: message)
    }

    /// Maps a storage failure onto the Status kube-apiserver would send.
    static func from(_ e: StoreError, _ r: APIResource) -> APIError {
        switch e {
        case .notFound(let k): return .notFound(r, k.name)
        case .alreadyExists(let k): return .alreadyExists(r, k.name)
        case .conflict(let k, _, _): return .conflict(r, k.name)
        case .tooOld(let requested, let oldest):
            return .gone("too old resource version: \(requested) (\(oldest))")
        case .io(let m): return .internalError(m)
        }
    }
}
