// What `osm support bug-report` collects, written under a staging folder and then archived:
//   control-plane/<ns>/   MeshConfig, the control plane's Deployments and pods, each container's log
//   namespaces/namespaces.txt                the `osm namespace list` table
//   namespaces/<ns>/      events, services, meshed pods and the mesh's policy objects (JSON)
//   namespaces/<ns>/pods/<pod>/   the pod, each container's log, the sidecar's config, readiness and metrics
// Everything is read through the API server (logs, and the sidecars' admin through port forwarding),
// so it works on any cluster. A part that cannot be read is reported and skipped; the rest is kept.
import Foundation
import KubeClient
import KubeModel
import MeshController

/// Collects a bug report's files under `root`.
struct BugReport {
    let client: KubeClient
    let root: String

    /// The mesh's policy objects collected per namespace.
    static let policyResources = ["traffictargets", "tcproutes", "trafficsplits", "egresses"]

    /// Writes `bytes` to `relative` under the root, making its folders.
    func write(_ relative: String, _ bytes: [UInt8]) throws {
        let path = root + "/" + relative
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { throw CLIError("cannot write \(path)") }
    }

    /// Writes a JSON document, indented.
    func write(_ relative: String, json: JSON) throws {
        try write(relative, ProxyAdmin.pretty(json.serialized()))
    }

    /// Runs `collect`, reporting a failure on stderr as one line instead of stopping the report.
    func attempt(_ what: String, _ collect: () async throws -> Void) async -> Bool {
        do {
            try await collect()
            return true
        } catch {
            FileHandle.standardError.write(Data("x \(what): \(error)\n".utf8))
            return false
        }
    }

    /// The namespace's events, services, meshed pods and mesh policy objects.
    func collectNamespace(_ ns: String) async -> Bool {
        var ok = true
        let parts: [(String, String)] = [
            ("events", ResourcePath.events.collection(namespace: ns)),
            ("services", ResourcePath.services.collection(namespace: ns)),
            ("pods", ResourcePath.pods.collection(namespace: ns) + "?labelSelector=osm-proxy-uuid"),
        ] + Self.policyResources.compactMap { name in MeshWatch.resources[name].map { (name, $0.collection(namespace: ns)) } }
        for (name, path) in parts {
            ok = await attempt("namespace \(ns): \(name)") { try write("namespaces/\(ns)/\(name).json", json: try await client.get(path)) } && ok
        }
        return ok
    }

    /// The pod, each container's log, and for a meshed pod its sidecar's config, readiness and metrics.
    func collectPod(namespace ns: String, name: String, under dir: String) async -> Bool {
        var pod: JSON = [:]
        guard await attempt("pod \(ns)/\(name)", { pod = try await client.get(ResourcePath.pods.object(name, namespace: ns)) }) else { return false }
        var ok = await attempt("pod \(ns)/\(name): object") { try write("\(dir)/pod.json", json: pod) }
        let containers = ((pod[["spec", "initContainers"]].arrayValue ?? []) + (pod[["spec", "containers"]].arrayValue ?? []))
            .compactMap { $0["name"].stringValue }
        for container in containers {
            ok = await attempt("pod \(ns)/\(name): log of \(container)") {
                let path = ResourcePath.pods.object(name, namespace: ns, subresource: "log") + "?container=\(KubeClient.escape(container))"
                let response = try await client.send(.GET, path)
                guard response.status == 200 else { throw CLIError("HTTP \(response.status): \(String(decoding: response.body, as: UTF8.self))") }
                try write("\(dir)/logs/\(container).log", response.body)
            } && ok
        }
        guard containers.contains(ProxyAdmin.container), pod[["status", "phase"]].stringValue == "Running" else { return ok }
        for (query, file) in [("config", "sidecar-config.json"), ("ready", "sidecar-ready.txt"), ("metrics", "sidecar-metrics.txt")] {
            ok = await attempt("pod \(ns)/\(name): sidecar \(query)") {
                let (status, body) = try await ProxyAdmin.get(client, namespace: ns, pod: name, path: "/" + query)
                let text = query == "config" ? ProxyAdmin.pretty(body) : body
                try write("\(dir)/\(file)", status == 200 ? text : Array("HTTP \(status)\n".utf8) + body)
            } && ok
        }
        return ok
    }

    /// The MeshConfig, the control plane's Deployments and its pods with their logs.
    func collectControlPlane(_ ns: String) async -> Bool {
        var ok = true
        if let meshConfigs = MeshWatch.resources["meshconfigs"] {
            ok = await attempt("MeshConfig in \(ns)") {
                try write("control-plane/\(ns)/meshconfig.json", json: try await client.get(meshConfigs.object("osm-mesh-config", namespace: ns)))
            } && ok
        }
        ok = await attempt("deployments in \(ns)") {
            try write("control-plane/\(ns)/deployments.json", json: try await client.get(ResourcePath.deployments.collection(namespace: ns)))
        } && ok
        var pods: [String] = []
        ok = await attempt("pods in \(ns)") {
            pods = (try await client.get(ResourcePath.pods.collection(namespace: ns))["items"].arrayValue ?? []).map(\.name)
        } && ok
        for pod in pods.sorted() { ok = await collectPod(namespace: ns, name: pod, under: "control-plane/\(ns)/pods/\(pod)") && ok }
        return ok
    }
}
