// JSON merge patch (RFC 7386), the `application/merge-patch+json` patch type.

/// JSON merge patch: objects merge recursively, `null` deletes a member, anything else (lists included) replaces.
public enum MergePatch {
    /// Applies `patch` to `target` as RFC 7386 describes; a patch that is not an object replaces the whole target.
    public static func apply(_ patch: JSON, to target: JSON) -> JSON {
        guard case .object(let members) = patch else { return patch }
        var result = target.objectValue ?? [:]
        for (key, value) in members {
            let current = result.removeValue(forKey: key)
            if value.isNull { continue }
            result[key] = apply(value, to: current ?? .null)
        }
        return .object(result)
    }
}
