import HTTPTypes
import HummingbirdWebSocket
import KubeModel
import NIOCore
import NodeAPI

/// Accepts `pods/portforward` WebSocket upgrades (subprotocol `v4.channel.k8s.io`, or none: binary channels, as the
/// kubelet serves them) and relays each requested port through the node: channel 2i carries port i's data, 2i+1 its
/// errors, and both start with the port as a little-endian UInt16.
struct PortForwardUpgrade: Sendable {
    let core: APIServerCore
    let authenticator: Authenticator
    static let subprotocol = "v4.channel.k8s.io"

    typealias Handler = WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>

    /// Upgrades authenticated port-forward requests; one that cannot run (no such pod, no node, bad ports) gets its
    /// reason on the first error channel, then a close frame.
    func shouldUpgrade(_ head: HTTPRequest) async -> ShouldUpgradeResult<Handler> {
        guard let upgrade = PodStreamUpgrade(head, subresource: "portforward"),
              upgrade.protocols.isEmpty || upgrade.protocols.contains(Self.subprotocol),
              await upgrade.isAuthenticated(by: authenticator)
        else { return .dontUpgrade }
        let req = upgrade.request, ns = upgrade.namespace, name = upgrade.name, protocols = upgrade.protocols
        let ports = Self.ports(req.query.all("ports"))
        let plan: Result<(uid: String, provider: any PortForwardProvider), APIError>
        do {
            plan = .success(try await prepare(req, ns, name, ports))
        } catch let e as APIError {
            plan = .failure(e)
        } catch {
            plan = .failure(.internalError("\(error)"))
        }
        let logger = core.logger
        let answer: HTTPFields = protocols.isEmpty ? [:] : [.secWebSocketProtocol: Self.subprotocol]
        return .upgrade(answer) { inbound, outbound, _ in
            switch plan {
            case .failure(let e):
                let port = (try? ports.get().first) ?? 0
                try await outbound.write(.binary(ByteBuffer(bytes: [1] + Self.prefix(port))))
                try await outbound.write(.binary(ByteBuffer(bytes: [1] + Array(e.message.utf8))))
                try await outbound.close(.normalClosure, reason: nil)
                for try await _ in inbound {}
            case .success(let (uid, provider)):
                let list = (try? ports.get()) ?? []
                logger.info("port-forward", metadata: ["pod": "\(ns)/\(name)", "ports": "\(list)"])
                try await Self.run(ns, name, uid, list, provider, inbound: inbound, outbound: outbound)
            }
        }
    }

    /// The `ports` query values (each may be a comma-separated list), with the kubelet's messages.
    static func ports(_ values: [String]) -> Result<[UInt16], APIError> {
        guard !values.isEmpty else { return .failure(.badRequest("query parameter \"ports\" is required")) }
        var out: [UInt16] = []
        for value in values {
            guard !value.isEmpty else { return .failure(.badRequest("query parameter \"ports\" cannot be empty")) }
            for p in value.split(separator: ",", omittingEmptySubsequences: false) {
                guard let port = UInt16(p) else { return .failure(.badRequest("unable to parse \"\(value)\" as a port")) }
                guard port > 0 else { return .failure(.badRequest("port \"\(value)\" must be > 0")) }
                out.append(port)
            }
        }
        // Each port takes two one-byte channel numbers.
        guard out.count <= 128 else { return .failure(.badRequest("at most 128 ports can be forwarded at once, got \(out.count)")) }
        return .success(out)
    }

    /// The port as the two bytes each channel starts with.
    static func prefix(_ port: UInt16) -> [UInt8] { [UInt8(port & 0xff), UInt8(port >> 8)] }

    /// Resolves the pod and its node, or fails with the message to report.
    private func prepare(_ req: APIRequest, _ ns: String, _ name: String, _ ports: Result<[UInt16], APIError>) async throws
        -> (uid: String, provider: any PortForwardProvider)
    {
        _ = try ports.get()
        let pod = try await core.pod(ns, name)
        let phase = pod[["status", "phase"]].stringValue ?? ""
        guard phase == "Running" else {
            throw APIError.badRequest("unable to forward port because pod is not running. Current status=\(phase)")
        }
        guard let provider = core.podStreams as? any PortForwardProvider, !(pod[["spec", "nodeName"]].stringValue ?? "").isEmpty
        else { throw APIError.badRequest("pod \(name) is not running on any node: port forwarding is unavailable") }
        return (pod.uid, provider)
    }

    /// Runs one session: each port relays until its pod side closes or the client goes; then a close frame.
    static func run(_ ns: String, _ name: String, _ uid: String, _ ports: [UInt16], _ provider: any PortForwardProvider,
                    inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        var inputs: [AsyncStream<[UInt8]>] = []
        var feeds: [BoundedFeed<[UInt8]>] = []
        for (i, port) in ports.enumerated() {
            let feed = BoundedFeed<[UInt8]>(limit: 16)
            inputs.append(feed.stream)
            feeds.append(feed)
            try await outbound.write(.binary(ByteBuffer(bytes: [UInt8(2 * i)] + prefix(port))))
            try await outbound.write(.binary(ByteBuffer(bytes: [UInt8(2 * i + 1)] + prefix(port))))
        }
        let allFeeds = feeds
        let reader = Task {
            do {
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    guard case .binary(var buffer) = message, let channel = buffer.readInteger(as: UInt8.self),
                          channel % 2 == 0, Int(channel / 2) < allFeeds.count else { continue }
                    // A port whose pod side ended drops what comes for it; the others go on.
                    _ = await allFeeds[Int(channel / 2)].send(Array(buffer: buffer))
                }
            } catch {}
            for feed in allFeeds { feed.finish() }
        }
        await withTaskGroup(of: Void.self) { group in
            for (i, port) in ports.enumerated() {
                let input = inputs[i]
                group.addTask {
                    let request = PortForwardRequest(namespace: ns, pod: name, port: port)
                    do {
                        try await provider.portForward(request, input: input) { bytes in
                            try? await outbound.write(.binary(ByteBuffer(bytes: [UInt8(2 * i)] + bytes)))
                        }
                    } catch {
                        let reason = (error as? PodStreamError)?.message ?? "\(error)"
                        let message = "error forwarding port \(port) to pod \(name), uid \(uid): \(reason)"
                        try? await outbound.write(.binary(ByteBuffer(bytes: [UInt8(2 * i + 1)] + Array(message.utf8))))
                    }
                }
            }
        }
        for feed in feeds { feed.finish() }
        try await outbound.close(.normalClosure, reason: nil)
        await reader.value
    }
}
