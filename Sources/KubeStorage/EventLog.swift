import KubeModel

/// The recent history of changes, kept in memory to replay watches from an older resourceVersion.
struct EventLog {
    let capacity: Int
    private var events: [WatchEvent] = []
    private var head = 0
    /// Events at or below this revision are no longer available.
    private(set) var compactedThrough: Int64 = 0

    init(capacity: Int) { self.capacity = capacity }

    mutating func load(_ history: [WatchEvent], current: Int64) {
        events = Array(history.suffix(capacity))
        head = 0
        compactedThrough = (events.first?.resourceVersion).map { $0 - 1 } ?? current
    }

    mutating func append(_ e: WatchEvent) {
        if events.count - head >= capacity {
            compactedThrough = events[head].resourceVersion
            head += 1
            if head > capacity {
                events.removeFirst(head)
                head = 0
            }
        }
        events.append(e)
    }

    /// Events with a revision greater than `rv`, oldest first.
    func events(after rv: Int64) throws(StoreError) -> ArraySlice<WatchEvent> {
        if rv < compactedThrough { throw .tooOld(requested: rv, oldest: compactedThrough + 1) }
        let live = events[head...]
        guard let idx = live.firstIndex(where: { $0.resourceVersion > rv }) else { return [] }
        return live[idx...]
    }
}
