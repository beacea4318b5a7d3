// The sidecar's probe listeners (OSM's 15901–15904): kubelet probes rewritten by the injector reach
// the sidecar, which checks the app on its original port from inside the pod. The injector tells the
// sidecar the original targets with `--probe` arguments in the text form defined here.

/// A probe the injector rewrites, and the sidecar port that then receives it.
public enum ProbeKind: String, Sendable, Hashable, CaseIterable {
    /// `livenessProbe` (sidecar port 15901).
    case liveness
    /// `readinessProbe` (15902).
    case readiness
    /// `startupProbe` (15903).
    case startup

    /// The sidecar port for this kind: 15901, 15902, 15903.
    public var port: UInt16 {
        switch self {
        case .liveness: 15901
        case .readiness: 15902
        case .startup: 15903
        }
    }

    /// The rewritten path of an HTTP probe of `container`: `/osm-<kind>-probe/<container>`.
    public func path(container: String) -> String { "/osm-\(rawValue)-probe/\(container)" }

    /// The sidecar port's name in the pod spec: `liveness-port` etc.
    public var portName: String { "\(rawValue)-port" }
}

/// Where a rewritten probe goes inside the pod: the app's original port, and for HTTP its original path.
public struct ProbeForward: Sendable, Hashable, CustomStringConvertible {
    /// Which probe.
    public var kind: ProbeKind
    /// The app container the probe belongs to.
    public var container: String
    /// `http` (the sidecar makes the request) or `https` (the sidecar relays the TCP connection).
    public var scheme: String
    /// The original port on 127.0.0.1.
    public var port: UInt16
    /// The original path (HTTP only).
    public var path: String

    /// The tcpSocket health check's port (OSM's osm-healthcheck) and its path and header.
    public static let healthcheckPort: UInt16 = 15904
    /// Path of the tcpSocket health check.
    public static let healthcheckPath = "/osm-healthcheck"
    /// Header naming the original tcpSocket port.
    public static let healthcheckHeader = "Original-Tcp-Port"

    /// A forward.
    public init(kind: ProbeKind, container: String, scheme: String, port: UInt16, path: String = "") {
        self.kind = kind
        self.container = container
        self.scheme = scheme
        self.port = port
        self.path = path
    }

    /// The argument form: `liveness/app=http:8080/healthz`, `readiness/app=https:8443`.
    public var description: String { "\(kind.rawValue)/\(container)=\(scheme):\(port)\(scheme == "http" ? path : "")" }

    /// Parses the argument form; nil when malformed.
    public init?(argument: String) {
        guard let slash = argument.firstIndex(of: "/"), let equals = argument.firstIndex(of: "="), slash < equals,
              let kind = ProbeKind(rawValue: String(argument[..<slash])) else { return nil }
        let container = String(argument[argument.index(after: slash)..<equals])
        let target = argument[argument.index(after: equals)...]
        guard !container.isEmpty, let colon = target.firstIndex(of: ":") else { return nil }
        let scheme = String(target[..<colon])
        let rest = target[target.index(after: colon)...]
        let digits = rest.prefix { $0.isNumber }
        guard let port = UInt16(digits), port > 0 else { return nil }
        let path = String(rest.dropFirst(digits.count))
        switch scheme {
        case "http" where path.hasPrefix("/"): self.init(kind: kind, container: container, scheme: scheme, port: port, path: path)
        case "https" where path.isEmpty: self.init(kind: kind, container: container, scheme: scheme, port: port)
        default: return nil
        }
    }
}
