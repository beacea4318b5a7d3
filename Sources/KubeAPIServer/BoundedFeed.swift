// A hand-off between two tasks that holds at most a few elements: from a WebSocket session's
// reader to the node, so a client that writes faster than the pod consumes (stdin of `kubectl
// exec`, a port-forward upload) is held back by TCP; and from a streamed response's producer (a
// watch, `kubectl logs -f`) to the task writing it, so a client that reads slowly holds the
// producer back. Either way the API server's memory does not fill. A producer waiting for room
// sleeps until the consumer takes an element (no polling), and learns at once when the consumer
// is gone.
import Synchronization

/// An AsyncStream whose producer waits while `limit` elements are queued.
struct BoundedFeed<Element: Sendable>: Sendable {
    /// What the consumer iterates; cancelling its task ends the feed.
    let stream: AsyncStream<Element>
    private let core: FeedCore<Element>

    /// A feed that queues at most `limit` elements.
    init(limit: Int) {
        let core = FeedCore<Element>(limit: max(1, limit))
        self.core = core
        stream = AsyncStream(unfolding: { await core.take() }, onCancel: { core.end() })
    }

    /// Queues `element`, waiting while the feed is full; false once the feed is finished or the
    /// consumer is gone (or this task is cancelled), when the element is dropped.
    func send(_ element: Element) async -> Bool { await core.put(element) }

    /// Queues `element` when there is room, and drops it otherwise (for what only matters while
    /// the consumer keeps up, like a watch's bookmark tick).
    func offer(_ element: Element) { _ = core.tryPut(element) }

    /// Ends the stream: the consumer sees the end once it has taken what is queued.
    func finish() { core.finish() }
}

/// The queue and the parties waiting on it.
final class FeedCore<Element: Sendable>: Sendable {
    private struct State {
        var items: [Element] = []
        var finished = false
        /// The consumer is gone: nothing more is taken.
        var ended = false
        var consumer: CheckedContinuation<Element?, Never>?
        var producers: [(id: UInt64, waiter: CheckedContinuation<Bool, Never>)] = []
        var nextID: UInt64 = 0
    }
    private let limit: Int
    private let state = Mutex(State())

    init(limit: Int) { self.limit = limit }

    /// What `tryPut` did.
    enum PutResult { case queued, full, closed }

    /// Hands `element` to a waiting consumer or queues it when there is room.
    func tryPut(_ element: Element) -> PutResult {
        let (result, consumer): (PutResult, CheckedContinuation<Element?, Never>?) = state.withLock { s in
            if s.finished || s.ended { return (.closed, nil) }
            if let waiting = s.consumer {
                s.consumer = nil
                return (.queued, waiting)
            }
            guard s.items.count < limit else { return (.full, nil) }
            s.items.append(element)
            return (.queued, nil)
        }
        consumer?.resume(returning: element)
        return result
    }

    /// Puts `element`, waiting for room; false when the feed closed first or the task was cancelled.
    func put(_ element: Element) async -> Bool {
        while true {
            switch tryPut(element) {
            case .queued: return true
            case .closed: return false
            case .full: guard await roomOrClose() else { return false }
            }
        }
    }

    /// Waits until the consumer takes an element (true) or the feed closes or the task is cancelled (false).
    private func roomOrClose() async -> Bool {
        let id = state.withLock { s in
            s.nextID += 1
            return s.nextID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (waiter: CheckedContinuation<Bool, Never>) in
                let now: Bool? = state.withLock { s in
                    if s.finished || s.ended || Task.isCancelled { return false }
                    if s.items.count < limit { return true }
                    s.producers.append((id, waiter))
                    return nil
                }
                if let now { waiter.resume(returning: now) }
            }
        } onCancel: {
            let waiter = state.withLock { s in s.producers.firstIndex { $0.id == id }.map { s.producers.remove(at: $0).waiter } }
            waiter?.resume(returning: false)
        }
    }

    /// The next element, waiting for one; nil once the feed is finished and empty, or ended.
    func take() async -> Element? {
        if let answer = takeNow(registering: nil) { return answer }
        return await withCheckedContinuation { (consumer: CheckedContinuation<Element?, Never>) in
            if let answer = takeNow(registering: consumer) { consumer.resume(returning: answer) }
        }
    }

    /// The next element, or the end, if either is there now (waking a producer waiting for room);
    /// otherwise nil, and `consumer` (when given) waits for the next put or the end.
    private func takeNow(registering consumer: CheckedContinuation<Element?, Never>?) -> Element?? {
        let (answer, producer): (Element??, CheckedContinuation<Bool, Never>?) = state.withLock { s in
            if !s.items.isEmpty {
                let element = s.items.removeFirst()
                return (.some(element), s.producers.isEmpty ? nil : s.producers.removeFirst().waiter)
            }
            if s.finished || s.ended { return (.some(nil), nil) }
            if let consumer { s.consumer = consumer }
            return (nil, nil)
        }
        producer?.resume(returning: true)
        return answer
    }

    /// No more elements: the consumer gets what is queued, then the end; waiting producers get false.
    func finish() { close { $0.finished = true } }

    /// The consumer is gone: what is queued is dropped; waiting producers get false.
    func end() {
        close { s in
            s.ended = true
            s.items.removeAll()
        }
    }

    private func close(_ change: (inout State) -> Void) {
        let (consumer, producers): (CheckedContinuation<Element?, Never>?, [CheckedContinuation<Bool, Never>]) = state.withLock { s in
            change(&s)
            let waiting = s.producers.map(\.waiter)
            s.producers.removeAll()
            // A waiting consumer means nothing is queued: it gets the end.
            let consumer = s.consumer
            s.consumer = nil
            return (consumer, waiting)
        }
        consumer?.resume(returning: nil)
        for producer in producers { producer.resume(returning: false) }
    }
}
