// A pod's volumes as directories under its pod directory: emptyDir, configMap, secret,
// downwardAPI, projected (service-account token, configMap, secret, downwardAPI), and the
// service-account mount every pod gets unless automountServiceAccountToken is false
// (`token`, `ca.crt`, `namespace` at /var/run/secrets/kubernetes.io/serviceaccount).
import Foundation
import KubeClient
import KubeModel

/// A bind mount of a prepared volume into a container.
public struct VolumeMount: Sendable, Equatable {
    /// The directory (or file, with subPath) on the node.
    public var source: String
    /// Where the container sees it.
    public var target: String
    /// Mounted read-only.
    public var readOnly: Bool
}

/// Prepares volumes from the API.
struct PodVolumes {
    let client: KubeClient?
    let clusterCAPEM: String
    let podDir: String

    static let serviceAccountPath = "/var/run/secrets/kubernetes.io/serviceaccount"

    /// Writes every volume of `pod`; returns the directory of each by name. Throws with a message
    /// naming the volume (the pod then waits, with a FailedMount event).
    func prepare(_ pod: JSON, address: String) async throws -> [String: String] {
        var dirs: [String: String] = [:]
        for volume in pod[["spec", "volumes"]].arrayValue ?? [] {
            guard let name = volume["name"].stringValue else { continue }
            let dir = "\(podDir)/volumes/\(name)"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            if !volume["emptyDir"].isNull {
                chmod(dir, 0o777)
            } else if !volume["configMap"].isNull {
                try await writeObject(volume["configMap"], kind: "configmaps", nameKey: "name", pod: pod, into: dir, volume: name)
            } else if !volume["secret"].isNull {
                try await writeObject(volume["secret"], kind: "secrets", nameKey: "secretName", pod: pod, into: dir, volume: name)
            } else if !volume["downwardAPI"].isNull {
                try writeDownward(volume[["downwardAPI", "items"]], pod: pod, address: address, into: dir)
            } else if !volume["projected"].isNull {
                for source in volume[["projected", "sources"]].arrayValue ?? [] {
                    if !source["serviceAccountToken"].isNull {
                        let path = source[["serviceAccountToken", "path"]].stringValue ?? "token"
                        try write(try await token(pod, seconds: source[["serviceAccountToken", "expirationSeconds"]].intValue),
                                  to: "\(dir)/\(path)", mode: 0o644)
                    } else if !source["configMap"].isNull {
                        try await writeObject(source["configMap"], kind: "configmaps", nameKey: "name", pod: pod, into: dir, volume: name)
                    } else if !source["secret"].isNull {
                        try await writeObject(source["secret"], kind: "secrets", nameKey: "name", pod: pod, into: dir, volume: name)
                    } else if !source["downwardAPI"].isNull {
                        try writeDownward(source[["downwardAPI", "items"]], pod: pod, address: address, into: dir)
                    }
                }
            }
            // hostPath and other kinds are not supported: the directory stays empty.
            dirs[name] = dir
        }
        if pod[["spec", "automountServiceAccountToken"]].boolValue != false {
            let dir = "\(podDir)/volumes/kube-api-access"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try write(try await token(pod, seconds: 3607), to: "\(dir)/token", mode: 0o644)
            try write(clusterCAPEM, to: "\(dir)/ca.crt", mode: 0o644)
            try write(pod.namespace, to: "\(dir)/namespace", mode: 0o644)
            dirs["kube-api-access"] = dir
        }
        return dirs
    }

    /// The mounts of one container: its volumeMounts, plus the service-account mount.
    static func mounts(_ container: JSON, dirs: [String: String]) -> [VolumeMount] {
        var mounts: [VolumeMount] = []
        for m in container["volumeMounts"].arrayValue ?? [] {
            guard let name = m["name"].stringValue, let dir = dirs[name], let target = m["mountPath"].stringValue else { continue }
            let sub = m["subPath"].stringValue.map { "/\($0)" } ?? ""
            mounts.append(VolumeMount(source: dir + sub, target: target, readOnly: m["readOnly"].boolValue ?? false))
        }
        if let dir = dirs["kube-api-access"], !mounts.contains(where: { $0.target == serviceAccountPath }) {
            mounts.append(VolumeMount(source: dir, target: serviceAccountPath, readOnly: true))
        }
        return mounts
    }

