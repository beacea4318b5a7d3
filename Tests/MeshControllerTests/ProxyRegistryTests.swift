// The registry: a proxy gets its config once the snapshot knows its pod, again only when it
// changes (with a higher version), never for a pod running as another identity.
import MeshController
import MeshProtocol
import Synchronization
import Testing

/// Collects what the registry sends one proxy.
final class Inbox: Sendable {
    let messages = Mutex<[ConfigStreamMessage]>([])
    var send: @Sendable (ConfigStreamMessage) -> Void { { m in self.messages.withLock { $0.append(m) } } }
    var configs: [ProxyConfig] { messages.withLock { $0.compactMap { if case .config(let c) = $0 { c } else { nil } } } }
}

@Suite("Proxy registry")
struct ProxyRegistryTests {
    let curl = ServiceIdentity(serviceAccount: "curl", namespace: "curl")

    @Test func configsArePushedOnlyWhenTheyChange() async throws {
        let registry = ProxyRegistry()
        let inbox = Inbox()
        let id = try await registry.register(namespace: "curl", pod: "curl-1", identity: curl, send: inbox.send).get()
        #expect(inbox.configs.isEmpty, "nothing before the first snapshot")
        await registry.update(Fixtures.snapshot(permissive: false))
        #expect(inbox.configs.count == 1 && inbox.configs[0].outbound.isEmpty, "SMI mode, no targets: no routes")
        await registry.update(Fixtures.snapshot(permissive: false))
        #expect(inbox.configs.count == 1, "an unchanged config is not sent again")
        await registry.update(Fixtures.snapshot(permissive: true))
        #expect(inbox.configs.count == 2 && inbox.configs[1].outbound.map(\.service.name) == ["tcp-echo"])
        #expect(inbox.configs[1].version > inbox.configs[0].version)
        await registry.unregister(id)
        await registry.update(Fixtures.snapshot(permissive: false))
        let remaining = await registry.count
        #expect(inbox.configs.count == 2 && remaining == 0)
    }

    @Test func aProxyMustRunAsItsPodsServiceAccount() async {
        let registry = ProxyRegistry()
        await registry.update(Fixtures.snapshot(permissive: true))
        let result = await registry.register(namespace: "tcp-demo", pod: "tcp-echo-1", identity: curl, send: Inbox().send)
        guard case .failure(let refusal) = result else {
            Issue.record("registered with the wrong identity")
            return
        }
        #expect(refusal.description.contains("does not match pod tcp-demo/tcp-echo-1, which runs as tcp-echo.tcp-demo"))
    }

    @Test func versionsStartAboveAnEarlierControllers() async throws {
        let inbox = Inbox()
        let registry = ProxyRegistry()
        await registry.update(Fixtures.snapshot(permissive: true))
        _ = try await registry.register(namespace: "curl", pod: "curl-1", identity: curl, send: inbox.send).get()
        #expect(try #require(inbox.configs.first).version > 1_700_000_000_000, "milliseconds since 1970 at start")
    }
}
