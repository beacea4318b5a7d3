// OSM's probe rewriting (§1.3.5): with a sidecar, the kubelet's probes would be redirected to the inbound
// listener and refused, so HTTP probes move to the sidecar's 15901–15903 under `/osm-<kind>-probe/<container>`,
// HTTPS probes move port only (relayed as TCP), and tcpSocket probes become an HTTP check on 15904 naming the
// original port in `Original-Tcp-Port`. The sidecar learns the original targets from `--probe` arguments.
import KubeModel
import MeshProtocol

/// The rewritten probes of a pod and what the sidecar must serve for them.
public struct ProbeRewrite: Sendable, Equatable {
    /// JSON patch operations replacing the app containers' probes.
    public var operations: [JSON] = []
    /// The original targets, for the sidecar's `--probe` arguments.
    public var forwards: [ProbeForward] = []
    /// Whether a tcpSocket probe was rewritten (the sidecar serves 15904).
    public var tcpHealthcheck = false

    /// The rewrite of every app container's liveness, readiness and startup probe in `pod`.
    public init(pod: JSON) {
        var httpsTaken: Set<ProbeKind> = []
        for (index, container) in (pod[["spec", "containers"]].arrayValue ?? []).enumerated() {
            let name = container["name"].stringValue ?? ""
            for kind in ProbeKind.allCases {
                let field = "\(kind.rawValue)Probe"
                let probe = container[field]
                guard probe.objectValue != nil else { continue }
                var rewritten = probe
                if probe["httpGet"].objectValue != nil {
                    guard let port = Self.resolve(probe[["httpGet", "port"]], in: container) else { continue }
                    let scheme = (probe[["httpGet", "scheme"]].stringValue ?? "HTTP").uppercased()
                    if scheme == "HTTPS" {
                        // One HTTPS probe of a kind per pod: its port is relayed whole.
                        guard !httpsTaken.contains(kind) else { continue }
                        httpsTaken.insert(kind)
                        forwards.append(ProbeForward(kind: kind, container: name, scheme: "https", port: port))
                    } else {
                        let path = probe[["httpGet", "path"]].stringValue ?? "/"
                        forwards.append(ProbeForward(kind: kind, container: name, scheme: "http", port: port,
                                                     path: path.hasPrefix("/") ? path : "/" + path))
                        rewritten[["httpGet", "path"]] = .string(kind.path(container: name))
                    }
                    rewritten[["httpGet", "port"]] = .int(Int64(kind.port))
                } else if probe["tcpSocket"].objectValue != nil {
                    guard let port = Self.resolve(probe[["tcpSocket", "port"]], in: container) else { continue }
                    tcpHealthcheck = true
                    rewritten["tcpSocket"] = .null  // removes it
                    rewritten["httpGet"] = [
                        "port": .int(Int64(ProbeForward.healthcheckPort)), "path": .string(ProbeForward.healthcheckPath), "scheme": "HTTP",
                        "httpHeaders": [["name": .string(ProbeForward.healthcheckHeader), "value": .string(String(port))]],
                    ]
                } else {
                    continue  // exec and grpc probes run as they are
                }
                operations.append(["op": "replace", "path": .string("/spec/containers/\(index)/\(field)"), "value": rewritten])
            }
        }
    }

    /// A probe port given as a number or as the name of one of the container's ports.
    static func resolve(_ value: JSON, in container: JSON) -> UInt16? {
        if let n = value.intValue { return UInt16(exactly: n).flatMap { $0 > 0 ? $0 : nil } }
        guard let text = value.stringValue else { return nil }
        if let n = UInt16(text), n > 0 { return n }
        let match = (container["ports"].arrayValue ?? []).first { $0["name"].stringValue == text }
        return match?["containerPort"].intValue.flatMap { UInt16(exactly: $0) }
    }
}
