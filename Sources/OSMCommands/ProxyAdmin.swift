// Reading a sidecar's admin endpoints (127.0.0.1:15000 inside its pod) through the API server's port
// forwarding, as `osm proxy get` and `osm verify connectivity` do; works against any cluster.
import Foundation
import KubeClient
import KubeModel
import MeshProtocol

/// A meshed pod's sidecar admin server, reached through `pods/portforward`.
enum ProxyAdmin {
    /// The admin port inside the pod.
    static let port: UInt16 = 15000
    /// The injected sidecar's container name.
    static let container = "osm-proxy"

    /// OSM's query names and the admin paths that answer them.
    static let aliases = ["config_dump": "config", "stats": "metrics", "ready": "ready", "live": "live",
                          "config": "config", "metrics": "metrics"]

    /// The pod, checked to exist and to have a running sidecar; errors name the pod and the fix.
    static func meshedPod(_ client: KubeClient, namespace: String, name: String) async throws -> JSON {
        let pod: JSON
        do { pod = try await client.get(ResourcePath.pods.object(name, namespace: namespace)) } catch let e as KubeClientError where e.isNotFound {
            throw CLIError("pod \(namespace)/\(name) does not exist")
        }
        let containers = (pod[["spec", "containers"]].arrayValue ?? []).compactMap { $0["name"].stringValue }
        guard containers.contains(container) else {
            throw CLIError("pod \(namespace)/\(name) has no sidecar: add its namespace to the mesh (osm namespace add \(namespace)) and restart it")
        }
        guard pod[["status", "phase"]].stringValue == "Running" else {
            throw CLIError("pod \(namespace)/\(name) is not running (phase \(pod[["status", "phase"]].stringValue ?? "unknown"))")
        }
        return pod
    }

    /// GETs `path` from the pod's sidecar admin server: the status code and body.
    static func get(_ client: KubeClient, namespace: String, pod: String, path: String) async throws -> (status: Int, body: [UInt8]) {
        let bytes: [UInt8]
        do { bytes = try await exchange(client, namespace: namespace, pod: pod, port: port, path: path) } catch {
            throw CLIError("cannot reach the sidecar of pod \(namespace)/\(pod): \(error)")
        }
        guard let response = HTTPResponseText(bytes) else {
            throw CLIError("the sidecar of pod \(namespace)/\(pod) sent no HTTP response on port \(port)")
        }
        return (response.status, response.body)
    }

    /// One HTTP/1.1 GET of `path` on the pod's `port` through the API server's port forwarding:
    /// the raw answer, read to the connection's end.
    static func exchange(_ client: KubeClient, namespace: String, pod: String, port: UInt16, path: String) async throws -> [UInt8] {
        let request = "GET \(path) HTTP/1.1\r\nhost: 127.0.0.1:\(port)\r\nuser-agent: osm-cli\r\nconnection: close\r\n\r\n"
        return try await client.portForwardExchange(namespace: namespace, pod: pod, port: port, request: Array(request.utf8))
    }

    /// A JSON document indented with sorted keys and a final newline; other bytes as they are.
    static func pretty(_ bytes: [UInt8]) -> [UInt8] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)),
              let pretty = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        else { return bytes }
        return Array(pretty) + [0x0A]
    }

    /// The sidecar's live ProxyConfig (from `/config`).
    static func config(_ client: KubeClient, namespace: String, pod: String) async throws -> ProxyConfig {
        let (status, body) = try await get(client, namespace: namespace, pod: pod, path: "/config")
        guard status == 200 else { throw CLIError("the sidecar of pod \(namespace)/\(pod) answered /config with HTTP \(status)") }
        do { return try ProxyConfig(jsonData: Data(body)) } catch {
            throw CLIError("the sidecar of pod \(namespace)/\(pod) sent a config this CLI cannot read: \(error)")
        }
    }
}

/// An HTTP/1.1 response read to the connection's end: status code and body (by content-length when given).
struct HTTPResponseText {
    var status: Int
    var body: [UInt8]

    init?(_ bytes: [UInt8]) {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = bytes.indices.first(where: { bytes[$0...].starts(with: separator) }) else { return nil }
        let head = String(decoding: bytes[..<end], as: UTF8.self).split(separator: "\r\n")
        guard let statusLine = head.first, statusLine.hasPrefix("HTTP/1."),
              let code = statusLine.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { return nil }
        var body = Array(bytes[(end + 4)...])
        for line in head.dropFirst() {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "content-length",
               let length = Int(parts[1].trimmingCharacters(in: .whitespaces)), length <= body.count {
                body = Array(body.prefix(length))
            }
        }
        status = code
        self.body = body
    }
}
