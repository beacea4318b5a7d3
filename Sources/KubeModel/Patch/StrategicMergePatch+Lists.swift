// Strategic merge patch for lists: merging by key, set union, deletion lists, and element order.

extension StrategicMergePatch {
    /// Merges a patch list into a stored list whose schema says it merges (or that is a `$deleteFromPrimitiveList`).
    static func mergeList(_ original: [JSON], _ patch: [JSON], _ schema: PatchSchema, deleting: Bool) throws(PatchError) -> [JSON] {
        if original.isEmpty && patch.isEmpty { return original }
        let kind = try elementKind(original + patch)
        if kind != "object" {
            if deleting {
                return original.filter { stored in !patch.contains { PatchValues.equal($0, stored) } }
            }
            var merged: [JSON] = []
            for value in original + patch where !merged.contains(where: { PatchValues.equal($0, value) }) {
                merged.append(value)
            }
            let inPatch = merged.filter { value in patch.contains { PatchValues.equal($0, value) } }
            let serverOnly = merged.filter { value in !patch.contains { PatchValues.equal($0, value) } }
            return ordered(inPatch, serverOnly, patchOrder: patch, serverOrder: original, key: nil)
        }
        guard let key = schema.mergeKey else {
            throw PatchError("cannot merge lists of objects without a merge key: \(PatchValues.render(.array(patch)))")
        }
        var stored = original
        var items: [[String: JSON]] = []
        var replacing = false
        for case .object(let element) in patch {
            guard let directive = element[patchDirective] else { items.append(element); continue }
            switch directive {
            case "delete":
                guard let value = element[key] else { throw missingMergeKey(element, key) }
                stored.removeAll { $0.objectValue?[key].map { PatchValues.equal($0, value) } ?? false }
            case "replace":
                replacing = true
            case "merge":
                continue
            default:
                throw PatchError("unknown patch type: \(PatchValues.render(directive)) in map: \(PatchValues.render(element))")
            }
        }
        if replacing {
            var replaced: [JSON] = []
            for element in items { replaced.append(.object(try mergeMap([:], element, schema))) }
            return replaced
        }
        var merged = stored
        for element in items {
            guard let value = element[key] else { throw missingMergeKey(element, key) }
            if let i = merged.firstIndex(where: { $0.objectValue?[key].map { PatchValues.equal($0, value) } ?? false }) {
                merged[i] = .object(try mergeMap(merged[i].objectValue ?? [:], element, schema))
            } else {
                merged.append(.object(try mergeMap([:], element, schema)))
            }
        }
        let patchKeys = items.map { $0[key]! }
        var inPatch: [JSON] = []
        var serverOnly: [JSON] = []
        for element in merged {
            guard let value = element.objectValue?[key] else { throw missingMergeKey(element.objectValue ?? [:], key) }
            if patchKeys.contains(where: { PatchValues.equal($0, value) }) {
                inPatch.append(element)
            } else {
                serverOnly.append(element)
            }
        }
        return ordered(inPatch, serverOnly, patchOrder: items.map(JSON.object), serverOrder: stored, key: key)
    }

    /// The error for a list element without its merge key.
    static func missingMergeKey(_ element: [String: JSON], _ key: String) -> PatchError {
        PatchError("map: \(PatchValues.render(element)) does not contain declared merge key: \(key)")
    }

    /// The common kind of a list's elements; lists of lists and mixed lists cannot be merged.
    static func elementKind(_ elements: [JSON]) throws(PatchError) -> String {
        let kinds = Set(elements.map(PatchValues.kind))
        if kinds.contains("array") { throw PatchError("lists of lists are not supported") }
        guard kinds.count <= 1 else {
            throw PatchError("list element types are not identical: \(PatchValues.render(.array(elements)))")
        }
        return kinds.first ?? "null"
    }

    /// Where `item` sits in `list`, matching objects by merge key and scalars by value.
    static func position(of item: JSON, in list: [JSON], key: String?) -> Int? {
        guard let key else { return list.firstIndex { PatchValues.equal($0, item) } }
        guard let value = item.objectValue?[key] else { return nil }
        return list.firstIndex { $0.objectValue?[key].map { PatchValues.equal($0, value) } ?? false }
    }

    /// Orders a merged list: patch items in patch order, with server-only items woven back in where they stood
    /// in the stored list (so an injected sidecar keeps its place), as apimachinery does.
    static func ordered(_ inPatch: [JSON], _ serverOnly: [JSON], patchOrder: [JSON], serverOrder: [JSON], key: String?) -> [JSON] {
        func sortedStably(_ items: [JSON], by order: [JSON]) -> [JSON] {
            items.enumerated()
                .map { (rank: position(of: $0.element, in: order, key: key) ?? Int.max, seq: $0.offset, item: $0.element) }
                .sorted { ($0.rank, $0.seq) < ($1.rank, $1.seq) }
                .map(\.item)
        }
        let right = sortedStably(inPatch, by: patchOrder)
        let left = sortedStably(serverOnly, by: serverOrder)
        var result: [JSON] = []
        result.reserveCapacity(left.count + right.count)
        var i = 0, j = 0
        while i < left.count || j < right.count {
            if i < left.count, j < right.count {
                let l = position(of: left[i], in: serverOrder, key: key)
                let r = position(of: right[j], in: serverOrder, key: key)
                if let l, let r, l < r {
                    result.append(left[i]); i += 1
                } else {
                    result.append(right[j]); j += 1
                }
            } else if i < left.count {
                result.append(left[i]); i += 1
            } else {
                result.append(right[j]); j += 1
            }
        }
        return result
    }
}
