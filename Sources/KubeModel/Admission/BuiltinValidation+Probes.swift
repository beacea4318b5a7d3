// Probe and lifecycle handler validation (exec, httpGet, tcpSocket, grpc, sleep).

extension BuiltinValidation {
    static func validateProbes(_ c: JSON, grace: Int64?, path p: String, into e: inout AdmissionErrors) {
        for key in ["livenessProbe", "readinessProbe", "startupProbe"] where c.admHas(key) {
            let probe = c[key], pp = "\(p).\(key)"
            validateHandler(probe, grace: grace, allowGRPC: true, path: pp, into: &e)
            for field in ["initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"] {
                e.nonNegative("\(pp).\(field)", probe.admInt(field))
            }
            if let t = probe.admInt("terminationGracePeriodSeconds"), t <= 0 {
                e.invalid("\(pp).terminationGracePeriodSeconds", int: t, "must be greater than 0")
            }
            if key == "readinessProbe" {
                if let t = probe.admInt("terminationGracePeriodSeconds") {
                    e.invalid("\(pp).terminationGracePeriodSeconds", int: t, "must not be set for readinessProbes")
                }
            } else if let s = probe.admInt("successThreshold"), s != 1 {
                e.invalid("\(pp).successThreshold", int: s, "must be 1")
            }
        }
    }

    static func validateLifecycle(_ lifecycle: JSON, grace: Int64?, path: String, into e: inout AdmissionErrors) {
        for key in ["postStart", "preStop"] where lifecycle.admHas(key) {
            validateHandler(lifecycle[key], grace: grace, allowGRPC: false, path: "\(path).\(key)", into: &e)
        }
    }

    /// Exactly one handler type, each checked as upstream checks it.
    static func validateHandler(_ h: JSON, grace: Int64?, allowGRPC: Bool, path: String, into e: inout AdmissionErrors) {
        var count = 0
        let kinds = allowGRPC ? ["exec", "httpGet", "tcpSocket", "grpc", "sleep"] : ["exec", "httpGet", "tcpSocket", "sleep"]
        for kind in kinds where h.admHas(kind) {
            let p = "\(path).\(kind)", v = h[kind]
            if count > 0 {
                e.forbidden(p, "may not specify more than 1 handler type")
                continue
            }
            count += 1
            switch kind {
            case "exec":
                if v.admArray("command").isEmpty { e.required("\(p).command") }
            case "httpGet":
                if v.admText("path").isEmpty { e.required("\(p).path") }
                validatePortNumOrName(v["port"], path: "\(p).port", into: &e)
                let scheme = v.admText("scheme")
                if scheme != "HTTP" && scheme != "HTTPS" { e.notSupported("\(p).scheme", scheme, ["HTTP", "HTTPS"]) }
                for header in v.admArray("httpHeaders") {
                    let name = header.admText("name")
                    let u = Array(name.utf8)
                    if u.isEmpty || !u.allSatisfy({ NameValidation.isAlnum($0) || $0 == UInt8(ascii: "-") }) {
                        e.invalid("\(p).httpHeaders", string: name, NameValidation.regexError(
                            "a valid HTTP header must consist of alphanumeric characters or '-'", "[-A-Za-z0-9]+", ["X-Header-Name"]))
                    }
                }
            case "tcpSocket":
                validatePortNumOrName(v["port"], path: "\(p).port", into: &e)
            case "grpc":
                let port = v.admInt("port") ?? 0
                for m in NameValidation.portNumber(port) { e.invalid("\(p).port", int: port, m) }
            default:
                let seconds = v.admInt("seconds") ?? 0
                if let grace, seconds <= 0 || seconds > grace {
                    e.invalid(p, int: seconds, "must be greater than 0 and less than terminationGracePeriodSeconds (\(grace))")
                }
            }
        }
        if count == 0 { e.required(path, "must specify a handler type") }
    }
}
