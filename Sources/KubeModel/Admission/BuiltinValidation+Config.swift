// ConfigMap and Secret validation: key syntax, total size, typed secrets, immutability.

extension BuiltinValidation {
    /// The most bytes the data of one ConfigMap or Secret may hold.
    static let maxConfigSize = 1024 * 1024

    static func validateConfigMap(_ cm: JSON, old: JSON?, into e: inout AdmissionErrors) {
        AdmissionMeta.validate(cm, rule: .subdomain, into: &e)
        let data = cm.admStringMap("data") ?? [:]
        let binary = cm.admStringMap("binaryData") ?? [:]
        var total = 0
        for key in data.keys.sorted() {
            e.invalid("data[\(key)]", string: key, messages: NameValidation.configMapKey(key))
            if binary[key] != nil { e.invalid("data[\(key)]", string: key, "duplicate of key present in binaryData") }
            total += data[key]!.utf8.count
        }
        for key in binary.keys.sorted() {
            e.invalid("binaryData[\(key)]", string: key, messages: NameValidation.configMapKey(key))
            total += AdmissionBase64.decodedLength(binary[key]!)
        }
        if total > maxConfigSize { e.tooLong("", max: maxConfigSize) }
        if let old, old.admBool("immutable") == true {
            if cm.admBool("immutable") != true { e.forbidden("immutable", "field is immutable when `immutable` is set") }
            if !sameData(cm["data"], old["data"]) { e.forbidden("data", "field is immutable when `immutable` is set") }
            if !sameData(cm["binaryData"], old["binaryData"]) {
                e.forbidden("binaryData", "field is immutable when `immutable` is set")
            }
        }
    }

    static func validateSecret(_ secret: JSON, old: JSON?, into e: inout AdmissionErrors) {
        if let old {
            e.immutable("type", new: secret["type"], old: old["type"])
            if old.admBool("immutable") == true {
                if secret.admBool("immutable") != true { e.forbidden("immutable", "field is immutable when `immutable` is set") }
                if !sameData(secret["data"], old["data"]) { e.forbidden("data", "field is immutable when `immutable` is set") }
            }
        }
        AdmissionMeta.validate(secret, rule: .subdomain, into: &e)
        let data = secret.admStringMap("data") ?? [:]
        var total = 0
        for key in data.keys.sorted() {
            e.invalid("data[\(key)]", string: key, messages: NameValidation.configMapKey(key))
            total += AdmissionBase64.decodedLength(data[key]!)
        }
        if total > maxConfigSize { e.tooLong("data", max: maxConfigSize) }
        switch secret.admText("type") {
        case "kubernetes.io/service-account-token":
            if (secret["metadata"].admStringMap("annotations") ?? [:])["kubernetes.io/service-account.name", default: ""].isEmpty {
                e.required("metadata.annotations[kubernetes.io/service-account.name]")
            }
        case "kubernetes.io/dockercfg":
            if data[".dockercfg"] == nil { e.required("data[.dockercfg]") }
        case "kubernetes.io/dockerconfigjson":
            if data[".dockerconfigjson"] == nil { e.required("data[.dockerconfigjson]") }
        case "kubernetes.io/basic-auth":
            if data["username"] == nil && data["password"] == nil {
                e.required("data[username]")
                e.required("data[password]")
            }
        case "kubernetes.io/ssh-auth":
            if (data["ssh-privatekey"] ?? "").isEmpty { e.required("data[ssh-privatekey]") }
        case "kubernetes.io/tls":
            if data["tls.crt"] == nil { e.required("data[tls.crt]") }
            if data["tls.key"] == nil { e.required("data[tls.key]") }
        default:
            break
        }
    }

    /// Data maps compare equal when both are empty or absent.
    private static func sameData(_ a: JSON, _ b: JSON) -> Bool {
        let ea = a.objectValue?.isEmpty ?? true, eb = b.objectValue?.isEmpty ?? true
        return (ea && eb) || a == b
    }
}
