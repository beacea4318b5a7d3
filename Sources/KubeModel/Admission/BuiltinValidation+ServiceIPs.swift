// Service cluster IP rules: clusterIP/clusterIPs consistency, IP families, and their immutability on update.

extension BuiltinValidation {
    /// `spec.clusterIPs` as the server normalises it: derived from `spec.clusterIP` when only that is given,
    /// and following a changed `clusterIP` when `clusterIPs` was left as stored.
    static func effectiveClusterIPs(_ svc: JSON, old: JSON?) -> [String] {
        let spec = svc["spec"]
        let ip = spec.admText("clusterIP")
        var ips = spec.admStrings("clusterIPs")
        if let old {
            let oldSpec = old["spec"]
            if ips == oldSpec.admStrings("clusterIPs") && ip != oldSpec.admText("clusterIP") && !ip.isEmpty {
                if ips.isEmpty { ips = [ip] } else { ips[0] = ip }
            }
        }
        if ips.isEmpty && !ip.isEmpty { ips = [ip] }
        return ips
    }

    static func validateClusterIPs(_ ips: [String], spec: JSON, into e: inout AdmissionErrors) {
        let clusterIP = spec.admText("clusterIP")
        if !clusterIP.isEmpty, let first = ips.first, first != clusterIP {
            e.invalid("spec.clusterIPs", AdmissionGoFormat.stringSlice(ips), "first value must match `clusterIP`")
        }
        let families = spec.admStrings("ipFamilies")
        var seen = Set<String>()
        for (i, f) in families.enumerated() {
            if f != "IPv4" && f != "IPv6" { e.notSupported("spec.ipFamilies[\(i)]", f, ["IPv4", "IPv6"]) }
            if !seen.insert(f).inserted { e.duplicate("spec.ipFamilies[\(i)]", AdmissionGoFormat.quote(f)) }
        }
        if let policy = spec.admString("ipFamilyPolicy"), !["PreferDualStack", "RequireDualStack", "SingleStack"].contains(policy) {
            e.notSupported("spec.ipFamilyPolicy", policy, ["PreferDualStack", "RequireDualStack", "SingleStack"])
        }
        var invalid = false
        var parsed: [AdmissionIP] = []
        for (i, ip) in ips.enumerated() {
            if i == 0 && ip == "None" {
                if ips.count > 1 {
                    invalid = true
                    e.invalid("spec.clusterIPs", AdmissionGoFormat.stringSlice(ips), "'None' must be the first and only value")
                }
                continue
            }
            if let a = AdmissionIP(ip) {
                parsed.append(a)
            } else {
                invalid = true
                e.invalid("spec.clusterIPs[\(i)]", string: ip, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)")
            }
        }
        if ips.count > 2 { e.invalid("spec.clusterIPs", AdmissionGoFormat.stringSlice(ips), "may only hold up to 2 values") }
        if invalid { return }
        if parsed.count == 2 && parsed[0].isIPv4 == parsed[1].isIPv4 {
            e.invalid("spec.clusterIPs", AdmissionGoFormat.stringSlice(ips), "may specify no more than one IP for each IP family")
        }
        guard ips != ["None"] else { return }
        for (i, ip) in parsed.enumerated() where i < families.count {
            if families[i] == "IPv4" && !ip.isIPv4 {
                e.invalid("spec.clusterIPs[\(i)]", string: ips[i], "expected an IPv4 value as indicated by `ipFamilies[\(i)]`")
            }
            if families[i] == "IPv6" && ip.isIPv4 {
                e.invalid("spec.clusterIPs[\(i)]", string: ips[i], "expected an IPv6 value as indicated by `ipFamilies[\(i)]`")
            }
        }
    }

    /// Upstream's IsValidIP followed by ValidateNonSpecialIP.
    static func validateNonSpecialIP(_ text: String, path: String, into e: inout AdmissionErrors) {
        guard let ip = AdmissionIP(text) else {
            e.invalid(path, string: text, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)")
            return
        }
        if ip.isUnspecified { e.invalid(path, string: text, "may not be unspecified (\(text))") }
        if ip.isLoopback { e.invalid(path, string: text, "may not be in the loopback range (127.0.0.0/8, ::1/128)") }
        if ip.isLinkLocalUnicast { e.invalid(path, string: text, "may not be in the link-local range (169.254.0.0/16, fe80::/10)") }
        if ip.isLinkLocalMulticast {
            e.invalid(path, string: text, "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)")
        }
    }

    /// Cluster IPs may not change once allocated, except to or from ExternalName; the primary IP family is fixed.
    static func validateServiceUpdate(_ svc: JSON, old: JSON, clusterIPs: [String], into e: inout AdmissionErrors) {
        let spec = svc["spec"], oldSpec = old["spec"]
        guard spec.admText("type") != "ExternalName" && oldSpec.admText("type") != "ExternalName" else { return }
        let oldIPs = effectiveClusterIPs(old, old: nil)
        let newHeadless = clusterIPs == ["None"], oldHeadless = oldIPs == ["None"]
        if newHeadless && oldHeadless { return }
        let rendered = AdmissionGoFormat.stringSlice(clusterIPs)
        // An update that leaves the cluster IPs out keeps the stored ones.
        if !clusterIPs.isEmpty {
            if oldIPs.count == clusterIPs.count {
                for (i, ip) in oldIPs.enumerated() where ip != clusterIPs[i] {
                    e.invalid("spec.clusterIPs[\(i)]", rendered, "may not change once set")
                }
            } else if let first = oldIPs.first, first != clusterIPs[0] {
                e.invalid("spec.clusterIPs[0]", rendered, "may not change once set")
            } else if oldIPs.count > clusterIPs.count && clusterIPs.count == 1 && spec.admString("ipFamilyPolicy") != "SingleStack" {
                e.invalid("spec.ipFamilyPolicy", AdmissionGoFormat.scalar(spec["ipFamilyPolicy"]),
                          "must be set to 'SingleStack' when releasing the secondary clusterIP")
            }
        }
        if newHeadless != oldHeadless { return }
        let families = spec.admStrings("ipFamilies"), oldFamilies = oldSpec.admStrings("ipFamilies")
        if let f = families.first, let of = oldFamilies.first, f != of {
            e.invalid("spec.ipFamilies[0]", AdmissionGoFormat.stringSlice(families, type: "[]core.IPFamily"), "may not change once set")
        }
        if oldSpec.admText("type") == "LoadBalancer" && spec.admText("type") == "LoadBalancer"
            && spec["loadBalancerClass"] != oldSpec["loadBalancerClass"] {
            e.invalid("spec.loadBalancerClass", AdmissionGoFormat.scalar(spec["loadBalancerClass"]), "may not change once set")
        }
        let oldNeedsHC = oldSpec.admText("type") == "LoadBalancer" && oldSpec.admText("externalTrafficPolicy") == "Local"
        let newNeedsHC = spec.admText("type") == "LoadBalancer" && spec.admText("externalTrafficPolicy") == "Local"
        if oldNeedsHC && newNeedsHC && spec.admInt("healthCheckNodePort") != oldSpec.admInt("healthCheckNodePort")
            && spec.admHas("healthCheckNodePort") {
            e.forbidden("spec.healthCheckNodePort", "field is immutable")
        }
    }
}
