import KubeModel
import Synchronization

/// A resource served from a CustomResourceDefinition version, with what is needed to validate and print it.
struct CustomResourceVersion: Sendable {
    var resource: APIResource
    /// The version's `openAPIV3Schema`, if any.
    var schema: JSON?
    /// The parsed schema (nil when absent or not structural).
    var structural: StructuralSchema?
    /// The version's `additionalPrinterColumns`, if any.
    var printerColumns: JSON?
    /// The name of the CRD that defines it.
    var crdName: String
}

/// Every resource this server serves: the built-ins plus those of established CRDs. Safe to read from any task.
final class ResourceRegistry: Sendable {
    private struct State {
        var custom: [String: [CustomResourceVersion]] = [:]
    }

    private let state = Mutex(State())
    let builtin: [APIResource]

    init(builtin: [APIResource] = BuiltinResources.all) {
        self.builtin = builtin
    }

    /// Every served resource: built-ins first, then custom resources ordered by group.
    var all: [APIResource] {
        let custom = state.withLock { s in s.custom.values.flatMap { $0 } }
        return builtin + custom.map(\.resource).sorted { ($0.group, $0.resource) < ($1.group, $1.resource) }
    }

    /// The resource served at group/version/resource.
    func lookup(group: String, version: String, resource: String) -> APIResource? {
        if let b = builtin.first(where: { $0.group == group && $0.version == version && $0.resource == resource }) {
            return b
        }
        return custom(group: group, version: version, resource: resource)?.resource
    }

    /// The custom resource version served at group/version/resource.
    func custom(group: String, version: String, resource: String) -> CustomResourceVersion? {
        state.withLock { s in
            for versions in s.custom.values {
                if let v = versions.first(where: {
                    $0.resource.group == group && $0.resource.version == version && $0.resource.resource == resource
                }) {
                    return v
                }
            }
            return nil
        }
    }

    /// Every served version of a resource (for collections shared across versions).
    func versions(group: String, resource: String) -> [APIResource] {
        all.filter { $0.group == group && $0.resource == resource }
    }

    /// Publishes (or replaces) the served versions of one CRD.
    func setCustom(crdName: String, versions: [CustomResourceVersion]) {
        state.withLock { s in
            s.custom[crdName] = versions
        }
    }

    /// Stops serving a CRD's resources.
    func removeCustom(crdName: String) {
        state.withLock { s in
            s.custom.removeValue(forKey: crdName)
        }
    }

    /// Whether a CRD is currently served.
    func serves(crdName: String) -> Bool { state.withLock { $0.custom[crdName] != nil } }
}
