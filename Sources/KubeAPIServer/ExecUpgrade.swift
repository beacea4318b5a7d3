import HTTPTypes
import HummingbirdWebSocket
import KubeModel
import NIOCore
import NodeAPI

/// Accepts `pods/exec` WebSocket upgrades (subprotocol `v5.channel.k8s.io`) and runs the session against the node.
struct ExecUpgrade: Sendable {
    let core: APIServerCore
    let authenticator: Authenticator
    static let subprotocol = "v5.channel.k8s.io"

    typealias Handler = WebSocketDataHandler<HTTP1WebSocketUpgradeChannel.Context>

    /// Upgrades every authenticated exec request that asks for `v5.channel.k8s.io`; one that cannot run (no such
    /// pod or container, no node) gets its reason as the session's final Status. Others are declined (Hummingbird
    /// then answers 400).
    func shouldUpgrade(_ head: HTTPRequest) async -> ShouldUpgradeResult<Handler> {
        guard let upgrade = PodStreamUpgrade(head, subresource: "exec"), upgrade.protocols.contains(Self.subprotocol),
              await upgrade.isAuthenticated(by: authenticator)
        else { return .dontUpgrade }
        // From here on the upgrade is accepted: a request that cannot run gets its reason as the session's Status,
        // which kubectl prints as `error: <message>`.
        let req = upgrade.request, query = req.query, ns = upgrade.namespace, name = upgrade.name
        let plan: Result<(ExecRequest, any PodStreamProvider), APIError>
        do {
            plan = .success(try await prepare(req, ns, name, query))
        } catch let e as APIError {
            plan = .failure(e)
        } catch {
            plan = .failure(.internalError("\(error)"))
        }
        let logger = core.logger
        return .upgrade([.secWebSocketProtocol: Self.subprotocol]) { inbound, outbound, _ in
            let status: JSON
            switch plan {
            case .failure(let e):
                status = ["metadata": [:], "status": "Failure", "reason": .string(e.reason), "message": .string(e.message)]
                try await outbound.write(.binary(ByteBuffer(bytes: [3] + status.serialized())))
                try await outbound.close(.normalClosure, reason: nil)
                for try await _ in inbound {}
            case .success(let (request, provider)):
                logger.info("exec", metadata: ["pod": "\(ns)/\(name)", "container": "\(request.container)"])
                try await Self.run(request, provider, inbound: inbound, outbound: outbound)
            }
        }
    }

    /// Resolves the pod, container and node for an exec request, or fails with the Status to report.
    private func prepare(_ req: APIRequest, _ ns: String, _ name: String, _ query: QueryParameters) async throws
        -> (ExecRequest, any PodStreamProvider)
    {
        let target = try await core.streamTarget(req, ns, name)
        let phase = target.pod[["status", "phase"]].stringValue ?? ""
        if phase == "Succeeded" || phase == "Failed" {
            throw APIError.badRequest("cannot exec into a container in a completed pod; current phase is \(phase)")
        }
        guard let provider = core.podStreams, !(target.pod[["spec", "nodeName"]].stringValue ?? "").isEmpty else {
            throw APIError.badRequest("pod \(name) is not running on any node: exec is unavailable")
        }
        let command = query.all("command")
        guard !command.isEmpty else { throw APIError.badRequest("you must specify at least 1 command") }
        return (ExecRequest(namespace: ns, pod: name, container: target.container, command: command,
                            stdin: query.flag("stdin"), tty: query.flag("tty")), provider)
    }

    /// Runs one session: client frames feed the process, its output goes back framed, then the final Status and
    /// a close frame; the client's close reply ends the inbound stream.
    static func run(_ request: ExecRequest, _ provider: any PodStreamProvider, inbound: WebSocketInboundStream,
                    outbound: WebSocketOutboundWriter) async throws {
        let feed = BoundedFeed<ExecInput>(limit: 16)
        let input = feed.stream
        let reader = Task {
            do {
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    guard case .binary(var buffer) = message, let channel = buffer.readInteger(as: UInt8.self) else { continue }
                    if let input = ExecFrames.input(channel: channel, payload: Array(buffer: buffer)) {
                        guard await feed.send(input) else { break }
                    }
                }
            } catch {}
            feed.finish()
        }
        let status: JSON
        do {
            let code = try await provider.exec(request, input: input) { stream, bytes in
                try? await outbound.write(.binary(ByteBuffer(bytes: [stream.rawValue] + bytes)))
            }
            status = ExecFrames.status(exitCode: code, command: request.command)
        } catch let e as PodStreamError {
            status = ["metadata": [:], "status": "Failure", "reason": "InternalError", "message": .string(e.message)]
        } catch {
            status = ["metadata": [:], "status": "Failure", "reason": "InternalError", "message": .string("\(error)")]
        }
        feed.finish()
        try await outbound.write(.binary(ByteBuffer(bytes: [3] + status.serialized())))
        try await outbound.close(.normalClosure, reason: nil)
        await reader.value
    }
}

/// The v5.channel.k8s.io framing: client channels in, the final Status out.
enum ExecFrames {
    /// Interprets one client frame (channel byte removed).
    static func input(channel: UInt8, payload: [UInt8]) -> ExecInput? {
        switch channel {
        case 0: return .stdin(payload)
        case 4:
            guard let size = try? JSON.parse(payload), let w = size["Width"].intValue, let h = size["Height"].intValue else {
                return nil
            }
            return .resize(width: Int(w), height: Int(h))
        case 255:
            return payload.first == 0 ? .closeStdin : nil
        default:
            return nil
        }
    }

    /// The channel-3 Status kubectl turns into its exit code.
    static func status(exitCode: Int32, command: [String]) -> JSON {
        if exitCode == 0 { return ["metadata": [:], "status": "Success"] }
        let code = max(0, min(255, Int(exitCode)))
        return [
            "metadata": [:], "status": "Failure",
            "message": .string("command terminated with non-zero exit code: error executing command [\(command.joined(separator: " "))], exit code \(code)"),
            "reason": "NonZeroExitCode",
            "details": ["causes": [["reason": "ExitCode", "message": .string(String(code))]]],
        ]
    }
}
