// The media types a PATCH request may carry, and how to recognise them in a Content-Type header.

/// The kind of patch named by a PATCH request's Content-Type.
public enum PatchType: String, Sendable {
    /// RFC 6902 JSON patch (`kubectl patch --type=json`).
    case json = "application/json-patch+json"
    /// RFC 7386 JSON merge patch (`kubectl patch --type=merge`, `kubectl apply` for custom resources).
    case merge = "application/merge-patch+json"
    /// Kubernetes strategic merge patch (`kubectl apply` and `kubectl patch` for built-in kinds).
    case strategic = "application/strategic-merge-patch+json"
    /// Server-side apply (`kubectl apply --server-side`).
    case apply = "application/apply-patch+yaml"

    /// Recognises a Content-Type header value, ignoring case, spaces and parameters such as `; charset=utf-8`.
    public init?(contentType: String) {
        let mediaType = contentType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let trimmed = mediaType.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()
        self.init(rawValue: String(trimmed).lowercased())
    }
}
