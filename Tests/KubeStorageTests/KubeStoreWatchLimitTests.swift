// A watcher that does not take its changes ends once more than its limit wait, after those; the
// replay of retained history does not count against the limit.
import KubeModel
import KubeStorage
import Testing

@Suite("KubeStore watch limit")
struct KubeStoreWatchLimitTests {
    func configMap(_ i: Int) -> ObjectKey { ObjectKey(collection: "core/configmaps", namespace: "ns", name: "c\(i)") }

    @Test func aWatcherThatFallsBehindEndsAfterWhatWaits() async throws {
        let s = try KubeStore(path: nil)
        let stream = try await s.watch(collection: "core/configmaps", namespace: nil, from: nil, limit: 3)
        #expect(await s.watcherCount == 1)
        for i in 0..<3 { _ = try await s.create(configMap(i), ["metadata": ["name": .string("c\(i)")]]) }
        #expect(await s.watcherCount == 1, "three wait: the limit, not past it")
        _ = try await s.create(configMap(3), ["metadata": ["name": "c3"]])
        #expect(await s.watcherCount == 0, "the fourth ends the watcher")
        var names: [String] = []
        for await e in stream { names.append(e.key.name) }
        #expect(names == ["c0", "c1", "c2"], "what waited, then the end")
    }

    @Test func theReplayDoesNotCountAgainstTheLimit() async throws {
        let s = try KubeStore(path: nil)
        for i in 0..<10 { _ = try await s.create(configMap(i), ["metadata": ["name": .string("c\(i)")]]) }
        let stream = try await s.watch(collection: "core/configmaps", namespace: nil, from: 0, limit: 2)
        _ = try await s.create(configMap(10), ["metadata": ["name": "c10"]])
        #expect(await s.watcherCount == 1, "ten replayed and one live change fit")
        var it = stream.makeAsyncIterator()
        var names: [String] = []
        for _ in 0..<11 { if let e = await it.next() { names.append(e.key.name) } }
        #expect(names == (0...10).map { "c\($0)" })
    }
}
