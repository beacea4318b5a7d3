// The individual JSON patch operations, editing a document in place by pointer.

extension JSONPatch {
    /// Inserts `value` at `path`: sets an object member, or inserts into an array (`-` appends).
    static func add(_ value: JSON, at path: PatchPointer, in doc: inout JSON, missing: String) throws(PatchError) {
        if path.tokens.isEmpty { doc = value; return }
        let found = try PatchTree.withParent(&doc, path.tokens[...]) { (container: inout JSON, key: String) throws(PatchError) in
            switch container {
            case .object(var members):
                container = .null
                members[key] = value
                container = .object(members)
            case .array(var elements):
                guard let i = PatchTree.index(key, count: elements.count, inserting: true) else {
                    throw PatchError("error in add for path: '\(path.text)': \(PatchTree.indexProblem(key))")
                }
                container = .null
                elements.insert(value, at: i)
                container = .array(elements)
            default:
                throw PatchError(missing)
            }
        }
        if !found { throw PatchError(missing) }
    }

    /// Removes and returns the value at `path`.
    static func remove(at path: PatchPointer, in doc: inout JSON) throws(PatchError) -> JSON {
        let missing = PatchError("remove operation does not apply: doc is missing path: \"\(path.text)\": missing value")
        var removed = JSON.null
        let found = try PatchTree.withParent(&doc, path.tokens[...]) { (container: inout JSON, key: String) throws(PatchError) in
            switch container {
            case .object(var members):
                container = .null
                guard let old = members.removeValue(forKey: key) else {
                    container = .object(members)
                    throw PatchError("error in remove for path: '\(path.text)': Unable to remove nonexistent key: \(key): missing value")
                }
                removed = old
                container = .object(members)
            case .array(var elements):
                guard let i = PatchTree.index(key, count: elements.count, inserting: false) else {
                    throw PatchError("error in remove for path: '\(path.text)': \(PatchTree.indexProblem(key))")
                }
                container = .null
                removed = elements.remove(at: i)
                container = .array(elements)
            default:
                throw missing
            }
        }
        if !found { throw missing }
        return removed
    }

    /// Replaces the existing value at `path` with `value`.
    static func replace(with value: JSON, at path: PatchPointer, in doc: inout JSON) throws(PatchError) {
        if path.tokens.isEmpty { doc = value; return }
        let missingKey = PatchError("replace operation does not apply: doc is missing key: \(path.text): missing value")
        let found = try PatchTree.withParent(&doc, path.tokens[...]) { (container: inout JSON, key: String) throws(PatchError) in
            switch container {
            case .object(var members):
                guard members[key] != nil else { throw missingKey }
                container = .null
                members[key] = value
                container = .object(members)
            case .array(var elements):
                guard let i = PatchTree.index(key, count: elements.count, inserting: false) else { throw missingKey }
                container = .null
                elements[i] = value
                container = .array(elements)
            default:
                throw missingKey
            }
        }
        if !found {
            throw PatchError("replace operation does not apply: doc is missing path: \(path.text): missing value")
        }
    }

    /// Checks that the value at `path` equals `expected`; a missing member matches an expected `null`, as kube-apiserver allows.
    static func test(_ expected: JSON, at path: PatchPointer, in doc: JSON) throws(PatchError) {
        let failed = PatchError("testing value \(path.text) failed: test failed")
        switch PatchTree.lookup(doc, path.tokens[...]) {
        case .value(let actual):
            guard PatchValues.equal(actual, expected) else { throw failed }
        case .missingLeaf:
            guard expected.isNull else { throw failed }
        case .missingParent:
            throw PatchError("test operation does not apply: is missing path: \(path.text): missing value")
        }
    }
}
