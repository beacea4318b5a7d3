// Validation of embedded resources (apiVersion, kind) and x-kubernetes-list-type set/map uniqueness.

enum SchemaExtensionChecks {
    static func child(_ path: String?, _ name: String) -> String { path.map { $0 + "." + name } ?? name }
    static func key(_ path: String?, _ key: String) -> String { (path ?? "") + "[\(key)]" }
    static func index(_ path: String?, _ i: Int) -> String { (path ?? "") + "[\(i)]" }

    /// apiVersion/kind checks of every `x-kubernetes-embedded-resource` object below the root.
    static func embedded(_ s: SchemaNode?, _ x: JSON, _ path: String?) -> [FieldError] {
        guard let s else { return [] }
        var errs: [FieldError] = []
        switch x {
        case .object(let members):
            if s.embeddedResource { errs += embeddedResource(members, path) }
            for k in members.keys.sorted() {
                if let prop = s.properties[k] {
                    errs += embedded(prop, members[k]!, child(path, k))
                } else if let extra = s.additional?.schema {
                    errs += embedded(extra, members[k]!, key(path, k))
                }
            }
        case .array(let items):
            for (i, item) in items.enumerated() { errs += embedded(s.items, item, index(path, i)) }
        default: break
        }
        return errs
    }

    static let dns1035Message =
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic "
        + "character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for "
        + "validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"

    static func embeddedResource(_ x: [String: JSON], _ path: String?) -> [FieldError] {
        var errs: [FieldError] = []
        let apiVersionPath = child(path, "apiVersion")
        let kindPath = child(path, "kind")
        if x["apiVersion"] == nil { errs.append(FieldError(.required, field: apiVersionPath)) }
        if x["kind"] == nil { errs.append(FieldError(.required, field: kindPath)) }
        if let v = x["apiVersion"] {
            if let apiVersion = v.stringValue {
                if apiVersion.isEmpty {
                    errs.append(FieldError(.required, field: apiVersionPath))
                } else if apiVersion.filter({ $0 == "/" }).count > 1 {
                    errs.append(
                        FieldError(
                            .invalid, field: apiVersionPath, value: SchemaText.quote(apiVersion),
                            detail: "unexpected GroupVersion string: \(apiVersion)"))
                }
            } else {
                errs.append(
                    FieldError(
                        .invalid, field: apiVersionPath, value: SchemaText.fieldValue(v), detail: "must be a string"))
            }
        }
        if let v = x["kind"] {
            if let kind = v.stringValue {
                if kind.isEmpty {
                    errs.append(FieldError(.required, field: kindPath))
                } else {
                    var problems: [String] = []
                    if kind.utf8.count > 63 { problems.append("must be no more than 63 characters") }
                    if !isDNS1035Label(kind.lowercased()) { problems.append(dns1035Message) }
                    if !problems.isEmpty {
                        errs.append(
                            FieldError(
                                .invalid, field: kindPath, value: SchemaText.quote(kind),
                                detail: "may have mixed case, but should otherwise match: "
                                    + problems.joined(separator: ",")))
                    }
                }
            } else {
                errs.append(
                    FieldError(.invalid, field: kindPath, value: SchemaText.fieldValue(v), detail: "must be a string"))
            }
        }
        return errs
    }

    static func isDNS1035Label(_ s: String) -> Bool {
        let c = Array(s.utf8)
        guard let first = c.first, let last = c.last, (0x61...0x7A).contains(first) else { return false }
        let ok: (UInt8) -> Bool = { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) }
        return ok(last) && c.allSatisfy { ok($0) || $0 == 0x2D }
    }

    /// Uniqueness of `x-kubernetes-list-type: set` items and `map` keys, everywhere in the object.
    static func listTypes(_ s: SchemaNode?, _ obj: [String: JSON], _ path: String?) -> [FieldError] {
        guard let s else { return [] }
        var errs: [FieldError] = []
        let keys = obj.keys.sorted()
        if let extra = s.additional?.schema {
            for k in keys { errs += listTypes(extra, obj[k]!, key(path, k)) }
        }
        for k in keys {
            if let prop = s.properties[k] { errs += listTypes(prop, obj[k]!, child(path, k)) }
        }
        return errs
    }

    static func listTypes(_ s: SchemaNode, _ value: JSON, _ path: String?) -> [FieldError] {
        switch value {
        case .object(let o): return listTypes(s, o, path)
        case .array(let items):
            var errs: [FieldError] = []
            if s.listType == "set" {
                for i in firstRepeats(items) {
                    errs.append(FieldError(.duplicate, field: index(path, i), value: SchemaText.fieldValue(items[i])))
                }
            } else if s.listType == "map" {
                errs += listMap(s, items, path)
            }
            if let itemSchema = s.items {
                for (i, item) in items.enumerated() { errs += listTypes(itemSchema, item, index(path, i)) }
            }
            return errs
        default: return []
        }
    }

    /// Indices of the second occurrence of every repeated value (compounds compared by their JSON text).
    static func firstRepeats(_ items: [JSON]) -> [Int] {
        var seen: [String: Int] = [:]
        var out: [Int] = []
        for (i, x) in items.enumerated() {
            let identity: String
            switch x {
            case .object, .array: identity = "c" + x.text
            case .double(let d): identity = "d" + SchemaText.float(d)
            default: identity = "s" + x.text
            }
            let times = seen[identity, default: 0]
            seen[identity] = times + 1
            if times == 1 { out.append(i) }
        }
        return out
    }

    static func listMap(_ s: SchemaNode, _ items: [JSON], _ path: String?) -> [FieldError] {
        for (i, x) in items.enumerated() where !x.isNull && x.objectValue == nil {
            return [
                FieldError(
                    .invalid, field: index(path, i), value: SchemaText.fieldValue(x),
                    detail: "must be an object for an array of list-type map")
            ]
        }
        guard items.count > 1 else { return [] }
        let keyValues: [JSON] = items.map { x in
            var key: [String: JSON] = [:]
            for k in s.listMapKeys { if let v = x.objectValue?[k] { key[k] = v } }
            return .object(key)
        }
        return firstRepeats(keyValues).map {
            FieldError(.duplicate, field: index(path, $0), value: SchemaText.fieldValue(keyValues[$0]))
        }
    }
}
