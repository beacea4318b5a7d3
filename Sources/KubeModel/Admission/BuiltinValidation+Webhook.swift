// Mutating/ValidatingWebhookConfiguration validation: names, rules, policies, client config, review versions.

extension BuiltinValidation {
    static let acceptedReviewVersions = ["v1", "v1beta1"]

    static func validateWebhookConfiguration(_ cfg: JSON, old: JSON?, mutating: Bool, into e: inout AdmissionErrors) {
        AdmissionMeta.validate(cfg, rule: .subdomain, into: &e)
        let oldHooks = old?.admArray("webhooks")
        // On update, rules the stored object already broke are not enforced again.
        let requireNoSideEffects = oldHooks?.allSatisfy { ["None", "NoneOnDryRun"].contains($0.admText("sideEffects")) } ?? true
        let requireRecognizedVersion = oldHooks?.allSatisfy { h in
            let v = h.admStrings("admissionReviewVersions")
            return v.isEmpty || v.contains(where: acceptedReviewVersions.contains)
        } ?? true
        let requireUniqueNames = oldHooks.map { Set($0.map { $0.admText("name") }).count == $0.count } ?? true
        var names = Set<String>()
        for (i, hook) in cfg.admArray("webhooks").enumerated() {
            let p = "webhooks[\(i)]"
            validateWebhook(hook, mutating: mutating, requireNoSideEffects: requireNoSideEffects, path: p, into: &e)
            validateReviewVersions(hook.admStrings("admissionReviewVersions"), required: requireRecognizedVersion,
                                   path: "\(p).admissionReviewVersions", into: &e)
            let name = hook.admText("name")
            if requireUniqueNames && !name.isEmpty && !names.insert(name).inserted {
                e.duplicate("\(p).name", AdmissionGoFormat.quote(name))
            }
        }
    }

    static func validateWebhook(_ hook: JSON, mutating: Bool, requireNoSideEffects: Bool, path p: String,
                                into e: inout AdmissionErrors) {
        let name = hook.admText("name")
        if name.isEmpty {
            e.required("\(p).name")
        } else if !NameValidation.dns1123Subdomain(name).isEmpty {
            e.invalid("\(p).name", string: name, NameValidation.dns1123Subdomain(name).joined(separator: ","))
        } else if name.split(separator: ".", omittingEmptySubsequences: false).count < 3 {
            e.invalid("\(p).name", string: name, "should be a domain with at least three segments separated by dots")
        }
        for (i, rule) in hook.admArray("rules").enumerated() { validateWebhookRule(rule, path: "\(p).rules[\(i)]", into: &e) }
        optionalEnum(hook, "failurePolicy", path: p, ["Fail", "Ignore"], into: &e)
        optionalEnum(hook, "matchPolicy", path: p, ["Equivalent", "Exact"], into: &e)
        let sideEffects = requireNoSideEffects ? ["None", "NoneOnDryRun"] : ["None", "NoneOnDryRun", "Some", "Unknown"]
        if let se = hook.admString("sideEffects") {
            if !sideEffects.contains(se) { e.notSupported("\(p).sideEffects", se, sideEffects) }
        } else {
            e.required("\(p).sideEffects", "must specify one of \(sideEffects.joined(separator: ", "))")
        }
        if let t = hook.admInt("timeoutSeconds"), t > 30 || t < 1 {
            e.invalid("\(p).timeoutSeconds", int: t, "the timeout value must be between 1 and 30 seconds")
        }
        for key in ["namespaceSelector", "objectSelector"] where hook.admHas(key) {
            AdmissionMeta.labelSelector(hook[key], field: "\(p).\(key)", into: &e)
        }
        if mutating { optionalEnum(hook, "reinvocationPolicy", path: p, ["IfNeeded", "Never"], into: &e) }
        validateClientConfig(hook["clientConfig"], path: "\(p).clientConfig", into: &e)
    }

    /// An optional enumerated string member of `obj`, reported at `path.key`.
    static func optionalEnum(_ obj: JSON, _ key: String, path: String, _ allowed: [String], into e: inout AdmissionErrors) {
        if let v = obj.admString(key), !allowed.contains(v) { e.notSupported("\(path).\(key)", v, allowed) }
    }

