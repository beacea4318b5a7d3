// KubeClient: a client for any Kubernetes API server (the embedded one or a real cluster) —
// kubeconfig and in-cluster configuration, CRUD, watch and informers over HTTPS with NIO.
// This file: where the server is and how to authenticate.
import Foundation
import Yams

/// How to reach one API server: its address, the CA that signs its certificate, a bearer token.
public struct ClientConfig: Sendable, Equatable {
    /// Host name or IP of the server.
    public var host: String
    /// TCP port.
    public var port: Int
    /// PEM of the CA(s) to trust for the server's certificate; nil means the system's roots.
    public var caPEM: String?
    /// Bearer token sent with every request; nil for none.
    public var token: String?
    /// The namespace to use when a request names none (kubeconfig context, or the pod's own).
    public var namespace: String
    /// Skip verification of the server's certificate (kubeconfig `insecure-skip-tls-verify`).
    public var insecureSkipTLSVerify: Bool
    /// A client certificate (PEM chain) presented to the server; nil for none.
    public var clientCertificatePEM: String?
    /// The client certificate's private key (PEM).
    public var clientKeyPEM: String?

    /// A configuration with explicit values.
    public init(host: String, port: Int, caPEM: String?, token: String?, namespace: String = "default",
                insecureSkipTLSVerify: Bool = false, clientCertificatePEM: String? = nil, clientKeyPEM: String? = nil) {
        self.clientCertificatePEM = clientCertificatePEM
        self.clientKeyPEM = clientKeyPEM
        self.host = host
        self.port = port
        self.caPEM = caPEM
        self.token = token
        self.namespace = namespace
        self.insecureSkipTLSVerify = insecureSkipTLSVerify
    }
}

/// Why a configuration could not be loaded; one line naming the file or field.
public struct ClientConfigError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The explanation.
    public var description: String
    init(_ description: String) { self.description = description }
}

extension ClientConfig {
    /// The configuration of a pod: `KUBERNETES_SERVICE_HOST`/`_PORT` and the service-account
    /// token, CA and namespace files Kubernetes mounts at `directory`.
    public static func inCluster(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        directory: String = "/var/run/secrets/kubernetes.io/serviceaccount"
    ) throws(ClientConfigError) -> ClientConfig {
        guard let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty,
              let port = environment["KUBERNETES_SERVICE_PORT"].flatMap({ Int($0) })
        else { throw ClientConfigError("not in a pod: KUBERNETES_SERVICE_HOST/KUBERNETES_SERVICE_PORT are not set") }
        func read(_ name: String) throws(ClientConfigError) -> String {
            guard let text = try? String(contentsOfFile: "\(directory)/\(name)", encoding: .utf8) else {
                throw ClientConfigError("cannot read \(directory)/\(name) (is the service-account token mounted?)")
            }
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let namespace = (try? read("namespace")) ?? "default"
        return ClientConfig(host: host, port: port, caPEM: try read("ca.crt") + "\n", token: try read("token"),
                            namespace: namespace)
    }

    /// The configuration of a kubeconfig file's current context (or `context`).
    public static func kubeconfig(path: String, context: String? = nil) throws(ClientConfigError) -> ClientConfig {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ClientConfigError("cannot read kubeconfig \(path)")
        }
        return try kubeconfig(text: text, source: path, context: context, baseDirectory: (path as NSString).deletingLastPathComponent)
    }

