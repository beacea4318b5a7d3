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

    /// Upgrades only a valid, authenticated exec request for a pod a node serves; anything else falls through to
    /// the HTTP handler, which answers with a `Status`.
    func shouldUpgrade(_ head: HTTPRequest) async -> ShouldUpgradeResult<Handler> {
        let full = head.path ?? "/"
        let parts = full.split(separator: "?", maxSplits: 1)
        let path = String(parts.first ?? "/")
        let query = QueryParameters(parts.count > 1 ? String(parts[1]) : "")
        guard path.hasSuffix("/exec"), let info = RequestInfo(path: path), info.subresource == "exec",
            info.group.isEmpty, info.resource == "pods", let ns = info.namespace, let name = info.name
        else { return .dontUpgrade }
        let protocols = head.headerFields[values: .secWebSocketProtocol].flatMap { $0.split(separator: ",") }
            .map { String($0).trimmingSpaces }
        guard protocols.contains(Self.subprotocol) else { return .dontUpgrade }
        var headers: [String: String] = [:]
        for f in head.headerFields { headers[f.name.canonicalName.lowercased()] = f.value }
        guard await authenticator.authenticate(headers: headers, path: path) != nil else { return .dontUpgrade }
        let req = APIRequest(method: "GET", path: path, query: query, headers: headers, body: [])
        guard let target = try? await core.streamTarget(req, ns, name), let provider = core.podStreams,
            !(target.pod[["spec", "nodeName"]].stringValue ?? "").isEmpty
        else { return .dontUpgrade }
        let command = query.all("command")
        guard !command.isEmpty else { return .dontUpgrade }
        let request = ExecRequest(namespace: ns, pod: name, container: target.container, command: command,
                                  stdin: query.flag("stdin"), tty: query.flag("tty"))
        let logger = core.logger
        return .upgrade([.secWebSocketProtocol: Self.subprotocol]) { inbound, outbound, _ in
            logger.info("exec", metadata: ["pod": "\(ns)/\(name)", "container": "\(request.container)"])
            let (input, feed) = AsyncStream<ExecInput>.makeStream()
            let status: JSON = await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    do {
                        for try await message in inbound.messages(maxSize: 1 << 20) {
                            guard case .binary(var buffer) = message, let channel = buffer.readInteger(as: UInt8.self) else {
                                continue
                            }
                            if let input = ExecFrames.input(channel: channel, payload: Array(buffer: buffer)) {
                                feed.yield(input)
                            }
                        }
                    } catch {}
                    feed.finish()
                }
                let result: JSON
                do {
                    let code = try await provider.exec(request, input: input) { stream, bytes in
                        try? await outbound.write(.binary(ByteBuffer(bytes: [stream.rawValue] + bytes)))
                    }
                    result = ExecFrames.status(exitCode: code, command: command)
                } catch let e as PodStreamError {
                    result = ["metadata": [:], "status": "Failure", "reason": "InternalError", "message": .string(e.message)]
                } catch {
                    result = ["metadata": [:], "status": "Failure", "reason": "InternalError", "message": .string("\(error)")]
                }
                group.cancelAll()
                feed.finish()
                return result
            }
            try await outbound.write(.binary(ByteBuffer(bytes: [3] + status.serialized())))
        }
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
