import Crypto
import Foundation

/// Who a request was authenticated as.
struct UserInfo: Sendable, Equatable {
    var username: String
    var groups: [String]
}

/// Issues and checks bearer tokens: the admin token, and signed service-account tokens.
struct TokenAuthority: Sendable {
    /// The admin bearer token written into the admin kubeconfig.
    let adminToken: String
    private let key: SymmetricKey

    /// Creates an authority from the admin token and the signing secret.
    init(adminToken: String, signingSecret: [UInt8]) {
        self.adminToken = adminToken
        self.key = SymmetricKey(data: signingSecret)
    }

    private static func base64url(_ bytes: some DataProtocol) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    private static func unbase64url(_ s: Substring) -> Data? {
        var t = s.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while t.count % 4 != 0 { t += "=" }
        return Data(base64Encoded: t)
    }

    /// A token for a service account: `sa.<payload>.<mac>`.
    func issue(namespace: String, serviceAccount: String, uid: String) -> String {
        let payload = Self.base64url(Data("\(namespace)\n\(serviceAccount)\n\(uid)".utf8))
        let mac = HMAC<SHA256>.authenticationCode(for: Data(payload.utf8), using: key)
        return "sa.\(payload).\(Self.base64url(Data(mac)))"
    }

    /// The service account a token names, if its signature is valid.
    func verifyServiceAccount(_ token: String) -> (namespace: String, name: String, uid: String)? {
        let parts = token.split(separator: ".")
        guard parts.count == 3, parts[0] == "sa", let mac = Self.unbase64url(parts[2]) else { return nil }
        guard HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: Data(parts[1].utf8), using: key),
            let payload = Self.unbase64url(parts[1]), let text = String(data: payload, encoding: .utf8)
        else { return nil }
        let fields = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 3 else { return nil }
        return (fields[0], fields[1], fields[2])
    }
}
