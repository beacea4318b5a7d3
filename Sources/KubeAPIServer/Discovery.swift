import KubeModel

/// Builds the discovery documents kubectl reads to map kinds and short names to resources.
struct Discovery {
    let resources: [APIResource]

    /// Groups in discovery order, each with its versions (preferred first) and their resources.
    private var groups: [(name: String, versions: [(version: String, resources: [APIResource])])] {
        var order: [String] = []
        var byGroup: [String: [String: [APIResource]]] = [:]
        var versionOrder: [String: [String]] = [:]
        for r in resources {
            if byGroup[r.group] == nil { order.append(r.group) }
            if byGroup[r.group]?[r.version] == nil { versionOrder[r.group, default: []].append(r.version) }
            byGroup[r.group, default: [:]][r.version, default: []].append(r)
        }
        return order.map { g in
            let versions = CRDVersions.versionPriorityOrder(versionOrder[g] ?? [])
            return (g, versions.map { v in (v, byGroup[g]![v]!) })
        }
    }

    private static func subresourceKind(_ sub: String, of r: APIResource) -> (group: String, version: String, kind: String) {
        switch sub {
        case "scale": return ("autoscaling", "v1", "Scale")
        case "exec": return ("", "v1", "PodExecOptions")
        case "portforward": return ("", "v1", "PodPortForwardOptions")
        case "binding": return ("", "v1", "Binding")
        case "eviction": return ("policy", "v1", "Eviction")
        case "token": return ("authentication.k8s.io", "v1", "TokenRequest")
        default: return (r.group, r.version, r.kind)
        }
    }

    private static func subresourceVerbs(_ sub: String) -> [String] {
        switch sub {
        case "status", "scale": return ["get", "patch", "update"]
        case "exec", "portforward": return ["create", "get"]
        case "log": return ["get"]
        case "binding", "eviction", "token": return ["create"]
        case "finalize": return ["update"]
        default: return ["get"]
        }
    }

    private static func aggregatedEntry(_ r: APIResource) -> JSON {
        var e: JSON = [
            "resource": .string(r.resource),
            "responseKind": ["group": .string(r.group), "version": .string(r.version), "kind": .string(r.kind)],
            "scope": r.namespaced ? "Namespaced" : "Cluster",
            "singularResource": .string(r.singular),
            "verbs": .array(r.verbs.map { .string($0) }),
        ]
        if !r.shortNames.isEmpty { e["shortNames"] = .array(r.shortNames.map { .string($0) }) }
        if !r.categories.isEmpty { e["categories"] = .array(r.categories.map { .string($0) }) }
        if !r.subresources.isEmpty {
            e["subresources"] = .array(r.subresources.map { sub in
                let k = subresourceKind(sub, of: r)
                return [
                    "subresource": .string(sub),
                    "responseKind": ["group": .string(k.group), "version": .string(k.version), "kind": .string(k.kind)],
                    "verbs": .array(subresourceVerbs(sub).map { .string($0) }),
                ]
            })
        }
        return e
    }

    /// `apidiscovery.k8s.io/v2` APIGroupDiscoveryList for `/api` (core) or `/apis` (named groups).
    func aggregated(core: Bool) -> JSON {
        let items: [JSON] = groups.filter { ($0.name.isEmpty) == core }.map { g in
            [
                "metadata": g.name.isEmpty ? [:] : ["name": .string(g.name)],
                "versions": .array(g.versions.map { v in
                    ["version": .string(v.version), "freshness": "Current",
                     "resources": .array(v.resources.map(Self.aggregatedEntry))]
                }),
            ]
        }
        return ["kind": "APIGroupDiscoveryList", "apiVersion": "apidiscovery.k8s.io/v2", "metadata": [:],
                "items": .array(items)]
    }

    /// Legacy `APIVersions` for `/api`.
    func legacyCore(serverAddress: String) -> JSON {
        ["kind": "APIVersions", "versions": ["v1"],
         "serverAddressByClientCIDRs": [["clientCIDR": "0.0.0.0/0", "serverAddress": .string(serverAddress)]]]
    }

    private static func groupJSON(_ name: String, _ versions: [String]) -> JSON {
        let vs: [JSON] = versions.map { ["groupVersion": .string("\(name)/\($0)"), "version": .string($0)] }
        return ["name": .string(name), "versions": .array(vs), "preferredVersion": vs.first ?? .null]
    }

    /// Legacy `APIGroupList` for `/apis`.
    func legacyGroups() -> JSON {
        let gs: [JSON] = groups.filter { !$0.name.isEmpty }.map { Self.groupJSON($0.name, $0.versions.map(\.version)) }
        return ["kind": "APIGroupList", "apiVersion": "v1", "groups": .array(gs)]
    }

    /// Legacy `APIGroup` for `/apis/<group>`; nil if not served.
    func legacyGroup(_ name: String) -> JSON? {
        guard let g = groups.first(where: { $0.name == name && !name.isEmpty }) else { return nil }
        var j = Self.groupJSON(g.name, g.versions.map(\.version))
        j["kind"] = "APIGroup"
        j["apiVersion"] = "v1"
        return j
    }

    /// Legacy `APIResourceList` for one group version; nil if not served.
    func resourceList(group: String, version: String) -> JSON? {
        let rs = resources.filter { $0.group == group && $0.version == version }
        guard !rs.isEmpty else { return nil }
        var entries: [JSON] = []
        for r in rs {
            var e: JSON = ["name": .string(r.resource), "singularName": .string(r.singular), "namespaced": .bool(r.namespaced),
                           "kind": .string(r.kind), "verbs": .array(r.verbs.map { .string($0) })]
            if !r.shortNames.isEmpty { e["shortNames"] = .array(r.shortNames.map { .string($0) }) }
            if !r.categories.isEmpty { e["categories"] = .array(r.categories.map { .string($0) }) }
            entries.append(e)
            for sub in r.subresources {
                let k = Self.subresourceKind(sub, of: r)
                var s: JSON = ["name": .string("\(r.resource)/\(sub)"), "singularName": "", "namespaced": .bool(r.namespaced),
                               "kind": .string(k.kind), "verbs": .array(Self.subresourceVerbs(sub).map { .string($0) })]
                if !k.group.isEmpty { s["group"] = .string(k.group); s["version"] = .string(k.version) }
                entries.append(s)
            }
        }
        let gv = group.isEmpty ? version : "\(group)/\(version)"
        return ["kind": "APIResourceList", "apiVersion": "v1", "groupVersion": .string(gv), "resources": .array(entries)]
    }
}