    private func writeObject(_ ref: JSON, kind: String, nameKey: String, pod: JSON, into dir: String, volume: String) async throws {
        guard let objectName = ref[nameKey].stringValue else { return }
        guard let client else { throw PodVolumeError("volume \(volume): no API client on this node") }
        let path = ResourcePath(group: "", version: "v1", resource: kind).object(objectName, namespace: pod.namespace)
        let object: JSON
        do { object = try await client.get(path) } catch let error as KubeClientError where error.isNotFound {
            if ref["optional"].boolValue == true { return }
            throw PodVolumeError("MountVolume.SetUp failed for volume \"\(volume)\": \(kind.dropLast()) \"\(objectName)\" not found")
        }
        var data: [String: [UInt8]] = [:]
        for (k, v) in object["data"].objectValue ?? [:] {
            guard let text = v.stringValue else { continue }
            data[k] = kind == "secrets" ? Array(Data(base64Encoded: text) ?? Data()) : Array(text.utf8)
        }
        for (k, v) in object["binaryData"].objectValue ?? [:] { data[k] = Array(Data(base64Encoded: v.stringValue ?? "") ?? Data()) }
        let mode = Int(ref["defaultMode"].intValue ?? 0o644)
        if let items = ref["items"].arrayValue {
            for item in items {
                guard let key = item["key"].stringValue, let bytes = data[key] else { continue }
                try write(bytes, to: "\(dir)/\(item["path"].stringValue ?? key)", mode: Int(item["mode"].intValue ?? Int64(mode)))
            }
        } else {
            for (key, bytes) in data { try write(bytes, to: "\(dir)/\(key)", mode: mode) }
        }
    }

    private func writeDownward(_ items: JSON, pod: JSON, address: String, into dir: String) throws {
        for item in items.arrayValue ?? [] {
            guard let path = item["path"].stringValue else { continue }
            if let field = item[["fieldRef", "fieldPath"]].stringValue {
                let value: String
                switch field {
                case "metadata.labels": value = pod.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"" }.joined(separator: "\n")
                case "metadata.annotations":
                    value = pod.annotations.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"" }.joined(separator: "\n")
                default: value = ContainerSpec.fieldValue(field, pod: pod, podIP: address)
                }
                try write(value, to: "\(dir)/\(path)", mode: 0o644)
            }
        }
    }

    private func token(_ pod: JSON, seconds: Int64?) async throws -> String {
        guard let client else { throw PodVolumeError("no API client on this node for the service-account token") }
        let account = pod[["spec", "serviceAccountName"]].stringValue ?? "default"
        let request: JSON = ["apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest",
                             "spec": ["expirationSeconds": .int(seconds ?? 3607),
                                      "boundObjectRef": ["kind": "Pod", "apiVersion": "v1", "name": .string(pod.name), "uid": .string(pod.uid)]]]
        let path = ResourcePath.serviceAccounts.object(account, namespace: pod.namespace, subresource: "token")
        do {
            return try await client.create(path, request)[["status", "token"]].stringValue ?? ""
        } catch {
            throw PodVolumeError("cannot get a token for service account \(pod.namespace)/\(account): \(error)")
        }
    }

    private func write(_ text: String, to path: String, mode: Int) throws { try write(Array(text.utf8), to: path, mode: mode) }

    private func write(_ bytes: [UInt8], to path: String, mode: Int) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        // Kubernetes allows 0–0777; anything else (admission does not see every projected source) is 0644.
        chmod(path, (0...0o777).contains(mode) ? mode_t(mode) : 0o644)
    }
}

/// Why a volume could not be prepared.
struct PodVolumeError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
