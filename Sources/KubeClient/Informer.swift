// An informer: a local copy of one collection kept current by list + watch, relisting when the
// watch's version is too old (410) or the connection fails, and telling subscribers what changed.
import KubeModel

/// A change the informer saw.
public enum InformerEvent: Sendable, Equatable {
    /// An object appeared.
    case added(JSON)
    /// An object changed (old, new).
    case modified(JSON, JSON)
    /// An object went away (its last known state).
    case deleted(JSON)
}

/// A continuously updated copy of a collection, keyed by `namespace/name`.
public actor Informer {
    /// The collection's path (e.g. `/api/v1/pods`).
    public nonisolated let path: String
    private let client: KubeClient
    private let labelSelector: String?
    private let watchTimeout: ClosedRange<Int>
    private var objects: [String: JSON] = [:]
    private var resourceVersion: String?
    private var synced = false
    private var syncWaiters: [CheckedContinuation<Void, Never>] = []
    private var subscribers: [Int: AsyncStream<InformerEvent>.Continuation] = [:]
    private var nextSubscriber = 0
    private var task: Task<Void, Never>?
    /// How many times the collection was listed (1 + relists).
    public private(set) var listCount = 0

    /// An informer on `path`, optionally filtered by a label selector. Each watch lasts a random
    /// number of seconds from `watchTimeout` (as client-go's do), then is started again from the
    /// last version seen, so a silently dead connection is noticed.
    public init(client: KubeClient, path: String, labelSelector: String? = nil, watchTimeout: ClosedRange<Int> = 240...480) {
        self.client = client
        self.path = path
        self.labelSelector = labelSelector
        self.watchTimeout = watchTimeout
    }

    /// Starts listing and watching (once).
    public func start() {
        guard task == nil else { return }
        task = Task { await self.run() }
    }

    /// Stops watching and ends every subscription.
    public func stop() {
        task?.cancel()
        task = nil
        for continuation in subscribers.values { continuation.finish() }
        subscribers = [:]
    }

    /// Returns once the first list has been applied.
    public func waitForSync() async {
        if synced { return }
        await withCheckedContinuation { syncWaiters.append($0) }
    }

    /// Every object now.
    public var items: [JSON] { Array(objects.values) }

    /// One object by namespace (empty for cluster-scoped) and name.
    public func get(namespace: String, name: String) -> JSON? { objects["\(namespace)/\(name)"] }

    /// The changes from now on.
    public func events() -> AsyncStream<InformerEvent> {
        let (stream, continuation) = AsyncStream<InformerEvent>.makeStream()
        let id = nextSubscriber
        nextSubscriber += 1
        subscribers[id] = continuation
        continuation.onTermination = { _ in Task { await self.unsubscribe(id) } }
        return stream
    }

    private func unsubscribe(_ id: Int) { subscribers[id] = nil }

    // MARK: list and watch

    private func run() async {
        var delay: UInt64 = 100_000_000
        while !Task.isCancelled {
            do {
                try await list()
                delay = 100_000_000
                try await watch()
            } catch {
                try? await Task.sleep(nanoseconds: delay)
                delay = min(delay * 2, 5_000_000_000)
            }
        }
    }

    private func list() async throws {
        let query = labelSelector.map { "?labelSelector=\(KubeClient.escape($0))" } ?? ""
        let list = try await client.get(path + query)
        listCount += 1
        var fresh: [String: JSON] = [:]
        for item in list["items"].arrayValue ?? [] { fresh[Self.key(item)] = item }
        for (key, old) in objects where fresh[key] == nil { emit(.deleted(old)) }
        for (key, new) in fresh {
            if let old = objects[key] {
                if old != new { emit(.modified(old, new)) }
            } else {
                emit(.added(new))
            }
        }
        objects = fresh
        resourceVersion = list[["metadata", "resourceVersion"]].stringValue
        if !synced {
            synced = true
            for waiter in syncWaiters { waiter.resume() }
            syncWaiters = []
        }
    }

    /// Applies watch events until the watch ends; returns to relist only on 410 or failure.
    private func watch() async throws {
        while !Task.isCancelled {
            let events = client.watch(
                path, resourceVersion: resourceVersion, labelSelector: labelSelector,
                timeoutSeconds: Int.random(in: watchTimeout))
            for try await event in events {
                switch event.type {
                case "ADDED", "MODIFIED":
                    let key = Self.key(event.object)
                    let old = objects[key]
                    objects[key] = event.object
                    if let old { emit(.modified(old, event.object)) } else { emit(.added(event.object)) }
                case "DELETED":
                    let key = Self.key(event.object)
                    objects[key] = nil
                    emit(.deleted(event.object))
                case "ERROR":
                    throw KubeClientError.from(status: Int(event.object["code"].intValue ?? 500), body: event.object.serialized())
                default:
                    break  // BOOKMARK: only the version moves
                }
                if let rv = event.object[["metadata", "resourceVersion"]].stringValue { resourceVersion = rv }
            }
        }
    }

    private func emit(_ event: InformerEvent) {
        for continuation in subscribers.values { continuation.yield(event) }
    }

    /// The `namespace/name` key of an object.
    public static func key(_ object: JSON) -> String { "\(object.namespace)/\(object.name)" }
}

extension Informer {
    /// Splits a `namespace/name` key.
    public static func split(_ key: String) -> (namespace: String, name: String) {
        guard let slash = key.firstIndex(of: "/") else { return ("", key) }
        return (String(key[..<slash]), String(key[key.index(after: slash)...]))
    }
}

extension InformerEvent {
    /// The object the event is about (the new state for a modification).
    public var object: JSON {
        switch self {
        case .added(let o), .deleted(let o), .modified(_, let o): o
        }
    }
}
