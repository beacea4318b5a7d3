// Defaults of Namespace, Secret, Node, webhook configurations and CustomResourceDefinition.

extension BuiltinDefaults {
    static func defaultNamespace(_ ns: inout JSON) {
        let name = ns["metadata"].admText("name")
        if !name.isEmpty { ns[["metadata", "labels", "kubernetes.io/metadata.name"]] = .string(name) }
        if ns["spec"]["finalizers"].isNull { ns[["spec", "finalizers"]] = ["kubernetes"] }
        if ns["status"].admText("phase").isEmpty { ns[["status", "phase"]] = "Active" }
    }

    /// Type Opaque, and `stringData` folded into `data` (base64), as decoding a v1 Secret does.
    static func defaultSecret(_ secret: inout JSON) {
        if secret.admText("type").isEmpty { secret["type"] = "Opaque" }
        if let stringData = secret["stringData"].objectValue {
            var data = secret["data"].objectValue ?? [:]
            for (k, v) in stringData {
                if let s = v.stringValue { data[k] = .string(AdmissionBase64.encode(Array(s.utf8))) }
            }
            secret["stringData"] = .null
            if !data.isEmpty { secret["data"] = .object(data) }
        }
    }

    static func defaultNode(_ node: inout JSON) {
        if node["status"]["allocatable"].isNull, let capacity = node["status"]["capacity"].objectValue {
            node[["status", "allocatable"]] = .object(capacity)
        }
    }

    static func defaultWebhooks(_ cfg: inout JSON, mutating: Bool) {
        cfg.admEach("webhooks") { hook in
            hook.admDefault("failurePolicy", "Fail")
            hook.admDefault("matchPolicy", "Equivalent")
            hook.admDefault("namespaceSelector", .object([:]))
            hook.admDefault("objectSelector", .object([:]))
            hook.admDefault("timeoutSeconds", 10)
            if mutating { hook.admDefault("reinvocationPolicy", "Never") }
            hook.admEach("rules") { $0.admDefault("scope", "*") }
            hook.admWith("clientConfig") { cc in cc.admWith("service") { $0.admDefault("port", 443) } }
        }
    }

    static func defaultCRD(_ crd: inout JSON) {
        var spec = specObject(crd)
        var names = spec["names"].objectValue != nil ? spec["names"] : JSON.object([:])
        let kind = names.admText("kind")
        if names.admText("singular").isEmpty { names["singular"] = .string(kind.lowercased()) }
        if names.admText("listKind").isEmpty && !kind.isEmpty { names["listKind"] = .string(kind + "List") }
        spec["names"] = names
        if spec["conversion"].isNull { spec["conversion"] = ["strategy": "None"] }
        spec.admWith("conversion") { conversion in
            conversion.admWith("webhook") { webhook in
                webhook.admWith("clientConfig") { cc in cc.admWith("service") { $0.admDefault("port", 443) } }
            }
        }
        crd["spec"] = spec
        if crd["status"].admArray("storedVersions").isEmpty,
           let storage = spec.admArray("versions").first(where: { $0.admBool("storage") == true })?.admString("name") {
            crd[["status", "storedVersions"]] = [.string(storage)]
        }
    }
}
