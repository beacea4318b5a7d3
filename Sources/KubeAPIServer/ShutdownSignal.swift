// Tells long-running responses (watches) that the server is shutting down, so a graceful
// shutdown does not wait for watch clients that would otherwise keep their streams open.
import Synchronization

/// A one-shot broadcast: `begin()` ends every stream handed out by `stream()`, and later ones at once.
final class ShutdownSignal: Sendable {
    private let state = Mutex<(begun: Bool, waiters: [Int: AsyncStream<Void>.Continuation], next: Int)>((false, [:], 0))

    /// A stream that ends when shutdown begins (or at once if it has); iterating it ends on cancellation too.
    func stream() -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream<Void>.makeStream()
        let id: Int? = state.withLock { s in
            guard !s.begun else { return nil }
            let id = s.next
            s.next += 1
            s.waiters[id] = continuation
            return id
        }
        if let id {
            continuation.onTermination = { [weak self] _ in _ = self?.state.withLock { $0.waiters.removeValue(forKey: id) } }
        } else {
            continuation.finish()
        }
        return stream
    }

    /// Starts the shutdown: every stream ends.
    func begin() {
        let waiters = state.withLock { s -> [AsyncStream<Void>.Continuation] in
            s.begun = true
            let all = Array(s.waiters.values)
            s.waiters = [:]
            return all
        }
        for w in waiters { w.finish() }
    }
}
