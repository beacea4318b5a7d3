// JSON pointers (RFC 6901) and the tree navigation JSON patch needs: lookup and in-place edits.

/// A parsed JSON pointer such as `/spec/containers/0/image`.
struct PatchPointer {
    /// The pointer as written in the patch.
    let text: String
    /// The unescaped reference tokens (`~1` is `/`, `~0` is `~`).
    let tokens: [String]

    /// Parses a pointer; nil unless it is empty (the whole document) or starts with `/`.
    init?(_ text: String) {
        self.text = text
        if text.isEmpty { tokens = []; return }
        guard text.hasPrefix("/") else { return nil }
        tokens = text.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map { raw in
            String(raw).replacing("~1", with: "/").replacing("~0", with: "~")
        }
    }
}

/// Navigation of a JSON document by pointer tokens.
enum PatchTree {
    /// What a pointer names in a document.
    enum Found {
        /// The value at the pointer.
        case value(JSON)
        /// The container exists but has no such member or index.
        case missingLeaf
        /// Some step before the last is missing or not a container.
        case missingParent
    }

    /// Resolves an array index token against an array of `count` elements.
    /// `"-"` means one past the end and is only valid when inserting; negative indices count from the end.
    static func index(_ token: String, count: Int, inserting: Bool) -> Int? {
        if token == "-" { return inserting ? count : nil }
        guard var i = Int(token) else { return nil }
        if i < 0 {
            guard i >= -count else { return nil }
            i += count
        }
        return (inserting ? i <= count : i < count) ? i : nil
    }

    /// Why `token` is not a usable index, worded as kube-apiserver words it.
    static func indexProblem(_ token: String) -> String {
        if let i = Int(token) { return "Unable to access invalid index: \(i): invalid index referenced" }
        return "value was not a proper array index: '\(token)'"
    }

    /// Finds the value named by `tokens`.
    static func lookup(_ doc: JSON, _ tokens: ArraySlice<String>) -> Found {
        guard let first = tokens.first else { return .value(doc) }
        let last = tokens.count == 1
        switch doc {
        case .object(let members):
            guard let child = members[first] else { return last ? .missingLeaf : .missingParent }
            return lookup(child, tokens.dropFirst())
        case .array(let elements):
            guard let i = index(first, count: elements.count, inserting: false) else {
                return last ? .missingLeaf : .missingParent
            }
            return lookup(elements[i], tokens.dropFirst())
        default:
            return .missingParent
        }
    }

    /// Runs `body` on the object or array that holds the last token, editing `doc` in place.
    /// Returns false, without calling `body`, when that container does not exist.
    static func withParent(
        _ doc: inout JSON, _ tokens: ArraySlice<String>,
        _ body: (inout JSON, String) throws(PatchError) -> Void
    ) throws(PatchError) -> Bool {
        guard let first = tokens.first else { return false }
        if tokens.count == 1 {
            switch doc {
            case .object, .array:
                try body(&doc, first)
                return true
            default:
                return false
            }
        }
        switch doc {
        case .object(var members):
            guard var child = members.removeValue(forKey: first) else { return false }
            doc = .null
            let found = try withParent(&child, tokens.dropFirst(), body)
            members[first] = child
            doc = .object(members)
            return found
        case .array(var elements):
            guard let i = index(first, count: elements.count, inserting: false) else { return false }
            var child = elements[i]
            elements[i] = .null
            doc = .null
            let found = try withParent(&child, tokens.dropFirst(), body)
            elements[i] = child
            doc = .array(elements)
            return found
        default:
            return false
        }
    }
}
