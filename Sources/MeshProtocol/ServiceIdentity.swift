// Who a proxy is (a ServiceAccount) and what it talks to (a Service), with the names derived
// from them: SPIFFE ID, certificate principal, SNI.

/// A workload identity: a ServiceAccount in a namespace. JSON: the string `"<sa>.<ns>"`.
///
/// Namespaces cannot contain dots, so the text splits at its last dot.
public struct ServiceIdentity: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The ServiceAccount's name.
    public var serviceAccount: String
    /// The ServiceAccount's namespace.
    public var namespace: String

    /// An identity from its two parts.
    public init(serviceAccount: String, namespace: String) {
        self.serviceAccount = serviceAccount
        self.namespace = namespace
    }

    /// Parses `"<sa>.<ns>"`; nil when either part is empty.
    public init?(_ text: String) {
        guard let dot = text.lastIndex(of: "."), dot != text.startIndex, text.index(after: dot) != text.endIndex
        else { return nil }
        self.init(serviceAccount: String(text[..<dot]), namespace: String(text[text.index(after: dot)...]))
    }

    /// `"<sa>.<ns>"`, OSM's ServiceIdentity string.
    public var description: String { "\(serviceAccount).\(namespace)" }

    /// The URI SAN of this identity's certificate: `spiffe://<td>/ns/<ns>/sa/<sa>`.
    public func spiffeID(trustDomain: String) -> String {
        "spiffe://\(trustDomain)/ns/\(namespace)/sa/\(serviceAccount)"
    }

    /// The certificate's CN and DNS SAN: `<sa>.<ns>.<td>`.
    public func principal(trustDomain: String) -> String { "\(self).\(trustDomain)" }

    /// Whether both parts are valid Kubernetes names (a DNS subdomain and a DNS label).
    public var isValid: Bool { isDNSSubdomain(serviceAccount) && isDNSLabel(namespace) }

    /// Orders by namespace, then ServiceAccount.
    public static func < (a: Self, b: Self) -> Bool {
        (a.namespace, a.serviceAccount) < (b.namespace, b.serviceAccount)
    }

    /// Decodes `"<sa>.<ns>"`.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let identity = ServiceIdentity(text) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "identity \"\(text)\" is not <serviceaccount>.<namespace>"))
        }
        self = identity
    }

    /// Encodes `"<sa>.<ns>"`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A Kubernetes Service. JSON: `{"namespace": ..., "name": ...}`.
public struct ServiceRef: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The Service's namespace.
    public var namespace: String
    /// The Service's name.
    public var name: String

    /// A Service reference.
    public init(namespace: String, name: String) {
        self.namespace = namespace
        self.name = name
    }

    /// `"<ns>/<name>"`, OSM's MeshService string.
    public var description: String { "\(namespace)/\(name)" }

    /// The SNI a client sends for it: `<name>.<ns>.svc.cluster.local`.
    public var sni: String { "\(name).\(namespace).\(MeshProtocol.clusterDomain)" }

    /// Orders by namespace, then name.
    public static func < (a: Self, b: Self) -> Bool { (a.namespace, a.name) < (b.namespace, b.name) }
}

/// Whether text is an RFC 1123 DNS label (what a namespace name must be).
func isDNSLabel(_ text: some StringProtocol) -> Bool {
    guard (1...63).contains(text.utf8.count), text.first != "-", text.last != "-" else { return false }
    return text.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
}

/// Whether text is an RFC 1123 DNS subdomain (what a ServiceAccount name must be).
func isDNSSubdomain(_ text: String) -> Bool {
    text.utf8.count <= 253 && text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy(isDNSLabel)
}
