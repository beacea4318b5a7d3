// The controller's stream handler on a testing channel: hello → config; a second hello, a hello
// without a verified identity, or one from the wrong identity → refused and closed.
import Logging
import MeshController
import MeshProtocol
import NIOCore
import NIOEmbedded
import Testing

@Suite("Config stream server handler")
struct ConfigStreamServerHandlerTests {
    let curl = ServiceIdentity(serviceAccount: "curl", namespace: "curl")

    func channel(_ registry: ProxyRegistry, identity: ServiceIdentity?) async throws -> NIOAsyncTestingChannel {
        try await NIOAsyncTestingChannel(handler: ConfigStreamServerHandler(registry: registry, logger: Logger(label: "test")) { identity })
    }

    @Test func helloGetsTheConfigAndAChangeGetsAnother() async throws {
        let registry = ProxyRegistry()
        await registry.update(Fixtures.snapshot(permissive: false))
        let channel = try await channel(registry, identity: curl)
        try await channel.writeInbound(ConfigStreamMessage.hello(namespace: "curl", pod: "curl-1"))
        guard case .config(let first) = try await channel.waitForOutboundWrite(as: ConfigStreamMessage.self) else {
            Issue.record("a config first")
            return
        }
        #expect(first.identity == curl && first.outbound.isEmpty)
        await registry.update(Fixtures.snapshot(permissive: true))
        guard case .config(let second) = try await channel.waitForOutboundWrite(as: ConfigStreamMessage.self) else {
            Issue.record("a second config")
            return
        }
        #expect(second.permissive && second.version > first.version)
        try await channel.writeInbound(ConfigStreamMessage.hello(namespace: "curl", pod: "curl-1"))
        #expect(try await channel.waitForOutboundWrite(as: ConfigStreamMessage.self) == .refused(reason: "protocol violation: the proxy may send one hello only"))
        try await channel.closeFuture.get()
        for _ in 0..<100 where await registry.count > 0 { try await Task.sleep(for: .milliseconds(10)) }
        let remaining = await registry.count
        #expect(remaining == 0, "a closed stream unregisters its proxy")
    }

    @Test func helloWithoutIdentityOrWithAnotherPodsIdentityIsRefused() async throws {
        let registry = ProxyRegistry()
        await registry.update(Fixtures.snapshot(permissive: true))
        var channel = try await channel(registry, identity: nil)
        try await channel.writeInbound(ConfigStreamMessage.hello(namespace: "curl", pod: "curl-1"))
        #expect(try await channel.waitForOutboundWrite(as: ConfigStreamMessage.self) == .refused(reason: "no verified mesh identity on this connection"))
        channel = try await self.channel(registry, identity: curl)
        try await channel.writeInbound(ConfigStreamMessage.hello(namespace: "tcp-demo", pod: "tcp-echo-1"))
        guard case .refused(let reason) = try await channel.waitForOutboundWrite(as: ConfigStreamMessage.self) else {
            Issue.record("refused")
            return
        }
        #expect(reason.contains("runs as tcp-echo.tcp-demo"))
        try await channel.closeFuture.get()
    }
}
