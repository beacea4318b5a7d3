// Environment variables that come from the API: `valueFrom.secretKeyRef` / `configMapKeyRef`
// and `envFrom` (every key of a ConfigMap or Secret, with an optional prefix).
import Foundation
import KubeClient
import KubeModel

extension PodVolumes {
    /// The variables of `container` read from ConfigMaps and Secrets (explicit `env` wins over `envFrom`).
    func environment(for container: JSON, pod: JSON) async throws -> [String: String] {
        var env: [String: String] = [:]
        var cache: [String: [String: String]?] = [:]
        func data(_ kind: String, _ name: String) async throws -> [String: String]? {
            let key = "\(kind)/\(name)"
            if let cached = cache[key] { return cached }
            guard let client else { throw PodVolumeError("no API client on this node for \(key)") }
            let path = ResourcePath(group: "", version: "v1", resource: kind).object(name, namespace: pod.namespace)
            var values: [String: String]?
            do {
                let object = try await client.get(path)
                values = (object["data"].objectValue ?? [:]).compactMapValues { value in
                    guard let text = value.stringValue else { return nil }
                    return kind == "secrets" ? Data(base64Encoded: text).map { String(decoding: $0, as: UTF8.self) } : text
                }
            } catch let error as KubeClientError where error.isNotFound {
                values = nil
            }
            cache[key] = values
            return values
        }
        for source in container["envFrom"].arrayValue ?? [] {
            let prefix = source["prefix"].stringValue ?? ""
            for (kind, field) in [("configmaps", "configMapRef"), ("secrets", "secretRef")] where !source[field].isNull {
                let name = source[[field, "name"]].stringValue ?? ""
                guard let values = try await data(kind, name) else {
                    if source[[field, "optional"]].boolValue == true { continue }
                    throw PodVolumeError("\(kind.dropLast()) \"\(name)\" not found")
                }
                for (k, v) in values { env[prefix + k] = v }
            }
        }
        for variable in container["env"].arrayValue ?? [] {
            guard let name = variable["name"].stringValue else { continue }
            for (kind, field) in [("configmaps", "configMapKeyRef"), ("secrets", "secretKeyRef")] {
                let ref = variable[["valueFrom", field]]
                guard !ref.isNull, let objectName = ref["name"].stringValue, let key = ref["key"].stringValue else { continue }
                let optional = ref["optional"].boolValue == true
                guard let values = try await data(kind, objectName) else {
                    if optional { continue }
                    throw PodVolumeError("\(kind.dropLast()) \"\(objectName)\" not found")
                }
                guard let value = values[key] else {
                    if optional { continue }
                    throw PodVolumeError("couldn't find key \(key) in \(kind == "secrets" ? "Secret" : "ConfigMap") \(pod.namespace)/\(objectName)")
                }
                env[name] = value
            }
        }
        return env
    }
}
