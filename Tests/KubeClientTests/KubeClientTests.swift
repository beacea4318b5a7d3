// The client against the embedded API server over real HTTPS: CRUD with Status errors, watch,
// and an informer following creates, updates and deletes.
import KubeClient
import KubeModel
import KubeTestSupport
import Testing

@Suite("KubeClient against the embedded API server", .serialized)
struct KubeClientTests {
    let cm = ResourcePath.configMaps

    func configMap(_ name: String, _ value: String) -> JSON {
        ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(name)], "data": ["k": .string(value)]]
    }

    @Test func crudAndStatusErrors() async throws {
        let server = try await LocalServer()
        defer { server.shutdown() }
        let client = try KubeClient(config: server.config)
        defer { client.shutdown() }
        _ = try await client.create(ResourcePath.namespaces.collection(), ["metadata": ["name": "demo"]])
        let created = try await client.create(cm.collection(namespace: "demo"), configMap("a", "1"))
        #expect(created[["data", "k"]] == "1")
        let patched = try await client.patch(cm.object("a", namespace: "demo"), ["data": ["k": "2"]])
        #expect(patched[["data", "k"]] == "2")
        var stale = created
        stale[["data", "k"]] = "3"
        await #expect(throws: KubeClientError.self) { _ = try await client.update(cm.object("a", namespace: "demo"), stale) }
        do {
            _ = try await client.update(cm.object("a", namespace: "demo"), stale)
        } catch let error as KubeClientError {
            #expect(error.isConflict, "\(error)")
        }
        let missing = await #expect(throws: KubeClientError.self) { _ = try await client.get(cm.object("zz", namespace: "demo")) }
        #expect(missing?.isNotFound == true)
        #expect(missing?.description.contains("configmaps \"zz\" not found") == true, "\(String(describing: missing))")
        try await client.delete(cm.object("a", namespace: "demo"))
        try await client.delete(cm.object("a", namespace: "demo"), ignoreNotFound: true)
        let list = try await client.get(cm.collection(namespace: "demo"))
        #expect(list["items"].arrayValue?.isEmpty == true)
    }

    @Test func badTokenIsRefused() async throws {
        let server = try await LocalServer()
        defer { server.shutdown() }
        var config = server.config
        config.token = "wrong"
        let client = try KubeClient(config: config)
        let error = await #expect(throws: KubeClientError.self) { _ = try await client.get("/api/v1/namespaces") }
        #expect(error?.code == 401)
    }

    @Test func watchDeliversEventsInOrder() async throws {
        let server = try await LocalServer()
        defer { server.shutdown() }
        let client = try KubeClient(config: server.config)
        _ = try await client.create(ResourcePath.namespaces.collection(), ["metadata": ["name": "w"]])
        let rv = try await client.get(cm.collection(namespace: "w"))[["metadata", "resourceVersion"]].stringValue
        let events = client.watch(cm.collection(namespace: "w"), resourceVersion: rv)
        _ = try await client.create(cm.collection(namespace: "w"), configMap("x", "1"))
        _ = try await client.patch(cm.object("x", namespace: "w"), ["data": ["k": "2"]])
        try await client.delete(cm.object("x", namespace: "w"))
        var seen: [String] = []
        for try await event in events where event.type != "BOOKMARK" {
            seen.append("\(event.type) \(event.object.name) \(event.object[["data", "k"]].stringValue ?? "")")
            if seen.count == 3 { break }
        }
        #expect(seen == ["ADDED x 1", "MODIFIED x 2", "DELETED x 2"])
    }

    @Test func informerFollowsTheCollection() async throws {
        let server = try await LocalServer()
        defer { server.shutdown() }
        let client = try KubeClient(config: server.config)
        _ = try await client.create(ResourcePath.namespaces.collection(), ["metadata": ["name": "i"]])
        _ = try await client.create(cm.collection(namespace: "i"), configMap("before", "0"))
        let informer = Informer(client: client, path: cm.collection())
        let events = await informer.events()
        await informer.start()
        await informer.waitForSync()
        #expect(await informer.get(namespace: "i", name: "before")?[["data", "k"]] == "0")
        _ = try await client.create(cm.collection(namespace: "i"), configMap("after", "1"))
        _ = try await client.patch(cm.object("after", namespace: "i"), ["data": ["k": "2"]])
        try await client.delete(cm.object("before", namespace: "i"))
        var seen: [String] = []
        for await event in events {
            switch event {
            case .added(let o): seen.append("added \(o.name)")
            case .modified(_, let o): seen.append("modified \(o.name) \(o[["data", "k"]].stringValue ?? "")")
            case .deleted(let o): seen.append("deleted \(o.name)")
            }
            if seen.last == "deleted before" { break }
        }
        #expect(seen.suffix(3) == ["added after", "modified after 2", "deleted before"], "\(seen)")
        #expect(await informer.get(namespace: "i", name: "before") == nil)
        await informer.stop()
    }

    @Test func informerCatchesUpAfterTheServerRestarts() async throws {
        let server = try await LocalServer()
        defer { server.shutdown() }
        let client = try KubeClient(config: server.config)
        _ = try await client.create(ResourcePath.namespaces.collection(), ["metadata": ["name": "r"]])
        let informer = Informer(client: client, path: cm.collection(namespace: "r"), watchTimeout: 1...1)
        await informer.start()
        await informer.waitForSync()
        try await server.restart()
        for i in 0..<5 { _ = try await client.create(cm.collection(namespace: "r"), configMap("c\(i)", "\(i)")) }
        for _ in 0..<1200 where await informer.items.count < 5 { try await Task.sleep(nanoseconds: 50_000_000) }
        #expect(await informer.items.count == 5)
        await informer.stop()
    }
}
