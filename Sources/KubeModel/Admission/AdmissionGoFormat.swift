// Renders offending values the way kube-apiserver prints them in field errors (Go's %q and %#v forms).

enum AdmissionGoFormat {
    /// A string quoted like Go's `%q`.
    static func quote(_ s: String) -> String {
        SchemaText.quote(s)
    }

    /// A `map[string]string` as `%#v` prints it (sorted keys; nil and empty distinguished).
    static func stringMap(_ m: [String: String]?) -> String {
        guard let m else { return "map[string]string(nil)" }
        let body = m.keys.sorted().map { quote($0) + ":" + quote(m[$0]!) }.joined(separator: ", ")
        return "map[string]string{" + body + "}"
    }

    /// A slice of strings as `%#v` prints it, under the given Go type name.
    static func stringSlice(_ items: [String]?, type: String = "[]string") -> String {
        guard let items else { return type + "(nil)" }
        return type + "{" + items.map(quote).joined(separator: ", ") + "}"
    }

    /// An `intstr.IntOrString` as `%#v` prints it.
    static func intOrString(_ v: JSON) -> String {
        if let s = v.stringValue { return "intstr.IntOrString{Type:1, IntVal:0, StrVal:\(quote(s))}" }
        return "intstr.IntOrString{Type:0, IntVal:\(v.intValue ?? 0), StrVal:\"\"}"
    }

    /// A `metav1.LabelSelector` as `%#v` prints it.
    static func labelSelector(_ sel: JSON) -> String {
        let labels = sel["matchLabels"].objectValue.map { $0.compactMapValues(\.stringValue) }
        var exprs = "[]v1.LabelSelectorRequirement(nil)"
        if let list = sel["matchExpressions"].arrayValue {
            let items = list.map { e in
                "v1.LabelSelectorRequirement{Key:\(quote(e["key"].stringValue ?? "")), Operator:\(quote(e["operator"].stringValue ?? "")), Values:\(stringSlice(e["values"].arrayValue?.compactMap(\.stringValue)))}"
            }
            exprs = "[]v1.LabelSelectorRequirement{" + items.joined(separator: ", ") + "}"
        }
        return "v1.LabelSelector{MatchLabels:\(stringMap(labels)), MatchExpressions:\(exprs)}"
    }

    /// A JSON value shown the way a simple Go value would be: strings quoted, numbers and booleans bare.
    static func scalar(_ v: JSON) -> String {
        switch v {
        case .string(let s): return quote(s)
        case .int(let i): return String(i)
        case .double(let d): return d.rounded() == d && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        default: return v.text
        }
    }
}
