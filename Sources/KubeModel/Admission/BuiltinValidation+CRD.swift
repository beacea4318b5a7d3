// CustomResourceDefinition validation (apiextensions.k8s.io/v1): group, names, scope, versions, conversion.

extension BuiltinValidation {
    static func validateCRD(_ crd: JSON, old: JSON?, into e: inout AdmissionErrors) {
        let spec = crd["spec"], names = spec["names"]
        let group = spec.admText("group"), plural = names.admText("plural")
        AdmissionMeta.validate(crd, rule: .subdomain, extraNameCheck: { name in
            name == plural + "." + group ? [] : ["must be spec.names.plural+\".\"+spec.group"]
        }, into: &e)
        if group.isEmpty {
            e.required("spec.group")
        } else if !NameValidation.dns1123Subdomain(group).isEmpty {
            e.invalid("spec.group", string: group, NameValidation.dns1123Subdomain(group).joined(separator: ","))
        } else if !group.contains(".") {
            e.invalid("spec.group", string: group, "should be a domain with at least one dot")
        }
        let scope = spec.admText("scope")
        if scope.isEmpty { e.required("spec.scope") } else if scope != "Cluster" && scope != "Namespaced" {
            e.notSupported("spec.scope", scope, ["Cluster", "Namespaced"])
        }
        let versions = spec.admArray("versions")
        var seen = Set<String>(), unique = true, storage = 0
        for (i, v) in versions.enumerated() {
            let p = "spec.versions[\(i)]", name = v.admText("name")
            if v.admBool("storage") == true { storage += 1 }
            if !seen.insert(name).inserted { unique = false }
            let errs = NameValidation.dns1035Label(name)
            if !errs.isEmpty { e.invalid("\(p).name", string: name, errs.joined(separator: ",")) }
            if v["schema"]["openAPIV3Schema"].isNull { e.required("\(p).schema.openAPIV3Schema", "schemas are required") }
            if v.admBool("deprecated") != true, let warning = v.admString("deprecationWarning") {
                e.invalid("\(p).deprecationWarning", AdmissionGoFormat.quote(warning), "can only be set for deprecated versions")
            }
            for (j, col) in v.admArray("additionalPrinterColumns").enumerated() {
                validatePrinterColumn(col, path: "\(p).additionalPrinterColumns[\(j)]", into: &e)
            }
        }
        let rendered = renderVersions(versions)
        if !unique { e.invalid("spec.versions", rendered, "must contain unique version names") }
        if storage != 1 { e.invalid("spec.versions", rendered, "must have exactly one version marked as storage version") }
        for key in ["plural", "singular", "kind", "listKind"] where names.admText(key).isEmpty { e.required("spec.names.\(key)") }
        validateCRDNames(names, path: "spec.names", into: &e)
        validateCRDConversion(spec["conversion"], into: &e)
        validateAPIApproval(crd, old: old, into: &e)
        if let old {
            let oldSpec = old["spec"]
            let established = old["status"].admArray("conditions").contains {
                $0.admText("type") == "Established" && $0.admText("status") == "True"
            }
            if established {
                e.immutable("spec.scope", new: spec["scope"], old: oldSpec["scope"])
                e.immutable("spec.names.kind", new: names["kind"], old: oldSpec["names"]["kind"])
            }
            e.immutable("spec.group", new: spec["group"], old: oldSpec["group"])
            e.immutable("spec.names.plural", new: names["plural"], old: oldSpec["names"]["plural"])
        }
    }

    static func validateCRDNames(_ names: JSON, path p: String, into e: inout AdmissionErrors) {
        for key in ["plural", "singular"] {
            let v = names.admText(key), errs = NameValidation.dns1035Label(v)
            if !v.isEmpty && !errs.isEmpty { e.invalid("\(p).\(key)", string: v, errs.joined(separator: ",")) }
        }
        for key in ["kind", "listKind"] {
            let v = names.admText(key), errs = NameValidation.dns1035Label(v.lowercased())
            if !v.isEmpty && !errs.isEmpty {
                e.invalid("\(p).\(key)", string: v, "may have mixed case, but should otherwise match: " + errs.joined(separator: ","))
            }
        }
        for key in ["shortNames", "categories"] {
            for (i, v) in names.admStrings(key).enumerated() {
                let errs = NameValidation.dns1035Label(v)
                if !errs.isEmpty { e.invalid("\(p).\(key)[\(i)]", string: v, errs.joined(separator: ",")) }
            }
        }
        let kind = names.admText("kind")
        if !kind.isEmpty && kind == names.admText("listKind") {
            e.invalid("\(p).listKind", string: kind, "kind and listKind may not be the same")
        }
    }

