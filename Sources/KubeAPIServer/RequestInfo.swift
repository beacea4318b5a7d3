// KubeAPIServer: the embedded Kubernetes API server — HTTPS, authentication, discovery, OpenAPI,
// REST verbs with admission, Tables, watch, custom resources, exec and log streams.

/// What a resource URL names: group, version, resource, and optionally namespace, name and subresource.
struct RequestInfo: Equatable, Sendable {
    var group: String
    var version: String
    var resource: String
    var namespace: String?
    var name: String?
    var subresource: String?

    /// Parses `/api/v1/...` or `/apis/<group>/<version>/...`; nil for non-resource paths.
    init?(path: String) {
        var parts = path.split(separator: "/", omittingEmptySubsequences: true).map { Self.unescape(String($0)) }
        guard let first = parts.first else { return nil }
        if first == "api" {
            guard parts.count >= 3 else { return nil }
            group = ""
            version = parts[1]
            parts.removeFirst(2)
        } else if first == "apis" {
            guard parts.count >= 4 else { return nil }
            group = parts[1]
            version = parts[2]
            parts.removeFirst(3)
        } else {
            return nil
        }
        // namespaces/<ns>/<resource>/... — but `namespaces/<ns>` alone (or with a subresource) is the namespace itself.
        if parts.count >= 3, parts[0] == "namespaces", parts[2] != "status", parts[2] != "finalize" {
            namespace = parts[1]
            parts.removeFirst(2)
        } else {
            namespace = nil
        }
        guard !parts.isEmpty, parts.count <= 3 else { return nil }
        resource = parts[0]
        name = parts.count > 1 ? parts[1] : nil
        subresource = parts.count > 2 ? parts[2] : nil
    }

    static func unescape(_ s: String) -> String {
        s.removingPercentEncoding ?? s
    }
}

extension String {
    /// Decodes %XX escapes; nil when an escape is malformed.
    var removingPercentEncoding: String? {
        guard contains("%") else { return self }
        var out: [UInt8] = []
        var it = Array(utf8)[...]
        while let c = it.popFirst() {
            if c == UInt8(ascii: "%") {
                guard it.count >= 2, let v = UInt8(String(decoding: it.prefix(2), as: UTF8.self), radix: 16) else { return nil }
                out.append(v)
                it = it.dropFirst(2)
            } else {
                out.append(c)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Decoded query parameters of a request; repeated keys keep every value in order.
struct QueryParameters: Sendable {
    private var pairs: [(String, String)] = []

    init(_ query: String) {
        for item in query.split(separator: "&") where !item.isEmpty {
            let kv = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let k = Self.decode(String(kv[0]))
            let v = kv.count > 1 ? Self.decode(String(kv[1])) : ""
            pairs.append((k, v))
        }
    }

    private static func decode(_ s: String) -> String {
        s.replacingPlus.removingPercentEncoding ?? s
    }

    /// The first value for `key`.
    subscript(key: String) -> String? { pairs.first { $0.0 == key }?.1 }

    /// Every value for `key`.
    func all(_ key: String) -> [String] { pairs.filter { $0.0 == key }.map(\.1) }

    /// True when `key` is "true" or "1".
    func flag(_ key: String) -> Bool { self[key] == "true" || self[key] == "1" }
}

extension String {
    var replacingPlus: String { contains("+") ? split(separator: "+", omittingEmptySubsequences: false).joined(separator: " ") : self }
}
