// Webhook client configuration rules (an https URL or an in-cluster service), shared by webhooks and CRD conversion.

extension BuiltinValidation {
    static func validateClientConfig(_ cc: JSON, path p: String, into e: inout AdmissionErrors) {
        let url = cc.admString("url"), service = cc["service"]
        switch (url, service.isNull) {
        case (nil, true), (.some, false):
            e.required(p, "exactly one of url or service is required")
        case (.some(let url), true):
            validateWebhookURL(url, path: "\(p).url", into: &e)
        case (nil, false):
            validateWebhookService(service, path: "\(p).service", into: &e)
        }
    }

    static func validateWebhookURL(_ text: String, path: String, into e: inout AdmissionErrors) {
        let form = "; desired format: https://host[/path]"
        var scheme = "", rest = text[...]
        if let r = text.firstRange(of: "://") {
            scheme = text[..<r.lowerBound].lowercased()
            rest = text[r.upperBound...]
        }
        var fragment = "", query = ""
        if let h = rest.firstIndex(of: "#") {
            fragment = String(rest[rest.index(after: h)...])
            rest = rest[..<h]
        }
        if let q = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: q)...])
            rest = rest[..<q]
        }
        var authority = scheme.isEmpty ? "" : String(rest.prefix { $0 != "/" })
        var user: String?
        if let at = authority.lastIndex(of: "@") {
            user = String(authority[..<at])
            authority = String(authority[authority.index(after: at)...])
        }
        if scheme != "https" { e.invalid(path, string: scheme, "'https' is the only allowed URL scheme" + form) }
        if authority.isEmpty { e.invalid(path, string: authority, "host must be specified" + form) }
        if let user { e.invalid(path, string: user, "user information is not permitted in the URL") }
        if !fragment.isEmpty { e.invalid(path, string: fragment, "fragments are not permitted in the URL") }
        if !query.isEmpty { e.invalid(path, string: query, "query parameters are not permitted in the URL") }
    }

    static func validateWebhookService(_ svc: JSON, path p: String, into e: inout AdmissionErrors) {
        if svc.admText("name").isEmpty { e.required("\(p).name", "service name is required") }
        if svc.admText("namespace").isEmpty { e.required("\(p).namespace", "service namespace is required") }
        let port = svc.admInt("port") ?? 443
        let errs = NameValidation.portNumber(port)
        if !errs.isEmpty { e.invalid("\(p).port", int: port, "port is not valid: " + errs.joined(separator: ", ")) }
        guard let urlPath = svc.admString("path"), !urlPath.isEmpty, urlPath != "/" else { return }
        if urlPath == "//" {
            e.invalid("\(p).path", string: urlPath, "segment[0] may not be empty")
            return
        }
        if !urlPath.hasPrefix("/") { e.invalid("\(p).path", string: urlPath, "must start with a '/'") }
        var check = Substring(urlPath).dropFirst()
        if check.hasSuffix("/") { check = check.dropLast() }
        for (i, step) in check.split(separator: "/", omittingEmptySubsequences: false).enumerated() {
            if step.isEmpty {
                e.invalid("\(p).path", string: urlPath, "segment[\(i)] may not be empty")
                continue
            }
            for failure in NameValidation.dns1123Subdomain(String(step)) {
                e.invalid("\(p).path", string: urlPath, "segment[\(i)]: \(failure)")
            }
        }
    }
}
