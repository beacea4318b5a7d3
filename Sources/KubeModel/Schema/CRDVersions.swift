// The served versions of an apiextensions.k8s.io/v1 CustomResourceDefinition, in Kubernetes version priority order.

/// Reads `spec.versions` of a CRD and orders versions as kube-apiserver's discovery does.
public enum CRDVersions {
    /// The served versions of `crd` (highest priority first): name, whether it is the storage version, its
    /// `schema.openAPIV3Schema`, `additionalPrinterColumns` and `subresources`.
    public static func servedVersions(crd: JSON)
        -> [(name: String, storage: Bool, schema: JSON?, printerColumns: JSON?, subresources: JSON?)]
    {
        var byName: [String: (name: String, storage: Bool, schema: JSON?, printerColumns: JSON?, subresources: JSON?)] =
            [:]
        for v in crd[["spec", "versions"]].arrayValue ?? [] {
            guard let name = v["name"].stringValue, !name.isEmpty, v["served"].boolValue == true, byName[name] == nil
            else {
                continue
            }
            let schema = v[["schema", "openAPIV3Schema"]]
            let columns = v["additionalPrinterColumns"]
            let subresources = v["subresources"]
            byName[name] = (
                name: name, storage: v["storage"].boolValue ?? false,
                schema: SchemaText.present(schema), printerColumns: SchemaText.present(columns),
                subresources: SchemaText.present(subresources)
            )
        }
        return versionPriorityOrder(Array(byName.keys)).map { byName[$0]! }
    }

    /// Sorts version names by Kubernetes version priority: GA before beta before alpha, higher major then higher
    /// minor first (`v2 > v1 > v1beta2 > v1beta1 > v1alpha1`), then non-Kubernetes names alphabetically.
    public static func versionPriorityOrder(_ names: [String]) -> [String] {
        names.sorted { a, b in
            switch (CRDVersionName(a), CRDVersionName(b)) {
            case (let x?, let y?): return x.outranks(y)
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return a < b
            }
        }
    }
}

/// A version name of the form `v<major>`, `v<major>beta<minor>` or `v<major>alpha<minor>`.
struct CRDVersionName {
    /// 2 for GA, 1 for beta, 0 for alpha.
    let stability: Int
    let major: UInt64
    let minor: UInt64

    init?(_ name: String) {
        let u = Array(name.utf8)
        guard u.first == UInt8(ascii: "v") else { return nil }
        var i = 1
        func number() -> UInt64? {
            let start = i
            while i < u.count, (0x30...0x39).contains(u[i]) { i += 1 }
            guard i > start else { return nil }
            return UInt64(String(decoding: u[start..<i], as: UTF8.self))
        }
        guard let major = number() else { return nil }
        self.major = major
        if i == u.count {
            stability = 2
            minor = 0
            return
        }
        let rest = String(decoding: u[i...], as: UTF8.self)
        if rest.hasPrefix("beta") {
            stability = 1
            i += 4
        } else if rest.hasPrefix("alpha") {
            stability = 0
            i += 5
        } else {
            return nil
        }
        guard let minor = number(), i == u.count else { return nil }
        self.minor = minor
    }

    /// Whether this version sorts before `other` in priority order.
    func outranks(_ other: CRDVersionName) -> Bool {
        if stability != other.stability { return stability > other.stability }
        if major != other.major { return major > other.major }
        return minor > other.minor
    }
}
