// BoundedFeed: the reader of a WebSocket session waits while the node has not taken what it was
// given, and stops once the node is gone.
@testable import KubeAPIServer
import Synchronization
import Testing

@Suite struct BoundedFeedTests {
    @Test func aProducerNeverGetsMoreThanTheLimitAheadOfTheConsumer() async throws {
        let feed = BoundedFeed<Int>(limit: 4)
        let sent = Atomic<Int>(0)
        let producer = Task {
            for i in 0..<40 {
                guard await feed.send(i) else { return }
                sent.add(1, ordering: .relaxed)
            }
            feed.finish()
        }
        var received: [Int] = []
        var maxAhead = 0
        for await value in feed.stream {
            try await Task.sleep(for: .milliseconds(2))  // a slow consumer
            received.append(value)
            maxAhead = max(maxAhead, sent.load(ordering: .relaxed) - received.count)
        }
        await producer.value
        #expect(received == Array(0..<40), "nothing lost, nothing reordered")
        #expect(maxAhead <= 5, "the queue holds at most 4, plus the one being handed over (saw \(maxAhead))")
        #expect(maxAhead >= 3, "the producer did run ahead up to the limit (saw \(maxAhead))")
    }

    @Test func aWaitingProducerStopsOnceTheFeedIsFinished() async throws {
        let feed = BoundedFeed<Int>(limit: 2)
        #expect(await feed.send(1))
        #expect(await feed.send(2))
        let third = Task { await feed.send(3) }  // full: waits
        try await Task.sleep(for: .milliseconds(30))
        feed.finish()
        #expect(await third.value == false)
        #expect(await feed.send(4) == false)
        var drained: [Int] = []
        for await value in feed.stream { drained.append(value) }
        #expect(drained == [1, 2])
    }

    @Test func anOfferIsDroppedWhenFullAndNeverWaits() async {
        let feed = BoundedFeed<Int>(limit: 1)
        feed.offer(1)
        feed.offer(2)  // full: dropped at once
        feed.finish()
        var seen: [Int] = []
        for await value in feed.stream { seen.append(value) }
        #expect(seen == [1])
    }
}
