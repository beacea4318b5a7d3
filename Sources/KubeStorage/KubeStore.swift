import KubeModel

/// The object store: every object in memory for fast reads, every write committed to SQLite first.
public actor KubeStore {
    private let db: SQLiteDatabase
    private var collections: [String: [String: JSON]] = [:]
    private var revision: Int64 = 0
    private var log: EventLog
    private var watchers: [Int: Watcher] = [:]
    private var nextWatcherID = 0
    private var writesSinceCompaction = 0

    private struct Watcher {
        var collection: String
        var namespace: String?
        var continuation: AsyncStream<WatchEvent>.Continuation
        /// Called when the watcher is ended for falling behind.
        var onOverflow: @Sendable () -> Void
    }

    /// Opens (or creates) the store at `path` (`nil` keeps everything in memory), keeping the last `history`
    /// changes for watches that resume from an older resourceVersion.
    public init(path: String?, history: Int = 20_000) throws {
        log = EventLog(capacity: max(1, history))
        do {
            db = try SQLiteDatabase(path: path ?? ":memory:")
            try db.exec(
                """
                PRAGMA journal_mode=WAL;
                PRAGMA synchronous=FULL;
                CREATE TABLE IF NOT EXISTS objects (key TEXT PRIMARY KEY, rv INTEGER NOT NULL, data BLOB NOT NULL);
                CREATE TABLE IF NOT EXISTS events (rv INTEGER PRIMARY KEY, key TEXT NOT NULL, type TEXT NOT NULL, data BLOB NOT NULL);
                CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v INTEGER NOT NULL);
                """)
            var loaded: [String: [String: JSON]] = [:]
            try db.query("SELECT key, data FROM objects") { row in
                guard let key = ObjectKey(stored: row.text(0)) else { return }
                loaded[key.collection, default: [:]][Self.member(key)] = try JSON.parse(row.blob(1))
            }
            var rv: Int64 = 0
            try db.query("SELECT v FROM meta WHERE k='rv'") { rv = $0.int(0) }
            var events: [WatchEvent] = []
            try db.query("SELECT rv, key, type, data FROM events ORDER BY rv") { row in
                guard let key = ObjectKey(stored: row.text(1)), let type = WatchEventType(rawValue: row.text(2)) else { return }
                events.append(WatchEvent(type: type, key: key, object: try JSON.parse(row.blob(3)), resourceVersion: row.int(0)))
            }
            collections = loaded
            revision = rv
            log.load(events, current: rv)
        } catch let e as SQLiteError {
            throw StoreError.io(e.description)
        } catch {
            throw StoreError.io("corrupt stored object: \(error)")
        }
    }

    private static func member(_ key: ObjectKey) -> String { key.namespace + "/" + key.name }

    /// The newest resourceVersion.
    public var currentRevision: Int64 { revision }

    /// The object at `key`, if any.
    public func get(_ key: ObjectKey) -> JSON? {
        collections[key.collection]?[Self.member(key)]
    }

    /// Every object in a collection (optionally one namespace), sorted by namespace and name, and the list's revision.
    public func list(collection: String, namespace: String?) -> (items: [JSON], revision: Int64) {
        guard let all = collections[collection] else { return ([], revision) }
        let prefix = namespace.map { $0 + "/" }
        let keys = all.keys.filter { prefix == nil || $0.hasPrefix(prefix!) }.sorted()
        return (keys.map { all[$0]! }, revision)
    }

    /// Counts the objects in a collection (all namespaces).
    public func count(collection: String) -> Int { collections[collection]?.count ?? 0 }

    /// Stores a new object; fails if one exists. Returns it with its resourceVersion set.
    public func create(_ key: ObjectKey, _ object: JSON) throws -> JSON {
        if get(key) != nil { throw StoreError.alreadyExists(key) }
        return try commit(key, object, type: .added)
    }

    /// Replaces an object, optionally only if its resourceVersion is `expected`. An identical object is not rewritten.
    public func update(_ key: ObjectKey, _ object: JSON, expected: Int64? = nil) throws -> JSON {
        guard let old = get(key) else { throw StoreError.notFound(key) }
        let actual = Self.revision(of: old)
        if let expected, expected != actual { throw StoreError.conflict(key, expected: expected, actual: actual) }
        var candidate = object
        candidate[["metadata", "resourceVersion"]] = old[["metadata", "resourceVersion"]]
        if candidate == old { return old }
        return try commit(key, object, type: .modified)
    }

    /// Removes an object, optionally only if its resourceVersion is `expected`. Returns its last state.
    @discardableResult
    public func delete(_ key: ObjectKey, expected: Int64? = nil) throws -> JSON {
        guard let old = get(key) else { throw StoreError.notFound(key) }
        let actual = Self.revision(of: old)
        if let expected, expected != actual { throw StoreError.conflict(key, expected: expected, actual: actual) }
        return try commit(key, old, type: .deleted)
    }

    /// Reads the resourceVersion an object carries.
    public static func revision(of object: JSON) -> Int64 {
        object[["metadata", "resourceVersion"]].stringValue.flatMap { Int64($0) } ?? 0
    }

    private func commit(_ key: ObjectKey, _ object: JSON, type: WatchEventType) throws -> JSON {
        let rv = revision + 1
        var stored = object
        stored[["metadata", "resourceVersion"]] = .string(String(rv))
        let bytes = stored.serialized()
        do {
            try db.transaction {
                if type == .deleted {
                    try db.run("DELETE FROM objects WHERE key=?", [.text(key.description)])
                } else {
                    try db.run("INSERT OR REPLACE INTO objects(key, rv, data) VALUES(?,?,?)",
                               [.text(key.description), .int(rv), .blob(bytes)])
                }
                try db.run("INSERT INTO events(rv, key, type, data) VALUES(?,?,?,?)",
                           [.int(rv), .text(key.description), .text(type.rawValue), .blob(bytes)])
                try db.run("INSERT OR REPLACE INTO meta(k, v) VALUES('rv', ?)", [.int(rv)])
            }
        } catch {
            throw StoreError.io("\(error)")
        }
        revision = rv
        if type == .deleted {
            collections[key.collection]?.removeValue(forKey: Self.member(key))
        } else {
            collections[key.collection, default: [:]][Self.member(key)] = stored
        }
        let event = WatchEvent(type: type, key: key, object: stored, resourceVersion: rv)
        log.append(event)
        publish(event)
        compactIfNeeded()
        return stored
    }

    private func compactIfNeeded() {
        writesSinceCompaction += 1
        guard writesSinceCompaction >= 1000 else { return }
        writesSinceCompaction = 0
        try? db.run("DELETE FROM events WHERE rv <= ?", [.int(revision - Int64(log.capacity))])
    }

    private func publish(_ event: WatchEvent) {
        for (id, w) in watchers where w.collection == event.key.collection {
            if let ns = w.namespace, ns != event.key.namespace { continue }
            if case .dropped = w.continuation.yield(event) {
                removeWatcher(id)
                w.onOverflow()
            }
        }
    }

    /// Streams changes to a collection after `from` (replaying retained history); `nil` starts at the current revision.
    /// Fails with `tooOld` when history before `from` has been compacted. At most `limit` live changes
    /// wait in the stream beyond the replay: one more ends it after those, removes the watcher and
    /// calls `onOverflow` (its reader resumes from the last it took).
    public func watch(collection: String, namespace: String?, from: Int64?, limit: Int = .max,
                      onOverflow: @escaping @Sendable () -> Void = {}) throws -> AsyncStream<WatchEvent> {
        let start = from ?? revision
        let replay = try log.events(after: start).filter {
            $0.key.collection == collection && (namespace == nil || namespace == $0.key.namespace)
        }
        // The replay (bounded by the retained history) does not count against the limit.
        let policy: AsyncStream<WatchEvent>.Continuation.BufferingPolicy =
            limit >= Int.max - replay.count ? .unbounded : .bufferingOldest(replay.count + max(1, limit))
        let (stream, continuation) = AsyncStream<WatchEvent>.makeStream(bufferingPolicy: policy)
        for e in replay { continuation.yield(e) }
        let id = nextWatcherID
        nextWatcherID += 1
        watchers[id] = Watcher(collection: collection, namespace: namespace, continuation: continuation, onOverflow: onOverflow)
        continuation.onTermination = { [weak self] _ in
            Task { await self?.removeWatcher(id) }
        }
        return stream
    }

    private func removeWatcher(_ id: Int) {
        watchers.removeValue(forKey: id)?.continuation.finish()
    }

    /// Number of open watches (for metrics and tests).
    public var watcherCount: Int { watchers.count }
}
