// The work queue of a controller: object keys, each queued at most once until it is taken.
import Synchronization

/// Deduplicating queue of `namespace/name` keys, consumed as an async sequence.
final class KeyQueue: Sendable {
    private let queued = Mutex<Set<String>>([])
    private let stream: AsyncStream<String>
    private let continuation: AsyncStream<String>.Continuation

    init() {
        (stream, continuation) = AsyncStream<String>.makeStream()
    }

    /// Queues a key unless it is already waiting.
    func add(_ key: String) {
        let inserted = queued.withLock { $0.insert(key).inserted }
        if inserted { continuation.yield(key) }
    }

    /// Takes keys one by one; a key may be queued again while it is being handled.
    func keys() -> AsyncMapSequence<AsyncStream<String>, String> {
        stream.map { key in
            self.queued.withLock { _ = $0.remove(key) }
            return key
        }
    }

    /// Ends the sequence.
    func finish() { continuation.finish() }
}
