/// Decides whether an admission webhook applies to a request, by its rules and selectors.
public enum WebhookMatch {
    /// What is being admitted.
    public struct Request: Sendable {
        /// CREATE, UPDATE, DELETE or CONNECT.
        public var operation: String
        /// API group of the resource.
        public var group: String
        /// API version of the resource.
        public var version: String
        /// Plural resource name.
        public var resource: String
        /// Subresource, if any.
        public var subresource: String?
        /// Whether the resource is namespaced.
        public var namespaced: Bool
        /// Labels of the object's namespace (for a Namespace object: its own labels).
        public var namespaceLabels: [String: String]
        /// Labels of the new object (or the old one on delete).
        public var objectLabels: [String: String]
        /// Labels of the old object, if any.
        public var oldObjectLabels: [String: String]?

        /// Creates a request description.
        public init(operation: String, group: String, version: String, resource: String, subresource: String? = nil,
                    namespaced: Bool, namespaceLabels: [String: String], objectLabels: [String: String],
                    oldObjectLabels: [String: String]? = nil) {
            self.operation = operation
            self.group = group
            self.version = version
            self.resource = resource
            self.subresource = subresource
            self.namespaced = namespaced
            self.namespaceLabels = namespaceLabels
            self.objectLabels = objectLabels
            self.oldObjectLabels = oldObjectLabels
        }
    }

    /// Whether one webhook (an entry of `webhooks[]`) applies to the request.
    public static func applies(_ webhook: JSON, to req: Request) -> Bool {
        let rules = webhook["rules"].arrayValue ?? []
        guard rules.contains(where: { ruleMatches($0, req) }) else { return false }
        if req.namespaced || req.resource == "namespaces" && req.group.isEmpty {
            if !selectorMatches(webhook["namespaceSelector"], req.namespaceLabels) { return false }
        }
        let objectSelector = webhook["objectSelector"]
        let newMatch = selectorMatches(objectSelector, req.objectLabels)
        let oldMatch = req.oldObjectLabels.map { selectorMatches(objectSelector, $0) } ?? false
        return newMatch || oldMatch
    }

    static func ruleMatches(_ rule: JSON, _ req: Request) -> Bool {
        func has(_ key: String, _ value: String) -> Bool {
            let list = rule[key].arrayValue?.compactMap(\.stringValue) ?? []
            return list.contains("*") || list.contains(value)
        }
        guard has("operations", req.operation), has("apiGroups", req.group), has("apiVersions", req.version) else {
            return false
        }
        let scope = rule["scope"].stringValue ?? "*"
        if scope == "Namespaced", !req.namespaced { return false }
        if scope == "Cluster", req.namespaced { return false }
        let full = req.subresource.map { "\(req.resource)/\($0)" } ?? req.resource
        for pattern in rule["resources"].arrayValue?.compactMap(\.stringValue) ?? [] {
            if pattern == "*/*" || pattern == full { return true }
            if pattern == "*", req.subresource == nil { return true }
            let parts = pattern.split(separator: "/", maxSplits: 1).map(String.init)
            if parts.count == 2, let sub = req.subresource {
                if parts[0] == "*", parts[1] == sub { return true }
                if parts[0] == req.resource, parts[1] == "*" { return true }
            }
        }
        return false
    }

    static func selectorMatches(_ selector: JSON, _ labels: [String: String]) -> Bool {
        if selector.isNull { return true }
        guard let parsed = try? LabelSelector(json: selector) else { return false }
        return parsed.matches(labels)
    }
}
