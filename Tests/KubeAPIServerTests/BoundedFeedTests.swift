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

    @Test func aWaitingProducerLearnsAtOnceWhenTheConsumerIsCancelled() async {
        let feed = BoundedFeed<Int>(limit: 1)
        let taken = Atomic<Int>(0)
        let consumer = Task {
            for await _ in feed.stream {
                taken.add(1, ordering: .relaxed)
                try? await Task.sleep(for: .seconds(3600))  // takes one, then never again
            }
        }
        #expect(await feed.send(1))
        while taken.load(ordering: .relaxed) == 0 { await Task.yield() }
        #expect(await feed.send(2), "room for one")
        let blocked = Task { await feed.send(3) }  // full: waits
        consumer.cancel()
        #expect(await blocked.value == false, "the consumer's cancellation ends the feed for the waiting producer")
        #expect(await feed.send(4) == false)
    }

    @Test func finishLetsTheConsumerTakeWhatIsQueuedThenEnds() async {
        let feed = BoundedFeed<Int>(limit: 4)
        for i in 0..<4 { _ = await feed.send(i) }
        let blocked = Task { await feed.send(9) }
        feed.finish()
        #expect(await blocked.value == false)
        var seen: [Int] = []
        for await value in feed.stream { seen.append(value) }
        #expect(seen == [0, 1, 2, 3])
    }
}