    static func validatePrinterColumn(_ col: JSON, path p: String, into e: inout AdmissionErrors) {
        let types = ["boolean", "date", "integer", "number", "string"]
        let formats = ["byte", "date", "date-time", "double", "float", "int32", "int64", "password"]
        if col.admText("name").isEmpty { e.required("\(p).name") }
        let type = col.admText("type")
        if type.isEmpty {
            e.required("\(p).type", "must be one of \(types.joined(separator: ","))")
        } else if !types.contains(type) {
            e.invalid("\(p).type", string: type, "must be one of \(types.joined(separator: ","))")
        }
        let format = col.admText("format")
        if !format.isEmpty && !formats.contains(format) {
            e.invalid("\(p).format", string: format, "must be one of \(formats.joined(separator: ","))")
        }
        if col.admText("jsonPath").isEmpty { e.required("\(p).JSONPath") }
    }

    /// Conversion settings; errors name the fields as the internal API does (`webhookClientConfig`).
    static func validateCRDConversion(_ conversion: JSON, into e: inout AdmissionErrors) {
        guard !conversion.isNull else { return }
        let p = "spec.conversion", strategy = conversion.admText("strategy")
        if strategy.isEmpty { e.required("\(p).strategy") } else if strategy != "None" && strategy != "Webhook" {
            e.notSupported("\(p).strategy", strategy, ["None", "Webhook"])
        }
        let webhook = conversion["webhook"]
        if strategy == "Webhook" {
            if webhook["clientConfig"].isNull {
                e.required("\(p).webhookClientConfig", "required when strategy is set to Webhook")
            } else {
                validateClientConfig(webhook["clientConfig"], path: "\(p).webhookClientConfig", into: &e)
            }
            let versions = webhook.admStrings("conversionReviewVersions")
            if versions.isEmpty {
                e.required("\(p).conversionReviewVersions")
            } else {
                validateReviewVersions(versions, required: true, path: "\(p).conversionReviewVersions", into: &e)
            }
        } else {
            if webhook.admHas("clientConfig") {
                e.forbidden("\(p).webhookClientConfig", "should not be set when strategy is not set to Webhook")
            }
            if !webhook.admStrings("conversionReviewVersions").isEmpty {
                e.forbidden("\(p).conversionReviewVersions", "should not be set when strategy is not set to Webhook")
            }
        }
    }

    /// Groups under k8s.io and kubernetes.io need the api-approved.kubernetes.io annotation.
    static func validateAPIApproval(_ crd: JSON, old: JSON?, into e: inout AdmissionErrors) {
        let group = crd["spec"].admText("group")
        let protected = ["k8s.io", "kubernetes.io"].contains { group == $0 || group.hasSuffix("." + $0) }
        guard protected else { return }
        let key = "api-approved.kubernetes.io"
        func state(_ o: JSON) -> Int {
            let a = (o["metadata"].admStringMap("annotations") ?? [:])[key] ?? ""
            if a.isEmpty { return 0 }
            if a.hasPrefix("unapproved") { return 1 }
            if let r = a.firstRange(of: "://"), r.lowerBound != a.startIndex, a[r.upperBound...].first.map({ $0 != "/" }) ?? false { return 2 }
            return 3
        }
        let new = state(crd)
        if let old, state(old) == new { return }
        let field = "metadata.annotations[\(key)]"
        switch new {
        case 0:
            e.required(field, "protected groups must have approval annotation \"\(key)\", see https://github.com/kubernetes/enhancements/pull/1111")
        case 3:
            let value = (crd["metadata"].admStringMap("annotations") ?? [:])[key] ?? ""
            e.invalid(field, string: value,
                      "protected groups must have approval annotation \"\(key)\" with either a URL or a reason starting with \"unapproved\", see https://github.com/kubernetes/enhancements/pull/1111")
        default:
            break
        }
    }

    private static func renderVersions(_ versions: [JSON]) -> String {
        let items = versions.map { v in
            "apiextensions.CustomResourceDefinitionVersion{Name:\(AdmissionGoFormat.quote(v.admText("name"))), Served:\(v.admBool("served") ?? false), Storage:\(v.admBool("storage") ?? false), ...}"
        }
        return "[]apiextensions.CustomResourceDefinitionVersion{" + items.joined(separator: ", ") + "}"
    }
}
