import Foundation
import KubeModel
import KubeStorage
import Logging
import NIOCore

/// Calls the admission webhooks registered in Mutating/ValidatingWebhookConfigurations, as kube-apiserver does.
struct WebhookDispatcher: Sendable {
    let logger: Logger

    private static let mutatingCollection = "admissionregistration.k8s.io/mutatingwebhookconfigurations"
    private static let validatingCollection = "admissionregistration.k8s.io/validatingwebhookconfigurations"

    /// Runs matching mutating webhooks in order, applying their JSONPatch responses. Returns their warnings.
    func mutate(_ obj: inout JSON, old: JSON?, resource: APIResource, operation: AdmissionOperation, dryRun: Bool,
                namespaceLabels: [String: String], core: APIServerCore) async throws -> [String] {
        guard !Self.exempt(resource) else { return [] }
        let hooks = await webhooks(Self.mutatingCollection, core: core)
        var warnings: [String] = []
        for hook in hooks {
            let req = Self.matchRequest(obj, old: old, resource, operation, namespaceLabels)
            guard WebhookMatch.applies(hook, to: req) else { continue }
            guard let response = try await call(hook, obj: obj, old: old, resource: resource, operation: operation,
                                                 dryRun: dryRun, core: core)
            else { continue }
            warnings += response["warnings"].arrayValue?.compactMap(\.stringValue) ?? []
            try Self.checkAllowed(response, hook)
            if let patch64 = response["patch"].stringValue, let data = Data(base64Encoded: patch64) {
                guard response["patchType"].stringValue == "JSONPatch" else {
                    throw APIError.internalError("failed calling webhook \"\(Self.name(hook))\": unsupported patch type \"\(response["patchType"].stringValue ?? "")\"")
                }
                do {
                    obj = try JSONPatch.apply(try JSON.parse(Array(data)), to: obj)
                } catch {
                    throw APIError.internalError("failed calling webhook \"\(Self.name(hook))\": invalid patch: \(error)")
                }
            }
        }
        return warnings
    }

    /// Runs matching validating webhooks concurrently; throws the first denial or failure.
    func validate(_ obj: JSON, old: JSON?, resource: APIResource, operation: AdmissionOperation, dryRun: Bool,
                  namespaceLabels: [String: String], core: APIServerCore) async throws {
        guard !Self.exempt(resource) else { return }
        let req = Self.matchRequest(obj, old: old, resource, operation, namespaceLabels)
        let hooks = await webhooks(Self.validatingCollection, core: core).filter { WebhookMatch.applies($0, to: req) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for hook in hooks {
                group.addTask {
                    guard let response = try await call(hook, obj: obj, old: old, resource: resource, operation: operation,
                                                         dryRun: dryRun, core: core)
                    else { return }
                    try Self.checkAllowed(response, hook)
                }
            }
            try await group.waitForAll()
        }
    }

    /// kube-apiserver never sends webhook configurations themselves to webhooks.
    static func exempt(_ r: APIResource) -> Bool {
        r.group == "admissionregistration.k8s.io"
    }

    static func matchRequest(_ obj: JSON, old: JSON?, _ r: APIResource, _ op: AdmissionOperation,
                             _ namespaceLabels: [String: String]) -> WebhookMatch.Request {
        let isNamespace = r.group.isEmpty && r.resource == "namespaces"
        return WebhookMatch.Request(
            operation: op.rawValue, group: r.group, version: r.version, resource: r.resource, namespaced: r.namespaced,
            namespaceLabels: isNamespace ? obj.labels : namespaceLabels, objectLabels: obj.labels,
            oldObjectLabels: old?.labels)
    }

    static func name(_ hook: JSON) -> String { hook["name"].stringValue ?? "" }

    private func webhooks(_ collection: String, core: APIServerCore) async -> [JSON] {
        let configs = await core.store.list(collection: collection, namespace: nil).items
        return configs.flatMap { $0["webhooks"].arrayValue ?? [] }
    }

    static func checkAllowed(_ response: JSON, _ hook: JSON) throws {
        guard response["allowed"].boolValue != true else { return }
        let result = response["status"]
        let deniedBy = "admission webhook \"\(name(hook))\" denied the request"
        let message: String
        if let m = result["message"].stringValue, !m.isEmpty {
            message = "\(deniedBy): \(m)"
        } else if let reason = result["reason"].stringValue, !reason.isEmpty {
            message = "\(deniedBy): \(reason)"
        } else {
            message = "\(deniedBy) without explanation"
        }
        // A denial is a client error or a server error; anything else a webhook says becomes 400.
        let code = result["code"].intValue.map { Int($0) }.flatMap { (400...599).contains($0) ? $0 : nil } ?? 400
        let reason = result["reason"].stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? (code == 403 ? "Forbidden" : "BadRequest")
        throw APIError(code: code, reason: reason, message: message)
    }

