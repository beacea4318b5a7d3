// Small formatting rules shared by the built-in printers (labels, container lists, numbers).

/// Cell formatting helpers that mirror the upstream printers' conventions.
enum TableCellFormat {
    /// A string member, or "" when absent (Go's zero value).
    static func string(_ v: JSON) -> String { v.stringValue ?? "" }

    /// An integer member, or 0 when absent.
    static func int(_ v: JSON) -> Int64 { v.intValue ?? 0 }

    /// The number of entries in an array or object member (0 when absent).
    static func count(_ v: JSON) -> Int64 {
        switch v {
        case .array(let a): return Int64(a.count)
        case .object(let o): return Int64(o.count)
        default: return 0
        }
    }

    /// `labels.FormatLabels`: `k=v` pairs sorted by key and comma-joined, `<none>` when empty.
    static func labels(_ v: JSON) -> String {
        guard let o = v.objectValue, !o.isEmpty else { return "<none>" }
        return o.keys.sorted().map { "\($0)=\(o[$0]?.stringValue ?? "")" }.joined(separator: ",")
    }

    /// `metav1.FormatLabelSelector`: the canonical selector text, `<none>` when empty, `<error>` when invalid.
    static func labelSelector(_ v: JSON) -> String {
        guard let selector = try? LabelSelector(json: v) else { return "<error>" }
        let text = selector.description
        return text.isEmpty ? "<none>" : text
    }

    /// Comma-joined container names and images of a pod spec (`layoutContainerCells`).
    static func containers(_ podSpec: JSON) -> (names: String, images: String) {
        let list = podSpec["containers"].arrayValue ?? []
        let names = list.map { string($0["name"]) }.joined(separator: ",")
        let images = list.map { string($0["image"]) }.joined(separator: ",")
        return (names, images)
    }

    /// Up to three items comma-joined, then ` + N more...`; `<unset>` when there are none (`listWithMoreString`).
    static func listWithMore(_ items: [String], limit: Int = 3) -> String {
        if items.isEmpty { return "<unset>" }
        let shown = items.prefix(limit).joined(separator: ",")
        return items.count > limit ? "\(shown) + \(items.count - limit) more..." : shown
    }

    /// `net.JoinHostPort`: brackets IPv6 hosts.
    static func hostPort(_ host: String, _ port: Int64) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Text for a JSON scalar as Go's `fmt.Print` would show it; compact JSON for objects and arrays.
    static func text(_ v: JSON) -> String? {
        switch v {
        case .null: return nil
        case .string(let s): return s
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d):
            if d.isFinite, d.rounded() == d, abs(d) < 1e18 { return String(Int64(d)) }
            return "\(d)"
        case .array, .object: return v.text
        }
    }
}
