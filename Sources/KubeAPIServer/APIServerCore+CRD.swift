import KubeModel
import KubeStorage

extension APIServerCore {
    static let crdResource = BuiltinResources.all.first { $0.resource == "customresourcedefinitions" }!

    /// Serves (or re-serves) a CRD's versions and marks it Established.
    func crdChanged(_ crd: JSON) async {
        guard crd.deletionTimestamp == nil else { return }
        let versions = servedVersions(of: crd)
        registry.setCustom(crdName: crd.name, versions: versions)
        let accepted: JSON = ["type": "NamesAccepted", "status": "True", "reason": "NoConflicts",
                              "message": "no conflicts found", "lastTransitionTime": .string(Timestamp.format(now))]
        let established: JSON = ["type": "Established", "status": "True", "reason": "InitialNamesAccepted",
                                 "message": "the initial names have been accepted",
                                 "lastTransitionTime": .string(Timestamp.format(now))]
        let wanted: JSON = ["conditions": [accepted, established], "acceptedNames": crd[["spec", "names"]],
                            "storedVersions": .array(versions.filter { $0.resource.storageVersion == $0.resource.version }
                                .map { .string($0.resource.version) })]
        let types = crd[["status", "conditions"]].arrayValue?.compactMap { $0["type"].stringValue } ?? []
        if crd[["status", "acceptedNames"]] == wanted["acceptedNames"], types.contains("Established") { return }
        var next = crd
        next["status"] = wanted
        let k = ObjectKey(collection: Self.crdResource.collection, namespace: "", name: crd.name)
        _ = try? await store.update(k, next, expected: KubeStore.revision(of: crd))
    }

    /// The resources a CRD defines, one per served version.
    func servedVersions(of crd: JSON) -> [CustomResourceVersion] {
        let spec = crd["spec"]
        guard let group = spec["group"].stringValue, let plural = spec[["names", "plural"]].stringValue,
            let kind = spec[["names", "kind"]].stringValue
        else { return [] }
        let singular = spec[["names", "singular"]].stringValue ?? kind.lowercased()
        let shortNames = spec[["names", "shortNames"]].arrayValue?.compactMap(\.stringValue) ?? []
        let categories = spec[["names", "categories"]].arrayValue?.compactMap(\.stringValue) ?? []
        let namespaced = spec["scope"].stringValue != "Cluster"
        let all = spec["versions"].arrayValue ?? []
        let storage = all.first { $0["storage"].boolValue == true }?["name"].stringValue
        let served = all.filter { $0["served"].boolValue != false }
        let order = CRDVersions.versionPriorityOrder(served.compactMap { $0["name"].stringValue })
        return order.compactMap { name in
            guard let v = served.first(where: { $0["name"].stringValue == name }) else { return nil }
            var subs: [String] = []
            if !v[["subresources", "status"]].isNull { subs.append("status") }
            if !v[["subresources", "scale"]].isNull { subs.append("scale") }
            let r = APIResource(group: group, version: name, resource: plural, singular: singular, kind: kind,
                                namespaced: namespaced, shortNames: shortNames, categories: categories,
                                subresources: subs, storageVersion: storage ?? name, isCustom: true)
            let schema = v[["schema", "openAPIV3Schema"]]
            let columns = v["additionalPrinterColumns"]
            return CustomResourceVersion(resource: r, schema: schema.isNull ? nil : schema,
                                         structural: schema.isNull ? nil : try? StructuralSchema(json: schema),
                                         printerColumns: columns.isNull ? nil : columns, crdName: crd.name)
        }
    }

    /// Stops serving a deleted CRD and removes every object of its kind.
    func crdDeleted(_ crd: JSON) async {
        let versions = servedVersions(of: crd)
        registry.removeCustom(crdName: crd.name)
        guard let r = versions.first?.resource else { return }
        for obj in await store.list(collection: r.collection, namespace: nil).items {
            _ = try? await store.delete(key(r, obj.namespace, obj.name))
        }
    }

    /// Serves every stored CRD (at start-up).
    func loadCustomResources() async {
        for crd in await store.list(collection: Self.crdResource.collection, namespace: nil).items {
            await crdChanged(crd)
        }
    }
}
