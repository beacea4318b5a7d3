/// Where an object lives: its collection (`<group>/<resource>`, core group as `core`), namespace and name.
public struct ObjectKey: Hashable, Sendable, CustomStringConvertible {
    /// `<group>/<resource>`, e.g. `core/pods`, `apps/deployments`.
    public var collection: String
    /// The namespace, or "" for cluster-scoped objects.
    public var namespace: String
    /// The object's name.
    public var name: String

    /// Creates a key.
    public init(collection: String, namespace: String, name: String) {
        self.collection = collection
        self.namespace = namespace
        self.name = name
    }

    /// The key as stored in SQLite: `collection|namespace|name`.
    public var description: String { "\(collection)|\(namespace)|\(name)" }

    init?(stored: String) {
        let parts = stored.split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        self.init(collection: String(parts[0]), namespace: String(parts[1]), name: String(parts[2]))
    }
}

/// The kind of change a watch event reports.
public enum WatchEventType: String, Sendable {
    case added = "ADDED"
    case modified = "MODIFIED"
    case deleted = "DELETED"
}

/// One change to one object, in resourceVersion order.
public struct WatchEvent: Sendable {
    /// What happened.
    public var type: WatchEventType
    /// Which object.
    public var key: ObjectKey
    /// The object after the change (for deletions, its last state with the deletion's resourceVersion).
    public var object: JSON
    /// The resourceVersion of this change.
    public var resourceVersion: Int64
}

/// A storage failure, mapped by the API server onto a Kubernetes `Status`.
public enum StoreError: Error, Sendable, Equatable {
    case notFound(ObjectKey)
    case alreadyExists(ObjectKey)
    /// The caller's resourceVersion precondition failed.
    case conflict(ObjectKey, expected: Int64, actual: Int64)
    /// A watch asked for history that has been compacted away.
    case tooOld(requested: Int64, oldest: Int64)
    /// The database failed.
    case io(String)
}

import KubeModel
