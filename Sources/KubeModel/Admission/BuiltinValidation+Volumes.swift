// Pod volume validation: unique DNS-label names, exactly one source, and the common sources' own rules.

extension BuiltinValidation {
    /// Volume source members in the order upstream examines them.
    static let volumeSourceKinds = [
        "emptyDir", "hostPath", "gitRepo", "gcePersistentDisk", "awsElasticBlockStore", "secret", "nfs", "iscsi",
        "glusterfs", "flocker", "persistentVolumeClaim", "rbd", "cinder", "cephfs", "quobyte", "downwardAPI", "fc",
        "flexVolume", "configMap", "azureFile", "vsphereVolume", "photonPersistentDisk", "portworxVolume", "azureDisk",
        "storageos", "projected", "scaleIO", "csi", "ephemeral", "image",
    ]

    static let fileModeError = "must be a number between 0 and 0777 (octal), both inclusive"

    /// Validates the volumes and returns the names of the valid ones (the ones mounts may refer to).
    static func validateVolumes(_ volumes: [JSON], path: String, into e: inout AdmissionErrors) -> Set<String> {
        var names = Set<String>()
        for (i, vol) in volumes.enumerated() {
            let p = "\(path)[\(i)]"
            var el = AdmissionErrors()
            validateVolumeSource(vol, path: p, into: &el)
            let name = vol.admText("name")
            if name.isEmpty {
                el.required("\(p).name")
            } else {
                el.invalid("\(p).name", string: name, messages: NameValidation.dns1123Label(name))
            }
            if names.contains(name) { el.duplicate("\(p).name", AdmissionGoFormat.quote(name)) }
            if el.isEmpty { names.insert(name) } else { e += el }
        }
        return names
    }

    static func validateVolumeSource(_ vol: JSON, path: String, into e: inout AdmissionErrors) {
        var count = 0
        for kind in volumeSourceKinds where vol.admHas(kind) {
            let p = "\(path).\(kind)", src = vol[kind]
            if count > 0 {
                e.forbidden(p, "may not specify more than 1 volume type")
                continue
            }
            count += 1
            switch kind {
            case "hostPath":
                let hostPath = src.admText("path")
                if hostPath.isEmpty {
                    e.required("\(p).path")
                    break
                }
                if hostPath.split(separator: "/", omittingEmptySubsequences: false).contains("..") {
                    e.invalid("\(p).path", string: hostPath, "must not contain '..'")
                }
                let types = ["", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"]
                if let t = src.admString("type"), !types.contains(t) { e.notSupported("\(p).type", t, types) }
            case "secret", "configMap":
                let nameKey = kind == "secret" ? "secretName" : "name"
                if src.admText(nameKey).isEmpty { e.required("\(p).\(nameKey)") }
                validateFileMode(src.admInt("defaultMode"), path: "\(p).defaultMode", into: &e)
                validateKeyToPaths(src.admArray("items"), path: "\(p).items", into: &e)
            case "persistentVolumeClaim":
                if src.admText("claimName").isEmpty { e.required("\(p).claimName") }
            case "downwardAPI":
                validateFileMode(src.admInt("defaultMode"), path: "\(p).defaultMode", into: &e)
                for (j, item) in src.admArray("items").enumerated() {
                    let ip = "\(p).items[\(j)]"
                    validateVolumeFilePath(item.admText("path"), path: "\(ip).path", into: &e)
                    validateFileMode(item.admInt("mode"), path: "\(ip).mode", into: &e)
                }
            case "projected":
                validateFileMode(src.admInt("defaultMode"), path: "\(p).defaultMode", into: &e)
            case "nfs":
                if src.admText("server").isEmpty { e.required("\(p).server") }
                let nfsPath = src.admText("path")
                if nfsPath.isEmpty { e.required("\(p).path") } else if !nfsPath.hasPrefix("/") {
                    e.invalid("\(p).path", string: nfsPath, "must be an absolute path")
                }
            case "csi":
                if src.admText("driver").isEmpty { e.required("\(p).driver") }
            default:
                break
            }
        }
        if count == 0 { e.required(path, "must specify a volume type") }
    }

    static func validateFileMode(_ mode: Int64?, path: String, into e: inout AdmissionErrors) {
        if let mode, mode < 0 || mode > 0o777 { e.invalid(path, int: mode, fileModeError) }
    }

    static func validateKeyToPaths(_ items: [JSON], path: String, into e: inout AdmissionErrors) {
        for (i, item) in items.enumerated() {
            let p = "\(path)[\(i)]"
            if item.admText("key").isEmpty { e.required("\(p).key") }
            if item.admText("path").isEmpty { e.required("\(p).path") }
            validateVolumeFilePath(item.admText("path"), path: "\(p).path", into: &e)
            validateFileMode(item.admInt("mode"), path: "\(p).mode", into: &e)
        }
    }

    /// Upstream's ValidateLocalNonReservedPath: relative, no `..`, not starting with `..`.
    static func validateVolumeFilePath(_ target: String, path: String, into e: inout AdmissionErrors) {
        validateLocalDescendingPath(target, path: path, into: &e)
        if target.hasPrefix("..") { e.invalid(path, string: target, "must not start with '..'") }
    }
}