    /// The configuration of a kubeconfig document.
    public static func kubeconfig(text: String, source: String = "kubeconfig", context: String? = nil,
                                  baseDirectory: String = ".") throws(ClientConfigError) -> ClientConfig {
        guard let doc = (try? Yams.load(yaml: text)) as? [String: Any] else {
            throw ClientConfigError("\(source) is not a YAML mapping")
        }
        guard let contextName = context ?? doc["current-context"] as? String, !contextName.isEmpty else {
            throw ClientConfigError("\(source) has no current-context; pass a context name")
        }
        func named(_ list: String, _ name: String, _ field: String) throws(ClientConfigError) -> [String: Any] {
            let entries = doc[list] as? [[String: Any]] ?? []
            guard let entry = entries.first(where: { $0["name"] as? String == name }),
                  let body = entry[field] as? [String: Any]
            else { throw ClientConfigError("\(source): \(list) has no entry named \"\(name)\"") }
            return body
        }
        let ctx = try named("contexts", contextName, "context")
        guard let clusterName = ctx["cluster"] as? String else {
            throw ClientConfigError("\(source): context \"\(contextName)\" names no cluster")
        }
        let cluster = try named("clusters", clusterName, "cluster")
        let user = (ctx["user"] as? String).flatMap { try? named("users", $0, "user") } ?? [:]
        guard let server = cluster["server"] as? String, let endpoint = Endpoint(server) else {
            throw ClientConfigError("\(source): cluster \"\(clusterName)\" has no https server URL")
        }
        func file(_ path: String) throws(ClientConfigError) -> String {
            let full = path.hasPrefix("/") ? path : "\(baseDirectory)/\(path)"
            guard let text = try? String(contentsOfFile: full, encoding: .utf8) else {
                throw ClientConfigError("\(source): cannot read \(full)")
            }
            return text
        }
        var ca: String?
        if let data = cluster["certificate-authority-data"] as? String {
            guard let decoded = Data(base64Encoded: data) else {
                throw ClientConfigError("\(source): certificate-authority-data of cluster \"\(clusterName)\" is not base64")
            }
            ca = String(decoding: decoded, as: UTF8.self)
        } else if let path = cluster["certificate-authority"] as? String {
            ca = try file(path)
        }
        var token = user["token"] as? String
        if token == nil, let path = user["tokenFile"] as? String ?? user["token-file"] as? String {
            token = try file(path).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let userName = ctx["user"] as? String ?? ""
        func pem(_ dataKey: String, _ fileKey: String) throws(ClientConfigError) -> String? {
            if let data = user[dataKey] as? String {
                guard let decoded = Data(base64Encoded: data) else {
                    throw ClientConfigError("\(source): \(dataKey) of user \"\(userName)\" is not base64")
                }
                return String(decoding: decoded, as: UTF8.self)
            }
            return try (user[fileKey] as? String).map { path throws(ClientConfigError) in try file(path) }
        }
        let certificate = try pem("client-certificate-data", "client-certificate")
        let key = try pem("client-key-data", "client-key")
        if (certificate == nil) != (key == nil) {
            throw ClientConfigError("\(source): user \"\(userName)\" has a client certificate or key without the other")
        }
        if token == nil, certificate == nil {
            if let exec = user["exec"] as? [String: Any] {
                throw ClientConfigError("\(source): user \"\(userName)\" gets credentials from the exec plugin \(exec["command"] as? String ?? "?"), "
                                        + "which this client does not run; use a kubeconfig with a token or client certificate")
            }
            if user["auth-provider"] != nil {
                throw ClientConfigError("\(source): user \"\(userName)\" uses an auth-provider, which this client does not support; "
                                        + "use a kubeconfig with a token or client certificate")
            }
        }
        return ClientConfig(
            host: endpoint.host, port: endpoint.port, caPEM: ca, token: token,
            namespace: ctx["namespace"] as? String ?? "default",
            insecureSkipTLSVerify: cluster["insecure-skip-tls-verify"] as? Bool ?? false,
            clientCertificatePEM: certificate, clientKeyPEM: key)
    }

    /// Host and port of an `https://host[:port]` URL.
    struct Endpoint {
        var host: String
        var port: Int
        init?(_ url: String) {
            guard url.hasPrefix("https://") else { return nil }
            var rest = url.dropFirst("https://".count)
            if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
            if rest.hasPrefix("[") {  // [IPv6]:port
                guard let close = rest.firstIndex(of: "]") else { return nil }
                host = String(rest[rest.index(after: rest.startIndex)..<close])
                let after = rest[rest.index(after: close)...]
                port = after.hasPrefix(":") ? Int(after.dropFirst()) ?? -1 : 443
            } else if let colon = rest.lastIndex(of: ":") {
                host = String(rest[..<colon])
                port = Int(rest[rest.index(after: colon)...]) ?? -1
            } else {
                host = String(rest)
                port = 443
            }
            guard !host.isEmpty, (1...65535).contains(port) else { return nil }
        }
    }
}
