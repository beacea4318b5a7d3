// JSON patch (RFC 6902), the `application/json-patch+json` patch type: decoding and running operations.

/// JSON patch: a list of add/remove/replace/move/copy/test operations applied in order, all or nothing.
public enum JSONPatch {
    /// Applies the operations in `patch` (a JSON array) to `target`; any failing operation fails the whole patch.
    public static func apply(_ patch: JSON, to target: JSON) throws(PatchError) -> JSON {
        guard case .array(let operations) = patch else {
            throw PatchError("a JSON patch must be an array of operations, not \(patch.typeName == "object" ? "an" : "a") \(patch.typeName)")
        }
        var doc = target
        for (n, operation) in operations.enumerated() {
            guard case .object(let fields) = operation else {
                throw PatchError("JSON patch operation \(n) must be an object, not \(PatchValues.render(operation))")
            }
            try run(fields, on: &doc)
        }
        return doc
    }

    /// Runs one decoded operation.
    static func run(_ op: [String: JSON], on doc: inout JSON) throws(PatchError) {
        let kind = op["op"]?.stringValue ?? "unknown"
        switch kind {
        case "add":
            let path = try pointer(op, "path", kind)
            try add(try value(op, kind), at: path, in: &doc,
                    missing: "add operation does not apply: doc is missing path: \"\(path.text)\": missing value")
        case "remove":
            let path = try pointer(op, "path", kind)
            _ = try remove(at: path, in: &doc)
        case "replace":
            try replace(with: try value(op, kind), at: try pointer(op, "path", kind), in: &doc)
        case "move":
            let from = try pointer(op, "from", kind)
            let path = try pointer(op, "path", kind)
            guard case .value = PatchTree.lookup(doc, from.tokens[...]) else {
                throw PatchError("move operation does not apply: doc is missing from path: \(from.text): missing value")
            }
            let moved = try remove(at: from, in: &doc)
            try add(moved, at: path, in: &doc,
                    missing: "move operation does not apply: doc is missing destination path: \(path.text): missing value")
        case "copy":
            let from = try pointer(op, "from", kind)
            let path = try pointer(op, "path", kind)
            guard case .value(let copied) = PatchTree.lookup(doc, from.tokens[...]) else {
                throw PatchError("copy operation does not apply: doc is missing from path: \(from.text): missing value")
            }
            try add(copied, at: path, in: &doc,
                    missing: "copy operation does not apply: doc is missing destination path: \(path.text): missing value")
        case "test":
            try test(try value(op, kind), at: try pointer(op, "path", kind), in: doc)
        default:
            throw PatchError("Unexpected kind: \(kind)")
        }
    }

    /// Decodes the pointer in field `name` ("path" or "from").
    static func pointer(_ op: [String: JSON], _ name: String, _ kind: String) throws(PatchError) -> PatchPointer {
        guard let text = op[name]?.stringValue else {
            throw PatchError("\(kind) operation failed to decode \(name): missing value")
        }
        guard let pointer = PatchPointer(text) else {
            throw PatchError("\(kind) operation does not apply: doc is missing \(name == "from" ? "from path" : "path"): \"\(text)\": missing value")
        }
        return pointer
    }

    /// The operation's `value` member, which add, replace and test require.
    static func value(_ op: [String: JSON], _ kind: String) throws(PatchError) -> JSON {
        guard let value = op["value"] else {
            throw PatchError("\(kind) operation, missing value field: missing value")
        }
        return value
    }
}
