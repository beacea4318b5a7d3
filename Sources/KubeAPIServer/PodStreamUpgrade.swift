import HTTPTypes

/// What a WebSocket upgrade of a pod stream (`pods/<name>/exec`, `pods/<name>/portforward`) asks for: the pod,
/// the query, the subprotocols offered, and the request as the API sees it.
struct PodStreamUpgrade: Sendable {
    /// The pod's namespace.
    let namespace: String
    /// The pod's name.
    let name: String
    /// The subprotocols the client offers, in its order.
    let protocols: [String]
    /// The request (GET, path, query, lower-cased headers).
    let request: APIRequest

    /// The upgrade `head` asks for on core `pods/<name>/<subresource>`; nil for any other request.
    init?(_ head: HTTPRequest, subresource: String) {
        let full = head.path ?? "/"
        let parts = full.split(separator: "?", maxSplits: 1)
        let path = String(parts.first ?? "/")
        guard path.hasSuffix("/" + subresource), let info = RequestInfo(path: path), info.subresource == subresource,
              info.group.isEmpty, info.resource == "pods", let namespace = info.namespace, let name = info.name
        else { return nil }
        var headers: [String: String] = [:]
        for field in head.headerFields { headers[field.name.canonicalName.lowercased()] = field.value }
        self.namespace = namespace
        self.name = name
        protocols = head.headerFields[values: .secWebSocketProtocol].flatMap { $0.split(separator: ",") }
            .map { String($0).trimmingSpaces }
        request = APIRequest(method: "GET", path: path, query: QueryParameters(parts.count > 1 ? String(parts[1]) : ""),
                             headers: headers, body: [])
    }

    /// Whether the request carries valid credentials.
    func isAuthenticated(by authenticator: Authenticator) async -> Bool {
        await authenticator.authenticate(headers: request.headers, path: request.path) != nil
    }
}
