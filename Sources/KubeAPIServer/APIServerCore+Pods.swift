import KubeModel
import KubeStorage
import NodeAPI

extension APIServerCore {
    private static let podsResource = BuiltinResources.all.first { $0.group.isEmpty && $0.resource == "pods" }!

    /// `pods/binding`: assigns a pod to a node (the scheduler's write).
    func bind(_ req: APIRequest, _ ns: String, _ name: String) async throws -> APIResponse {
        let r = Self.podsResource
        let binding: JSON
        do { binding = try JSON.parse(req.body) } catch { throw APIError.badRequest("invalid Binding: \(error)") }
        guard let node = binding[["target", "name"]].stringValue, !node.isEmpty else {
            throw APIError(code: 422, reason: "Invalid", message: "Binding \"\(name)\" is invalid: target.name: Required value")
        }
        var warnings: [String] = []
        _ = try await guaranteedUpdate(r, ns, name, req, subresource: "binding", warnings: &warnings) { pod in
            if let existing = pod[["spec", "nodeName"]].stringValue, !existing.isEmpty {
                throw APIError(code: 409, reason: "Conflict",
                               message: "Operation cannot be fulfilled on pods/binding \"\(name)\": pod \(name) is already assigned to node \"\(existing)\"")
            }
            var p = pod
            p[["spec", "nodeName"]] = .string(node)
            return p
        }
        return .json(201, ["kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Success", "code": 201])
    }

    /// Resolves the container a pod stream names (defaulting to the first), with kube-apiserver's errors.
    func streamTarget(_ req: APIRequest, _ ns: String, _ name: String) async throws -> (pod: JSON, container: String) {
        let pod = try await fetch(Self.podsResource, ns, name)
        let containers = (pod[["spec", "containers"]].arrayValue ?? []).compactMap { $0["name"].stringValue }
        let inits = (pod[["spec", "initContainers"]].arrayValue ?? []).compactMap { $0["name"].stringValue }
        let container = req.query["container"] ?? containers.first ?? ""
        guard containers.contains(container) || inits.contains(container) else {
            throw APIError.badRequest("container \(container) is not valid for pod \(name)")
        }
        return (pod, container)
    }

    /// `pods/log`: the container's output, streamed from the node.
    func logs(_ req: APIRequest, _ ns: String, _ name: String) async throws -> APIResponse {
        let (pod, container) = try await streamTarget(req, ns, name)
        guard let provider = podStreams, let node = pod[["spec", "nodeName"]].stringValue, !node.isEmpty else {
            throw APIError.badRequest("container \"\(container)\" in pod \"\(name)\" is waiting to start: no node is running this pod")
        }
        let sinceSeconds = req.query["sinceSeconds"].flatMap { Int($0) }
        if let s = sinceSeconds, s < 1 { throw APIError.badRequest("sinceSeconds: Invalid value: \(s): must be greater than 0") }
        let request = LogRequest(
            namespace: ns, pod: name, container: container, follow: req.query.flag("follow"),
            tailLines: req.query["tailLines"].flatMap { Int($0) }, previous: req.query.flag("previous"),
            timestamps: req.query.flag("timestamps"), sinceSeconds: sinceSeconds)
        let chunks: AsyncThrowingStream<[UInt8], any Error>
        do { chunks = try await provider.logs(request) } catch let e as PodStreamError {
            throw APIError.badRequest(e.message)
        }
        return .stream(contentType: "text/plain") { sink in
            for try await chunk in chunks { try await sink.write(chunk) }
        }
    }

    /// An exec request that did not upgrade to a WebSocket (e.g. kubectl's SPDY fallback): answer with a clear Status.
    func execWithoutUpgrade(_ req: APIRequest, _ ns: String, _ name: String) async throws -> APIResponse {
        let (pod, _) = try await streamTarget(req, ns, name)
        if podStreams == nil || (pod[["spec", "nodeName"]].stringValue ?? "").isEmpty {
            throw APIError.badRequest("pod \(name) is not running on any node: exec is unavailable")
        }
        throw APIError.badRequest(
            "exec requires a WebSocket upgrade with subprotocol v5.channel.k8s.io; SPDY is not supported by this server")
    }

    /// The pod, or kube-apiserver's NotFound.
    func pod(_ ns: String, _ name: String) async throws -> JSON { try await fetch(Self.podsResource, ns, name) }

    /// A port-forward request that did not upgrade to a WebSocket (kubectl's SPDY): answer with a clear Status.
    func portForwardWithoutUpgrade(_ req: APIRequest, _ ns: String, _ name: String) async throws -> APIResponse {
        let pod = try await self.pod(ns, name)
        if podStreams == nil || (pod[["spec", "nodeName"]].stringValue ?? "").isEmpty {
            throw APIError.badRequest("pod \(name) is not running on any node: port forwarding is unavailable")
        }
        throw APIError.badRequest(
            "port forwarding requires a WebSocket upgrade with subprotocol v4.channel.k8s.io; SPDY is not supported by this server")
    }

    /// `serviceaccounts/token`: a bearer token for the account (TokenRequest).
    func serviceAccountToken(_ req: APIRequest, _ ns: String, _ name: String) async throws -> APIResponse {
        let sa = try await fetch(BuiltinResources.all.first { $0.resource == "serviceaccounts" }!, ns, name)
        let token = tokens.issue(namespace: ns, serviceAccount: name, uid: sa.uid)
        let body = (try? JSON.parse(req.body)) ?? [:]
        let expiration = body[["spec", "expirationSeconds"]].intValue ?? 3600
        return .json(201, [
            "kind": "TokenRequest", "apiVersion": "authentication.k8s.io/v1",
            "metadata": ["name": .string(name), "namespace": .string(ns), "creationTimestamp": .string(Timestamp.format(now))],
            "spec": ["audiences": body[["spec", "audiences"]].arrayValue.map { .array($0) } ?? ["https://kubernetes.default.svc.cluster.local"],
                     "expirationSeconds": .int(expiration)],
            "status": ["token": .string(token), "expirationTimestamp": .string(Timestamp.format(now + Double(expiration)))],
        ])
    }
}
