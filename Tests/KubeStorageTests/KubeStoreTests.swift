import Foundation
import KubeModel
import KubeStorage
import Testing

@Suite("KubeStore")
struct KubeStoreTests {
    let key = ObjectKey(collection: "core/configmaps", namespace: "ns", name: "a")

    func tempPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString).db").path
    }

    @Test func createUpdateDeleteBumpRevisions() async throws {
        let s = try KubeStore(path: nil)
        let a = try await s.create(key, ["metadata": ["name": "a"], "data": ["k": "1"]])
        #expect(a[["metadata", "resourceVersion"]] == "1")
        await #expect(throws: StoreError.alreadyExists(key)) { try await s.create(key, [:]) }
        var next = a
        next[["data", "k"]] = "2"
        let b = try await s.update(key, next, expected: 1)
        #expect(b[["metadata", "resourceVersion"]] == "2")
        await #expect(throws: StoreError.conflict(key, expected: 1, actual: 2)) { try await s.update(key, next, expected: 1) }
        let same = try await s.update(key, b)
        #expect(same == b, "an identical write changes nothing")
        #expect(await s.currentRevision == 2)
        let gone = try await s.delete(key)
        #expect(gone[["metadata", "resourceVersion"]] == "3")
        #expect(await s.get(key) == nil)
    }

    @Test func restartKeepsObjectsAndRevision() async throws {
        let path = tempPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let s = try KubeStore(path: path)
            for i in 0..<20 {
                _ = try await s.create(ObjectKey(collection: "core/pods", namespace: "n", name: "p\(i)"),
                                       ["metadata": ["name": .string("p\(i)")]])
            }
        }
        let s = try KubeStore(path: path)
        let (items, rv) = await s.list(collection: "core/pods", namespace: "n")
        #expect(items.count == 20)
        #expect(rv == 20)
        let created = try await s.create(key, ["metadata": ["name": "a"]])
        #expect(created[["metadata", "resourceVersion"]] == "21")
    }

    @Test func watchReplaysFromRevisionThenFollows() async throws {
        let s = try KubeStore(path: nil)
        _ = try await s.create(key, ["metadata": ["name": "a"]])
        _ = try await s.create(ObjectKey(collection: "core/configmaps", namespace: "ns", name: "b"), ["metadata": ["name": "b"]])
        let stream = try await s.watch(collection: "core/configmaps", namespace: "ns", from: 1)
        _ = try await s.delete(key)
        var it = stream.makeAsyncIterator()
        let e1 = await it.next()
        let e2 = await it.next()
        #expect(e1?.type == .added && e1?.key.name == "b" && e1?.resourceVersion == 2)
        #expect(e2?.type == .deleted && e2?.key.name == "a" && e2?.resourceVersion == 3)
    }

    @Test func watchFromCompactedRevisionIsTooOld() async throws {
        let path = tempPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let s = try KubeStore(path: path)
        for i in 0..<3 { _ = try await s.create(ObjectKey(collection: "c/x", namespace: "", name: "o\(i)"), [:]) }
        // A fresh store that has history is fine from any retained revision.
        _ = try await s.watch(collection: "c/x", namespace: nil, from: 0)
        let reopened = try KubeStore(path: path)
        _ = try await reopened.watch(collection: "c/x", namespace: nil, from: 1)
    }
}
