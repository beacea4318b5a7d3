// Namespace, Endpoints and Lease validation.

extension BuiltinValidation {
    static let standardFinalizers: Set<String> = ["kubernetes", "orphan", "foregroundDeletion"]

    static func validateNamespace(_ ns: JSON, into e: inout AdmissionErrors) {
        AdmissionMeta.validate(ns, rule: .label, into: &e)
        for f in ns["spec"].admStrings("finalizers") {
            e.invalid("spec.finalizers", string: f, messages: NameValidation.qualifiedName(f))
            if !f.contains("/") && !standardFinalizers.contains(f) {
                e.invalid("spec.finalizers", string: f, "name is neither a standard finalizer name nor is it fully qualified")
            }
        }
    }

    static func validateEndpoints(_ ep: JSON, into e: inout AdmissionErrors) {
        AdmissionMeta.validate(ep, rule: .subdomain, into: &e)
        for (i, subset) in ep.admArray("subsets").enumerated() {
            let p = "subsets[\(i)]"
            let addresses = subset.admArray("addresses"), notReady = subset.admArray("notReadyAddresses")
            if addresses.isEmpty && notReady.isEmpty { e.required(p, "must specify `addresses` or `notReadyAddresses`") }
            for (key, list) in [("addresses", addresses), ("notReadyAddresses", notReady)] {
                for (j, a) in list.enumerated() {
                    let ap = "\(p).\(key)[\(j)]"
                    validateNonSpecialIP(a.admText("ip"), path: "\(ap).ip", into: &e)
                    let host = a.admText("hostname")
                    if !host.isEmpty { e.invalid("\(ap).hostname", string: host, messages: NameValidation.dns1123Label(host)) }
                    if let node = a.admString("nodeName") {
                        e.invalid("\(ap).nodeName", string: node, messages: NameValidation.dns1123Subdomain(node))
                    }
                }
            }
            let ports = subset.admArray("ports")
            for (j, port) in ports.enumerated() {
                let pp = "\(p).ports[\(j)]"
                let name = port.admText("name")
                if ports.count > 1 && name.isEmpty {
                    e.required("\(pp).name")
                } else if !name.isEmpty {
                    e.invalid("\(pp).name", string: name, messages: NameValidation.dns1123Label(name))
                }
                let n = port.admInt("port") ?? 0
                for m in NameValidation.portNumber(n) { e.invalid("\(pp).port", int: n, m) }
                validateProtocol(port, path: pp, into: &e)
                if let app = port.admString("appProtocol") {
                    e.invalid("\(pp).appProtocol", string: app, messages: NameValidation.qualifiedName(app))
                }
            }
        }
    }

    static func validateLease(_ lease: JSON, into e: inout AdmissionErrors) {
        AdmissionMeta.validate(lease, rule: .subdomain, into: &e)
        let spec = lease["spec"]
        if let d = spec.admInt("leaseDurationSeconds"), d <= 0 {
            e.invalid("spec.leaseDurationSeconds", int: d, "must be greater than 0")
        }
        if let t = spec.admInt("leaseTransitions"), t < 0 {
            e.invalid("spec.leaseTransitions", int: t, "must be greater than or equal to 0")
        }
    }
}
