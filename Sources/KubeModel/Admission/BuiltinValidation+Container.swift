// Container validation: names, images, ports, env, mounts, pull and termination policies, probes, lifecycle.

extension BuiltinValidation {
    static func validateContainers(_ containers: [JSON], volumes: Set<String>, grace: Int64?, path: String,
                                   into e: inout AdmissionErrors) {
        if containers.isEmpty {
            e.required(path)
            return
        }
        var names = Set<String>()
        for (i, c) in containers.enumerated() {
            let p = "\(path)[\(i)]"
            validateContainerCommon(c, volumes: volumes, path: p, into: &e)
            if !names.insert(c.admText("name")).inserted { e.duplicate("\(p).name", AdmissionGoFormat.quote(c.admText("name"))) }
            if c.admHas("lifecycle") { validateLifecycle(c["lifecycle"], grace: grace, path: "\(p).lifecycle", into: &e) }
            validateProbes(c, grace: grace, path: p, into: &e)
            if c.admHas("restartPolicy") { e.forbidden("\(p).restartPolicy", "may not be set for non-init containers") }
        }
    }

    static func validateInitContainers(_ containers: [JSON], regular: [JSON], volumes: Set<String>, grace: Int64?,
                                       path: String, into e: inout AdmissionErrors) {
        var names = Set(regular.map { $0.admText("name") })
        for (i, c) in containers.enumerated() {
            let p = "\(path)[\(i)]"
            validateContainerCommon(c, volumes: volumes, path: p, into: &e)
            var restartAlways = false
            if let rp = c.admString("restartPolicy") {
                if rp != "Always" { e.notSupported("\(p).restartPolicy", rp, ["Always"]) }
                restartAlways = rp == "Always"
            }
            let name = c.admText("name")
            if names.contains(name) {
                e.duplicate("\(p).name", AdmissionGoFormat.quote(name))
            } else if !name.isEmpty {
                names.insert(name)
            }
            if restartAlways {
                if c.admHas("lifecycle") { validateLifecycle(c["lifecycle"], grace: grace, path: "\(p).lifecycle", into: &e) }
                validateProbes(c, grace: grace, path: p, into: &e)
            } else {
                for key in ["lifecycle", "livenessProbe", "readinessProbe", "startupProbe"] where c.admHas(key) {
                    e.forbidden("\(p).\(key)", "may not be set for init containers without restartPolicy=Always")
                }
            }
        }
    }

    /// Upstream's validateContainerCommon.
    static func validateContainerCommon(_ c: JSON, volumes: Set<String>, path p: String, into e: inout AdmissionErrors) {
        let name = c.admText("name")
        if name.isEmpty {
            e.required("\(p).name")
        } else {
            e.invalid("\(p).name", string: name, messages: NameValidation.dns1123Label(name))
        }
        if c.admText("image").isEmpty { e.required("\(p).image") }
        enumField(c, "terminationMessagePolicy", path: p, ["File", "FallbackToLogsOnError"], into: &e)
        validateContainerPorts(c.admArray("ports"), path: "\(p).ports", into: &e)
        validateEnv(c.admArray("env"), path: "\(p).env", into: &e)
        validateEnvFrom(c.admArray("envFrom"), path: "\(p).envFrom", into: &e)
        validateVolumeMounts(c.admArray("volumeMounts"), volumes: volumes, path: "\(p).volumeMounts", into: &e)
        enumField(c, "imagePullPolicy", path: p, ["Always", "IfNotPresent", "Never"], into: &e)
    }

    static func validateContainerPorts(_ ports: [JSON], path: String, into e: inout AdmissionErrors) {
        var names = Set<String>()
        for (i, port) in ports.enumerated() {
            let p = "\(path)[\(i)]"
            let name = port.admText("name")
            if !name.isEmpty {
                let errs = NameValidation.portName(name)
                if !errs.isEmpty {
                    e.invalid("\(p).name", string: name, messages: errs)
                } else if !names.insert(name).inserted {
                    e.duplicate("\(p).name", AdmissionGoFormat.quote(name))
                }
            }
            let cp = port.admInt("containerPort") ?? 0
            if cp == 0 {
                e.required("\(p).containerPort")
            } else {
                for m in NameValidation.portNumber(cp) { e.invalid("\(p).containerPort", int: cp, m) }
            }
            if let hp = port.admInt("hostPort"), hp != 0 {
                for m in NameValidation.portNumber(hp) { e.invalid("\(p).hostPort", int: hp, m) }
            }
            validateProtocol(port, path: p, into: &e)
        }
    }