    /// Sends one AdmissionReview; nil when the webhook failed and its failurePolicy is Ignore.
    private func call(_ hook: JSON, obj: JSON, old: JSON?, resource r: APIResource, operation: AdmissionOperation,
                      dryRun: Bool, core: APIServerCore) async throws -> JSON? {
        let hookName = Self.name(hook)
        let ignore = hook["failurePolicy"].stringValue == "Ignore"
        if dryRun, !["None", "NoneOnDryRun"].contains(hook["sideEffects"].stringValue ?? "Unknown") {
            throw APIError.badRequest("admission webhook \"\(hookName)\" does not support dry run")
        }
        let uid = UUID().uuidString.lowercased()
        let gvk: JSON = ["group": .string(r.group), "version": .string(r.version), "kind": .string(r.kind)]
        let gvr: JSON = ["group": .string(r.group), "version": .string(r.version), "resource": .string(r.resource)]
        let request: JSON = [
            "uid": .string(uid), "kind": gvk, "resource": gvr, "requestKind": gvk, "requestResource": gvr,
            "name": .string(obj.name), "namespace": r.namespaced ? .string(obj.namespace) : .null,
            "operation": .string(operation.rawValue),
            "userInfo": ["username": "admin", "groups": ["system:masters", "system:authenticated"]],
            "object": operation == .delete ? .null : obj, "oldObject": old ?? .null, "dryRun": .bool(dryRun),
            "options": ["kind": .string(operation == .create ? "CreateOptions" : operation == .update ? "UpdateOptions" : "DeleteOptions"),
                        "apiVersion": "meta.k8s.io/v1"],
        ]
        let review: JSON = ["apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": request]
        let timeout = TimeAmount.seconds(hook["timeoutSeconds"].intValue ?? 10)
        do {
            let endpoint = try await Self.endpoint(hook["clientConfig"], core: core)
            let bytes = try await WebhookClient.post(endpoint, body: review.serialized(), timeout: timeout,
                                                     dialer: endpoint.viaPodNetwork ? core.podNetworkDialer : nil)
            let reply = try JSON.parse(bytes)
            guard reply["response"]["uid"].stringValue == uid else {
                throw WebhookCallError(description: "expected response.uid=\"\(uid)\", got \"\(reply["response"]["uid"].stringValue ?? "")\"")
            }
            return reply["response"]
        } catch {
            logger.warning("webhook call failed", metadata: ["webhook": "\(hookName)", "error": "\(error)",
                                                              "failurePolicy": "\(ignore ? "Ignore" : "Fail")"])
            if ignore { return nil }
            throw APIError.internalError("failed calling webhook \"\(hookName)\": failed to call webhook: \(error)")
        }
    }

    /// Resolves a webhook's clientConfig (a URL, or a Service reached through its ready endpoints).
    static func endpoint(_ config: JSON, core: APIServerCore) async throws -> WebhookEndpoint {
        let caPEM = config["caBundle"].stringValue.flatMap { Data(base64Encoded: $0) }.map { String(decoding: $0, as: UTF8.self) } ?? ""
        if let url = config["url"].stringValue {
            guard let u = URLComponents(string: url), u.scheme == "https", let host = u.host else {
                throw WebhookCallError(description: "invalid webhook URL \(url)")
            }
            return WebhookEndpoint(host: host, port: u.port ?? 443, path: u.path.isEmpty ? "/" : u.path, serverName: host,
                                   caPEM: caPEM, display: url)
        }
        let svc = config["service"]
        guard let ns = svc["namespace"].stringValue, let name = svc["name"].stringValue else {
            throw WebhookCallError(description: "webhook clientConfig has neither url nor service")
        }
        let port = Int(svc["port"].intValue ?? 443)
        let path = svc["path"].stringValue ?? "/"
        let display = "https://\(name).\(ns).svc:\(port)\(path)"
        guard let service = await core.store.get(ObjectKey(collection: "core/services", namespace: ns, name: name)) else {
            throw WebhookCallError(description: "service \"\(name)\" not found")
        }
        let servicePort = (service[["spec", "ports"]].arrayValue ?? []).first { $0["port"].intValue == Int64(port) }
        let endpoints = await core.store.get(ObjectKey(collection: "core/endpoints", namespace: ns, name: name))
        for subset in endpoints?["subsets"].arrayValue ?? [] {
            guard let ip = subset["addresses"].arrayValue?.first?["ip"].stringValue else { continue }
            let ports = subset["ports"].arrayValue ?? []
            let chosen = ports.first { $0["name"] == (servicePort?["name"] ?? .null) } ?? ports.first
            if let p = chosen?["port"].intValue {
                return WebhookEndpoint(host: ip, port: Int(p), path: path, serverName: "\(name).\(ns).svc", caPEM: caPEM,
                                       display: display, viaPodNetwork: true)
            }
        }
        guard let clusterIP = service[["spec", "clusterIP"]].stringValue, clusterIP != "None" else {
            throw WebhookCallError(description: "service \"\(ns)/\(name)\" has no ready endpoints")
        }
        return WebhookEndpoint(host: clusterIP, port: port, path: path, serverName: "\(name).\(ns).svc", caPEM: caPEM,
                               display: display)
    }
}
