import KubeModel
import KubeStorage

/// Decides who a request comes from: the admin token, a service-account token, or (for a few paths) anyone.
struct Authenticator: Sendable {
    let tokens: TokenAuthority
    let store: KubeStore

    /// Paths any client may read without credentials, as kube-apiserver's public-info role allows.
    static let publicPaths: Set<String> = ["/version", "/healthz", "/livez", "/readyz"]

    /// The authenticated user, or nil (answer 401).
    func authenticate(headers: [String: String], path: String) async -> UserInfo? {
        if let auth = headers["authorization"], auth.hasPrefix("Bearer ") {
            let token = String(auth.dropFirst("Bearer ".count)).trimmingSpaces
            if token == tokens.adminToken { return UserInfo(username: "admin", groups: ["system:masters"]) }
            if let sa = tokens.verifyServiceAccount(token) {
                let k = ObjectKey(collection: "core/serviceaccounts", namespace: sa.namespace, name: sa.name)
                if let obj = await store.get(k), obj.uid == sa.uid {
                    return UserInfo(username: "system:serviceaccount:\(sa.namespace):\(sa.name)",
                                    groups: ["system:serviceaccounts", "system:serviceaccounts:\(sa.namespace)"])
                }
            }
            return nil
        }
        if Self.publicPaths.contains(path) { return UserInfo(username: "system:anonymous", groups: ["system:unauthenticated"]) }
        return nil
    }
}
