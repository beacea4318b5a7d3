// Pod update rules: only images, activeDeadlineSeconds, added tolerations (and scheduling gates) may change.

extension BuiltinValidation {
    static let updatablePodSpecFields = [
        "`spec.containers[*].image`",
        "`spec.initContainers[*].image`",
        "`spec.activeDeadlineSeconds`",
        "`spec.tolerations` (only additions to existing tolerations)",
        "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
    ]

    static func validatePodUpdate(_ pod: JSON, old: JSON, into e: inout AdmissionErrors) {
        let spec = pod["spec"], oldSpec = old["spec"]
        for key in ["containers", "initContainers"] {
            let new = spec.admArray(key), was = oldSpec.admArray(key)
            if new.count != was.count {
                e.forbidden("spec.\(key)", "pod updates may not add or remove containers")
                return
            }
            for (i, c) in new.enumerated() where c.admText("image").isEmpty {
                e.required("spec.\(key)[\(i)].image")
            }
        }
        if let ads = spec.admInt("activeDeadlineSeconds") {
            if ads < 0 || ads > Int64(Int32.max) {
                e.invalid("spec.activeDeadlineSeconds", int: ads, NameValidation.inclusiveRange(0, Int64(Int32.max)))
                return
            }
            if let was = oldSpec.admInt("activeDeadlineSeconds"), was < ads {
                e.invalid("spec.activeDeadlineSeconds", int: ads, "must be less than or equal to previous value")
                return
            }
        } else if oldSpec.admHas("activeDeadlineSeconds") {
            e.invalid("spec.activeDeadlineSeconds", string: "null", "must not update from a positive integer to nil value")
        }
        let newTolerations = spec.admArray("tolerations")
        for t in oldSpec.admArray("tolerations") {
            var bare = t
            bare["tolerationSeconds"] = .null
            let kept = newTolerations.contains { n in
                var m = n
                m["tolerationSeconds"] = .null
                return m == bare
            }
            if !kept {
                e.forbidden("spec.tolerations", "existing toleration can not be modified except its tolerationSeconds")
                break
            }
        }
        if spec == oldSpec { return }

        var munged = spec
        for key in ["containers", "initContainers"] {
            let was = oldSpec.admArray(key)
            var i = 0
            munged.admEach(key) { c in
                c["image"] = was[i]["image"]
                i += 1
            }
        }
        munged["activeDeadlineSeconds"] = oldSpec["activeDeadlineSeconds"]
        munged["schedulingGates"] = oldSpec["schedulingGates"]
        munged["tolerations"] = oldSpec["tolerations"]
        if let was = oldSpec.admInt("terminationGracePeriodSeconds"), was < 0, munged.admInt("terminationGracePeriodSeconds") == 1 {
            munged["terminationGracePeriodSeconds"] = oldSpec["terminationGracePeriodSeconds"]
        }
        if munged != oldSpec {
            let diff = specDiff(old: oldSpec, new: munged)
            e.forbidden("spec", "pod updates may not change fields other than \(updatablePodSpecFields.joined(separator: ","))\n\(diff)")
        }
    }

    /// A line-per-field account of how two pod specs differ.
    static func specDiff(old: JSON, new: JSON) -> String {
        var lines: [String] = []
        func walk(_ a: JSON, _ b: JSON, _ path: String) {
            guard a != b else { return }
            switch (a, b) {
            case (.object(let x), .object(let y)):
                for key in Set(x.keys).union(y.keys).sorted() {
                    walk(x[key] ?? .null, y[key] ?? .null, path.isEmpty ? key : "\(path).\(key)")
                }
            case (.array(let x), .array(let y)) where x.count == y.count:
                for i in x.indices { walk(x[i], y[i], "\(path)[\(i)]") }
            default:
                if !a.isNull { lines.append("- \t\(path): \(a.text)") }
                if !b.isNull { lines.append("+ \t\(path): \(b.text)") }
            }
        }
        walk(old, new, "")
        return (["  core.PodSpec{"] + lines + ["  }"]).joined(separator: "\n") + "\n"
    }
}
