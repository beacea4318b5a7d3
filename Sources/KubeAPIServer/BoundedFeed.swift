// A hand-off between two tasks that holds at most a few elements: from a WebSocket session's
// reader to the node, so a client that writes faster than the pod consumes (stdin of `kubectl
// exec`, a port-forward upload) is held back by TCP; and from a streamed response's producer (a
// watch, `kubectl logs -f`) to the task writing it, so a client that reads slowly holds the
// producer back. Either way the API server's memory does not fill.

/// An AsyncStream whose producer waits while `limit` elements are queued.
struct BoundedFeed<Element: Sendable>: Sendable {
    /// What the consumer iterates.
    let stream: AsyncStream<Element>
    private let continuation: AsyncStream<Element>.Continuation

    /// A feed that queues at most `limit` elements.
    init(limit: Int) {
        (stream, continuation) = AsyncStream<Element>.makeStream(bufferingPolicy: .bufferingOldest(limit))
    }

    /// Queues `element`, waiting while the feed is full; false once the feed is finished (the
    /// consumer is gone), when the element is dropped.
    func send(_ element: Element) async -> Bool {
        var pending = element
        var pause: UInt64 = 1_000_000
        while true {
            switch continuation.yield(pending) {
            case .enqueued: return true
            case .terminated: return false
            case .dropped(let element): pending = element
            @unknown default: return false
            }
            // The stream has no "space again" signal: poll, 1 ms doubling up to 20 ms.
            guard (try? await Task.sleep(nanoseconds: pause)) != nil else { return false }
            pause = min(pause * 2, 20_000_000)
        }
    }

    /// Queues `element` when there is room, and drops it otherwise (for what only matters while
    /// the consumer keeps up, like a watch's bookmark tick).
    func offer(_ element: Element) {
        _ = continuation.yield(element)
    }

    /// Ends the stream: the consumer sees the end once it has taken what is queued.
    func finish() { continuation.finish() }
}
