// ObjectMeta rules shared by every kind: name syntax, labels, annotations, finalizers, immutable identity.

/// Which syntax an object's name must follow.
enum AdmissionNameRule {
    case subdomain, label, dns1035
    /// Anything usable as a URL path segment (RBAC names such as `system:auth-delegator`).
    case pathSegment

    /// Problems with `name`; a `generateName` prefix may end in a dash.
    func check(_ name: String, prefix: Bool = false) -> [String] {
        let n = prefix ? NameValidation.maskTrailingDash(name) : name
        switch self {
        case .subdomain: return NameValidation.dns1123Subdomain(n)
        case .label: return NameValidation.dns1123Label(n)
        case .dns1035: return NameValidation.dns1035Label(n)
        case .pathSegment:
            if !prefix && (name == "." || name == "..") { return ["may not be '\(name)'"] }
            return ["/", "%"].filter { name.contains($0) }.map { "may not contain '\($0)'" }
        }
    }
}

enum AdmissionMeta {
    /// Upstream's ValidateObjectMeta (the namespace itself is the server's business).
    static func validate(_ object: JSON, rule: AdmissionNameRule, extraNameCheck: ((String) -> [String])? = nil,
                         into e: inout AdmissionErrors) {
        let meta = object["metadata"]
        let generateName = meta.admText("generateName")
        let name = meta.admText("name")
        if !generateName.isEmpty {
            e.invalid("metadata.generateName", string: generateName, messages: rule.check(generateName, prefix: true))
        }
        if name.isEmpty {
            if generateName.isEmpty { e.required("metadata.name", "name or generateName is required") }
        } else {
            e.invalid("metadata.name", string: name, messages: rule.check(name) + (extraNameCheck?(name) ?? []))
        }
        e.nonNegative("metadata.generation", meta.admInt("generation"))
        labels(meta.admStringMap("labels") ?? [:], field: "metadata.labels", into: &e)
        annotations(meta.admStringMap("annotations") ?? [:], field: "metadata.annotations", into: &e)
        ownerReferences(meta.admArray("ownerReferences"), into: &e)
        finalizers(meta.admStrings("finalizers"), field: "metadata.finalizers", into: &e)
    }

    /// Upstream's ValidateObjectMetaUpdate: identity fields may not change, generation may not go down.
    static func validateUpdate(_ object: JSON, old: JSON, into e: inout AdmissionErrors) {
        let meta = object["metadata"], oldMeta = old["metadata"]
        if let g = meta.admInt("generation"), let og = oldMeta.admInt("generation"), g < og {
            e.invalid("metadata.generation", int: g, "must not be decremented")
        }
        for key in ["name", "namespace"] where meta.admText(key) != oldMeta.admText(key) {
            e.invalid("metadata.\(key)", string: meta.admText(key), "field is immutable")
        }
        for key in ["uid", "creationTimestamp"] where meta.admHas(key) && oldMeta.admHas(key) {
            e.immutable("metadata.\(key)", new: meta[key], old: oldMeta[key])
        }
    }

    static func labels(_ labels: [String: String], field: String, into e: inout AdmissionErrors) {
        for key in labels.keys.sorted() {
            e.invalid(field, string: key, messages: NameValidation.qualifiedName(key))
            e.invalid(field, string: labels[key]!, messages: NameValidation.labelValue(labels[key]!))
        }
    }

    static func annotations(_ annotations: [String: String], field: String, into e: inout AdmissionErrors) {
        for key in annotations.keys.sorted() {
            e.invalid(field, string: key, messages: NameValidation.qualifiedName(key.lowercased()))
        }
        if NameValidation.annotationsSize(annotations) > NameValidation.totalAnnotationSizeLimit {
            e.tooLong(field, max: NameValidation.totalAnnotationSizeLimit)
        }
    }

    static func finalizers(_ finalizers: [String], field: String, into e: inout AdmissionErrors) {
        for f in finalizers { e.invalid(field, string: f, messages: NameValidation.qualifiedName(f)) }
        if finalizers.contains("orphan") && finalizers.contains("foregroundDeletion") {
            e.invalid(field, AdmissionGoFormat.stringSlice(finalizers), "finalizer orphan and foregroundDeletion cannot be both set")
        }
    }

    static func ownerReferences(_ refs: [JSON], into e: inout AdmissionErrors) {
        let path = "metadata.ownerReferences"
        var controller = ""
        for ref in refs {
            let apiVersion = ref.admText("apiVersion")
            let version = apiVersion.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? ""
            if version.isEmpty { e.invalid("\(path).apiVersion", string: apiVersion, "version must not be empty") }
            if ref.admText("kind").isEmpty { e.invalid("\(path).kind", string: "", "kind must not be empty") }
            if ref.admText("name").isEmpty { e.invalid("\(path).name", string: "", "name must not be empty") }
            if ref.admText("uid").isEmpty { e.invalid("\(path).uid", string: "", "uid must not be empty") }
            if ref.admBool("controller") == true {
                let current = ref.admText("kind") + "/" + ref.admText("name")
                if controller.isEmpty {
                    controller = current
                } else {
                    e.invalid(path, "[]v1.OwnerReference{...}",
                              "Only one reference can have Controller set to true. Found \"true\" in references for \(controller) and \(current)")
                }
            }
        }
    }

    /// Upstream's ValidateLabelSelector.
    static func labelSelector(_ sel: JSON, field: String, into e: inout AdmissionErrors) {
        labels(sel.admStringMap("matchLabels") ?? [:], field: "\(field).matchLabels", into: &e)
        for (i, expr) in sel.admArray("matchExpressions").enumerated() {
            let p = "\(field).matchExpressions[\(i)]"
            let values = expr.admStrings("values")
            switch expr.admText("operator") {
            case "In", "NotIn":
                if values.isEmpty { e.required("\(p).values", "must be specified when `operator` is 'In' or 'NotIn'") }
            case "Exists", "DoesNotExist":
                if !values.isEmpty { e.forbidden("\(p).values", "may not be specified when `operator` is 'Exists' or 'DoesNotExist'") }
            default:
                e.invalid("\(p).operator", string: expr.admText("operator"), "not a valid selector operator")
            }
            e.invalid("\(p).key", string: expr.admText("key"), messages: NameValidation.qualifiedName(expr.admText("key")))
            for (j, v) in values.enumerated() {
                e.invalid("\(p).values[\(j)]", string: v, messages: NameValidation.labelValue(v))
            }
        }
    }

    /// Whether a label selector (matchLabels and matchExpressions) selects the given labels; nil selects nothing.
    static func selectorMatches(_ sel: JSON, _ labels: [String: String]) -> Bool {
        for (k, v) in sel.admStringMap("matchLabels") ?? [:] where labels[k] != v { return false }
        for expr in sel.admArray("matchExpressions") {
            let key = expr.admText("key"), values = expr.admStrings("values")
            switch expr.admText("operator") {
            case "In": guard let v = labels[key], values.contains(v) else { return false }
            case "NotIn": if let v = labels[key], values.contains(v) { return false }
            case "Exists": if labels[key] == nil { return false }
            case "DoesNotExist": if labels[key] != nil { return false }
            default: return false
            }
        }
        return true
    }

    /// True when the selector has neither matchLabels nor matchExpressions.
    static func selectorIsEmpty(_ sel: JSON) -> Bool {
        (sel.admStringMap("matchLabels") ?? [:]).isEmpty && sel.admArray("matchExpressions").isEmpty
    }
}
