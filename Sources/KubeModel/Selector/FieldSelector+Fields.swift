// The selectable fields kube-apiserver offers per kind, their values, and the checks it applies to selectors.

extension FieldSelector {
    /// The field labels kube-apiserver accepts in a field selector for a kind.
    public static func supportedFields(group: String, kind: String) -> Set<String> {
        let meta: Set<String> = ["metadata.name", "metadata.namespace"]
        switch (group == "core" ? "" : group, kind) {
        case ("", "Pod"):
            return meta.union([
                "spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork",
                "status.phase", "status.podIP", "status.podIPs", "status.nominatedNodeName",
            ])
        case ("", "Event"):
            return meta.union([
                "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
                "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath",
                "reason", "reportingComponent", "source", "type",
            ])
        case ("events.k8s.io", "Event"):
            return meta.union([
                "regarding.kind", "regarding.namespace", "regarding.name", "regarding.uid", "regarding.apiVersion",
                "regarding.resourceVersion", "regarding.fieldPath", "reason", "reportingController", "type",
            ])
        case ("", "Secret"): return meta.union(["type"])
        case ("", "Node"): return ["metadata.name", "spec.unschedulable"]
        case ("", "Namespace"): return ["metadata.name", "status.phase"]
        case ("", "ReplicationController"), ("apps", "ReplicaSet"): return meta.union(["status.replicas"])
        case ("batch", "Job"): return meta.union(["status.successful"])
        case ("certificates.k8s.io", "CertificateSigningRequest"): return ["metadata.name", "spec.signerName"]
        default: return meta
        }
    }

    /// Checks every field label against the kind and returns the selector in the form `matches` expects
    /// (Pod `spec.host` becomes `spec.nodeName`). The error text is what kube-apiserver sends with a 400.
    public func validated(group: String, kind: String) throws(SelectorError) -> FieldSelector {
        let supported = Self.supportedFields(group: group, kind: kind)
        let isPod = (group == "" || group == "core") && kind == "Pod"
        var out: [Requirement] = []
        for var r in requirements {
            if isPod && r.field == "spec.host" { r.field = "spec.nodeName" }
            out.append(r)
            guard !supported.contains(r.field) else { continue }
            if Self.usesDefaultConversion(group: group, kind: kind) {
                throw SelectorError("\"\(r.field)\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"")
            }
            throw SelectorError("field label not supported: \(r.field)")
        }
        return FieldSelector(requirements: out)
    }

    /// Built-in kinds without their own field-label conversion answer with the generic wording.
    static func usesDefaultConversion(group: String, kind: String) -> Bool {
        let builtinGroup = group.isEmpty || group == "core" || !group.contains(".") || group.hasSuffix(".k8s.io")
        return builtinGroup && supportedFields(group: group, kind: kind) == ["metadata.name", "metadata.namespace"]
    }

    /// The selectable field values of an object, keyed by field label (values as the apiserver renders them).
    public static func fields(of object: JSON, group: String, kind: String) -> [String: String] {
        func s(_ v: JSON) -> String { v.stringValue ?? "" }
        var fields: [String: String] = [
            "metadata.name": s(object[["metadata", "name"]]),
            "metadata.namespace": s(object[["metadata", "namespace"]]),
        ]
        switch (group == "core" ? "" : group, kind) {
        case ("", "Pod"):
            let spec = object["spec"]
            let status = object["status"]
            fields["spec.nodeName"] = s(spec["nodeName"])
            fields["spec.restartPolicy"] = s(spec["restartPolicy"])
            fields["spec.schedulerName"] = s(spec["schedulerName"])
            fields["spec.serviceAccountName"] = s(spec["serviceAccountName"])
            fields["spec.hostNetwork"] = spec["hostNetwork"].boolValue == true ? "true" : "false"
            fields["status.phase"] = s(status["phase"])
            fields["status.podIP"] = status["podIPs"].arrayValue?.first?["ip"].stringValue ?? s(status["podIP"])
            fields["status.nominatedNodeName"] = s(status["nominatedNodeName"])
        case ("", "Event"), ("events.k8s.io", "Event"):
            let event = eventFieldSource(object)
            let involved = event.involved
            for name in ["kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath"] {
                fields["involvedObject." + name] = s(involved[name])
                fields["regarding." + name] = s(involved[name])
            }
            fields["reason"] = s(object["reason"])
            fields["type"] = s(object["type"])
            fields["reportingComponent"] = event.controller
            fields["reportingController"] = event.controller
            fields["source"] = event.source.isEmpty ? event.controller : event.source
        case ("", "Secret"):
            fields["type"] = s(object["type"])
        case ("", "Node"):
            fields["spec.unschedulable"] = object[["spec", "unschedulable"]].boolValue == true ? "true" : "false"
        case ("", "Namespace"):
            fields["status.phase"] = s(object[["status", "phase"]])
        case ("", "ReplicationController"), ("apps", "ReplicaSet"):
            fields["status.replicas"] = String(object[["status", "replicas"]].intValue ?? 0)
        case ("batch", "Job"):
            fields["status.successful"] = String(object[["status", "succeeded"]].intValue ?? 0)
        case ("certificates.k8s.io", "CertificateSigningRequest"):
            fields["spec.signerName"] = s(object[["spec", "signerName"]])
        default:
            break
        }
        return fields
    }

    /// The involved object, reporting controller and source component of a core or events.k8s.io Event.
    static func eventFieldSource(_ event: JSON) -> (involved: JSON, controller: String, source: String) {
        let involved = event["involvedObject"].isNull ? event["regarding"] : event["involvedObject"]
        let controller = event["reportingComponent"].stringValue ?? event["reportingController"].stringValue ?? ""
        let source = event[["source", "component"]].stringValue ?? event[["deprecatedSource", "component"]].stringValue ?? ""
        return (involved, controller, source)
    }
}
