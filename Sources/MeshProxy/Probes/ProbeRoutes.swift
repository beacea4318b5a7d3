// What the sidecar's probe listeners do with a kubelet request, as a pure function: forward an HTTP probe
// to the app's original port and path, dial the port a tcpSocket check names, or answer at once.
import MeshProtocol

/// The sidecar's answer to one probe request.
public enum ProbeAction: Sendable, Equatable {
    /// GET `path` from `127.0.0.1:<port>` and relay the status.
    case forward(port: UInt16, path: String)
    /// Connect to `127.0.0.1:<port>`: 200 when it succeeds, 404 when not (OSM's osm-healthcheck).
    case dial(port: UInt16)
    /// Answer with this status and text.
    case respond(status: Int, body: String)
}

/// Routes probe requests by listener port and path.
public struct ProbeRoutes: Sendable {
    /// The HTTP probes' original targets.
    public let forwards: [ProbeForward]

    /// Routes for these forwards (HTTPS ones are relayed as TCP and never reach here).
    public init(forwards: [ProbeForward]) { self.forwards = forwards.filter { $0.scheme == "http" } }

    /// The action for a request that reached `listenerPort` with this target and headers.
    public func action(listenerPort: UInt16, target: String, headers: [(name: String, value: String)]) -> ProbeAction {
        let path = String(target.prefix { $0 != "?" })
        if listenerPort == ProbeForward.healthcheckPort {
            let value = headers.first { $0.name.lowercased() == ProbeForward.healthcheckHeader.lowercased() }?.value
            guard let value else { return .respond(status: 400, body: "missing header \(ProbeForward.healthcheckHeader)\n") }
            guard let port = UInt16(value.trimmingCharacters(in: " \t")), port > 0 else {
                return .respond(status: 400, body: "header \(ProbeForward.healthcheckHeader) is not a port: \(value)\n")
            }
            return .dial(port: port)
        }
        guard let forward = forwards.first(where: { $0.kind.port == listenerPort && $0.kind.path(container: $0.container) == path }) else {
            return .respond(status: 404, body: "no probe is rewritten to \(path) on port \(listenerPort)\n")
        }
        return .forward(port: forward.port, path: forward.path)
    }

    /// The status code of an HTTP response's first line, or nil.
    public static func status(of response: [UInt8]) -> Int? {
        let line = response.prefix { $0 != 13 && $0 != 10 }
        let parts = String(decoding: line, as: UTF8.self).split(separator: " ")
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let code = Int(parts[1]), (100...599).contains(code) else { return nil }
        return code
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
