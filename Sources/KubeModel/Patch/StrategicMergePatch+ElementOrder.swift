// Strategic merge patch's `$setElementOrder/<field>` directive: the final order of a merged list.

extension StrategicMergePatch {
    /// Merges `patch[field]` into `original[field]` and orders the result by the `$setElementOrder` list `order`:
    /// listed elements in that order, server-only elements kept where they stood among them.
    /// Lists that do not merge are left to the ordinary field merge and the order is ignored.
    static func applyElementOrder(
        _ order: JSON, field: String, original: inout [String: JSON], patch: inout [String: JSON], _ schema: PatchSchema
    ) throws(PatchError) {
        guard case .array(let orderList) = order else { throw PatchError("invalid patch format of setElementOrder list") }
        guard schema.mergesLists else { return }
        let key = schema.mergeKey
        var patchList: [JSON]? = nil
        if let value = patch[field], !value.isNull {
            guard case .array(let list) = value else {
                throw PatchError("invalid patch format of setElementOrder list: \(field) is not a list")
            }
            patchList = list
        }
        var storedList: [JSON]? = nil
        if let value = original[field], !value.isNull {
            guard case .array(let list) = value else {
                throw PatchError("invalid patch format of setElementOrder list: stored \(field) is not a list")
            }
            storedList = list
        }
        if let patchList { try validateOrder(patchList, orderList, key: key) }

        let merged: [JSON]
        switch (storedList, patchList) {
        case (let stored?, nil): merged = stored
        case (nil, let list?): merged = try adopt(.array(list), schema)?.arrayValue ?? []
        case (let stored?, let list?): merged = try mergeList(stored, list, schema, deleting: false)
        case (nil, nil): return
        }
        patch.removeValue(forKey: field)

        var listed: [JSON] = []
        var serverOnly: [JSON] = []
        for element in merged {
            if key != nil, element.objectValue?[key!] == nil {
                throw missingMergeKey(element.objectValue ?? [:], key!)
            }
            if position(of: element, in: orderList, key: key) != nil {
                listed.append(element)
            } else {
                serverOnly.append(element)
            }
        }
        original[field] = .array(ordered(listed, serverOnly, patchOrder: orderList, serverOrder: storedList ?? [], key: key))
    }

    /// Checks that the patch list names its (non-deleted) elements in the same relative order as the order list.
    static func validateOrder(_ patchList: [JSON], _ orderList: [JSON], key: String?) throws(PatchError) {
        if patchList.isEmpty || orderList.isEmpty { return }
        let items = patchList.filter { $0.objectValue?[patchDirective] == nil }
        var p = 0, o = 0
        while p < items.count, o < orderList.count {
            if let key {
                guard let element = items[p].objectValue else {
                    throw PatchError("invalid patch format of setElementOrder list: \(PatchValues.render(items[p])) is not an object")
                }
                guard let value = element[key] else { throw missingMergeKey(element, key) }
                guard let entry = orderList[o].objectValue else {
                    throw PatchError("invalid patch format of setElementOrder list: \(PatchValues.render(orderList[o])) is not an object")
                }
                guard let listed = entry[key] else { throw missingMergeKey(entry, key) }
                if PatchValues.equal(value, listed) { p += 1 }
            } else if PatchValues.equal(items[p], orderList[o]) {
                p += 1
            }
            o += 1
        }
        if p < items.count {
            throw PatchError("the order in patch list \(PatchValues.render(.array(patchList))) doesn't match $setElementOrder list \(PatchValues.render(.array(orderList)))")
        }
    }
}