    static func validateEnv(_ env: [JSON], path: String, into e: inout AdmissionErrors) {
        for (i, v) in env.enumerated() {
            let p = "\(path)[\(i)]"
            let name = v.admText("name")
            if name.isEmpty {
                e.required("\(p).name")
            } else {
                e.invalid("\(p).name", string: name, messages: NameValidation.envVarName(name))
            }
            guard v.admHas("valueFrom") else { continue }
            let from = v["valueFrom"], fp = "\(p).valueFrom"
            var sources = 0
            if from.admHas("fieldRef") {
                sources += 1
                validateFieldRef(from["fieldRef"], path: "\(fp).fieldRef", into: &e)
            }
            if from.admHas("resourceFieldRef") {
                sources += 1
                if from["resourceFieldRef"].admText("resource").isEmpty { e.required("\(fp).resourceFieldRef.resource") }
            }
            for key in ["configMapKeyRef", "secretKeyRef"] where from.admHas(key) {
                sources += 1
                let ref = from[key]
                e.invalid("\(fp).\(key).name", string: ref.admText("name"), messages: NameValidation.dns1123Subdomain(ref.admText("name")))
                let k = ref.admText("key")
                if k.isEmpty { e.required("\(fp).\(key).key") } else {
                    e.invalid("\(fp).\(key).key", string: k, messages: NameValidation.configMapKey(k))
                }
            }
            if sources == 0 {
                e.invalid(fp, string: "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`")
            } else if !v.admText("value").isEmpty {
                e.invalid(fp, string: "", "may not be specified when `value` is not empty")
            } else if sources > 1 {
                e.invalid(fp, string: "", "may not have more than one field specified at a time")
            }
        }
    }

    static let downwardAPIEnvFieldPaths = ["metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName",
                                           "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP",
                                           "status.podIPs"]

    static func validateFieldRef(_ ref: JSON, path: String, into e: inout AdmissionErrors) {
        if ref.admText("apiVersion").isEmpty { return e.required("\(path).apiVersion") }
        let fieldPath = ref.admText("fieldPath")
        if fieldPath.isEmpty { return e.required("\(path).fieldPath") }
        for prefix in ["metadata.labels['", "metadata.annotations['"] where fieldPath.hasPrefix(prefix) && fieldPath.hasSuffix("']") {
            let key = String(fieldPath.dropFirst(prefix.count).dropLast(2))
            let checked = prefix.contains("annotations") ? key.lowercased() : key
            e.invalid(path, string: checked, messages: NameValidation.qualifiedName(checked))
            return
        }
        if !downwardAPIEnvFieldPaths.contains(fieldPath) {
            e.notSupported("\(path).fieldPath", fieldPath, downwardAPIEnvFieldPaths)
        }
    }

    static func validateEnvFrom(_ sources: [JSON], path: String, into e: inout AdmissionErrors) {
        for (i, s) in sources.enumerated() {
            let p = "\(path)[\(i)]"
            if let prefix = s.admString("prefix"), !prefix.isEmpty {
                e.invalid("\(p).prefix", string: prefix, messages: NameValidation.envVarName(prefix))
            }
            let count = (s.admHas("configMapRef") ? 1 : 0) + (s.admHas("secretRef") ? 1 : 0)
            for key in ["configMapRef", "secretRef"] where s.admHas(key) {
                let name = s[key].admText("name")
                if name.isEmpty { e.required("\(p).\(key).name") } else {
                    e.invalid("\(p).\(key).name", string: name, messages: NameValidation.dns1123Subdomain(name))
                }
            }
            if count == 0 {
                e.invalid(path, string: "", "must specify one of: `configMapRef` or `secretRef`")
            } else if count > 1 {
                e.invalid(path, string: "", "may not have more than one field specified at a time")
            }
        }
    }

    static func validateVolumeMounts(_ mounts: [JSON], volumes: Set<String>, path: String, into e: inout AdmissionErrors) {
        var mountPoints = Set<String>()
        for (i, m) in mounts.enumerated() {
            let p = "\(path)[\(i)]"
            let name = m.admText("name"), mountPath = m.admText("mountPath")
            if name.isEmpty { e.required("\(p).name") }
            if !volumes.contains(name) { e.notFound("\(p).name", name) }
            if mountPath.isEmpty { e.required("\(p).mountPath") }
            if !mountPoints.insert(mountPath).inserted { e.invalid("\(p).mountPath", string: mountPath, "must be unique") }
            let subPath = m.admText("subPath"), subPathExpr = m.admText("subPathExpr")
            if !subPath.isEmpty { validateLocalDescendingPath(subPath, path: "\(path).subPath", into: &e) }
            if !subPathExpr.isEmpty {
                if !subPath.isEmpty {
                    e.invalid("\(p).subPathExpr", string: subPathExpr, "subPathExpr and subPath are mutually exclusive")
                }
                validateLocalDescendingPath(subPathExpr, path: "\(path).subPathExpr", into: &e)
            }
        }
    }

    static func validateLocalDescendingPath(_ target: String, path: String, into e: inout AdmissionErrors) {
        if target.hasPrefix("/") { e.invalid(path, string: target, "must be a relative path") }
        if target.split(separator: "/", omittingEmptySubsequences: false).contains("..") {
            e.invalid(path, string: target, "must not contain '..'")
        }
    }
}