    static func validateWebhookRule(_ rule: JSON, path p: String, into e: inout AdmissionErrors) {
        let ops = rule.admStrings("operations")
        if ops.isEmpty { e.required("\(p).operations") }
        if ops.count > 1 && ops.contains("*") {
            e.invalid("\(p).operations", AdmissionGoFormat.stringSlice(ops, type: "[]admissionregistration.OperationType"),
                      "if '*' is present, must not specify other operations")
        }
        let supported = ["*", "CONNECT", "CREATE", "DELETE", "UPDATE"]
        for (i, op) in ops.enumerated() where !supported.contains(op) { e.notSupported("\(p).operations[\(i)]", op, supported) }
        for (key, what) in [("apiGroups", "API groups"), ("apiVersions", "API versions")] {
            let items = rule.admStrings(key)
            if items.isEmpty { e.required("\(p).\(key)") }
            if items.count > 1 && items.contains("*") {
                e.invalid("\(p).\(key)", AdmissionGoFormat.stringSlice(items), "if '*' is present, must not specify other \(what)")
            }
            if key == "apiVersions" {
                for (i, v) in items.enumerated() where v.isEmpty { e.required("\(p).apiVersions[\(i)]") }
            }
        }
        validateRuleResources(rule.admStrings("resources"), path: "\(p).resources", into: &e)
        if let scope = rule.admString("scope"), !["*", "Cluster", "Namespaced"].contains(scope) {
            e.notSupported("\(p).scope", scope, ["*", "Cluster", "Namespaced"])
        }
    }

    static func validateRuleResources(_ resources: [String], path: String, into e: inout AdmissionErrors) {
        if resources.isEmpty { e.required(path) }
        var withWildcardSub = Set<String>(), subWithWildcardRes = Set<String>()
        var doubleWildcard = false, singleWildcard = false, plainResource = false
        for (i, r) in resources.enumerated() {
            if r.isEmpty {
                e.required("\(path)[\(i)]")
                continue
            }
            if r == "*/*" { doubleWildcard = true }
            if r == "*" { singleWildcard = true }
            let parts = r.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            if parts.count == 1 {
                plainResource = r != "*"
                continue
            }
            let (res, sub) = (parts[0], parts[1])
            if withWildcardSub.contains(res) {
                e.invalid("\(path)[\(i)]", string: r, "if '\(res)/*' is present, must not specify \(r)")
            }
            if subWithWildcardRes.contains(sub) {
                e.invalid("\(path)[\(i)]", string: r, "if '*/\(sub)' is present, must not specify \(r)")
            }
            if sub == "*" { withWildcardSub.insert(res) }
            if res == "*" { subWithWildcardRes.insert(sub) }
        }
        if resources.count > 1 && doubleWildcard {
            e.invalid(path, AdmissionGoFormat.stringSlice(resources), "if '*/*' is present, must not specify other resources")
        }
        if singleWildcard && plainResource {
            e.invalid(path, AdmissionGoFormat.stringSlice(resources), "if '*' is present, must not specify other resources without subresources")
        }
    }

    static func validateReviewVersions(_ versions: [String], required: Bool, path: String, into e: inout AdmissionErrors) {
        if versions.isEmpty {
            e.required(path, "must specify one of \(acceptedReviewVersions.joined(separator: ", "))")
            return
        }
        var seen = Set<String>()
        for (i, v) in versions.enumerated() {
            if !seen.insert(v).inserted {
                e.invalid("\(path)[\(i)]", string: v, "duplicate version")
                continue
            }
            e.invalid("\(path)[\(i)]", string: v, messages: NameValidation.dns1035Label(v))
        }
        if required && !versions.contains(where: acceptedReviewVersions.contains) {
            e.invalid(path, AdmissionGoFormat.stringSlice(versions),
                      "must include at least one of \(acceptedReviewVersions.joined(separator: ", "))")
        }
    }
}
