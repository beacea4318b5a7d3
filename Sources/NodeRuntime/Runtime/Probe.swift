// Container probes as the kubelet runs them: exec (the command in the container, exit 0),
// tcpSocket (a connection to the pod IP and port succeeds), httpGet (status 200–399, with the
// probe's httpHeaders); with initialDelaySeconds, periodSeconds, timeoutSeconds, successThreshold,
// failureThreshold. Network checks come from the node's side of the pod network, as the kubelet's
// do from the host, so they enter the pod through its inbound rules (a sidecar's probe ports).
import Foundation
import KubeModel
import LinuxNet

/// One probe of a container.
public struct Probe: Sendable {
    /// What is checked.
    public enum Check: Sendable, Equatable {
        case exec([String])
        case tcp(port: UInt16)
        case http(port: UInt16, path: String, scheme: String, headers: [(String, String)] = [])

        public static func == (a: Check, b: Check) -> Bool {
            switch (a, b) {
            case (.exec(let x), .exec(let y)): x == y
            case (.tcp(let x), .tcp(let y)): x == y
            case (.http(let p1, let path1, let s1, let h1), .http(let p2, let path2, let s2, let h2)):
                p1 == p2 && path1 == path2 && s1 == s2 && h1.map { "\($0.0): \($0.1)" } == h2.map { "\($0.0): \($0.1)" }
            default: false
            }
        }
    }

    /// What is checked.
    public var check: Check
    /// `initialDelaySeconds`.
    public var initialDelay: Duration
    /// `periodSeconds` (at least 1 s).
    public var period: Duration
    /// `timeoutSeconds`, in milliseconds.
    public var timeoutMillis: Int32
    /// `successThreshold`.
    public var successThreshold: Int
    /// `failureThreshold` (at least 1).
    public var failureThreshold: Int

    /// The probe a container spec describes (`readinessProbe`, `livenessProbe`, `startupProbe`), or nil.
    public static func from(_ probe: JSON, container: JSON) -> Probe? {
        guard probe.objectValue != nil else { return nil }
        func port(_ value: JSON) -> UInt16? {
            if let n = value.intValue { return UInt16(exactly: n) }
            guard let name = value.stringValue else { return nil }
            if let n = UInt16(name) { return n }
            let match = (container["ports"].arrayValue ?? []).first { $0["name"].stringValue == name }
            return match?["containerPort"].intValue.flatMap { UInt16(exactly: $0) }
        }
        let check: Check
        if let command = probe[["exec", "command"]].arrayValue?.compactMap(\.stringValue) {
            check = .exec(command)
        } else if let p = port(probe[["tcpSocket", "port"]]) {
            check = .tcp(port: p)
        } else if let p = port(probe[["httpGet", "port"]]) {
            let headers = (probe[["httpGet", "httpHeaders"]].arrayValue ?? []).compactMap { h -> (String, String)? in
                guard let name = h["name"].stringValue, !name.isEmpty else { return nil }
                return (name, h["value"].stringValue ?? "")
            }
            check = .http(port: p, path: probe[["httpGet", "path"]].stringValue ?? "/",
                          scheme: probe[["httpGet", "scheme"]].stringValue ?? "HTTP", headers: headers)
        } else {
            return nil
        }
        // Kubernetes keeps these in int32; clamped to a day for times (longer is "never" in effect) so no
        // later arithmetic can overflow.
        func seconds(_ key: String, _ fallback: Int64, least: Int64) -> Int64 {
            min(max(least, probe[key].intValue ?? fallback), 86_400)
        }
        return Probe(check: check, initialDelay: .seconds(seconds("initialDelaySeconds", 0, least: 0)),
                     period: .seconds(seconds("periodSeconds", 10, least: 1)),
                     timeoutMillis: Int32(seconds("timeoutSeconds", 1, least: 1) * 1000),
                     successThreshold: Int(clamping: probe["successThreshold"].intValue ?? 1),
                     failureThreshold: Int(clamping: max(1, probe["failureThreshold"].intValue ?? 3)))
    }

    /// Runs the check once against a pod (`namespace` = the network namespace the node reaches pods
    /// from, "" for its own; `address` = the pod's IP); the exec check runs `launch` with the probe's
    /// command. Blocking: call on a Dispatch thread.
    func runOnce(namespace: String, address: String, launch: ContainerLaunch) -> Bool {
        switch check {
        case .tcp(let port):
            guard let fd = NetnsSocket.connect(in: namespace, host: address, port: port, timeoutMillis: timeoutMillis) else { return false }
            close(fd)
            return true
        case .http(let port, let path, let scheme, let headers):
            guard scheme == "HTTP",
                  let fd = NetnsSocket.connect(in: namespace, host: address, port: port, timeoutMillis: timeoutMillis)
            else { return false }
            defer { close(fd) }
            let extra = headers.map { "\($0.0): \($0.1)\r\n" }.joined()
            let request = "GET \(path) HTTP/1.1\r\nHost: \(address):\(port)\r\nUser-Agent: kube-probe/1.32\r\n\(extra)Connection: close\r\n\r\n"
            _ = request.withCString { send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
            var buffer = [UInt8](repeating: 0, count: 64)
            let n = recv(fd, &buffer, 64, 0)
            guard n >= 12 else { return false }
            let status = Int(String(decoding: buffer[9..<12], as: UTF8.self)) ?? 0
            return (200..<400).contains(status)
        case .exec(let command):
            var probeLaunch = launch
            probeLaunch.commandLine = command
            probeLaunch.logPath = "/dev/null"
            guard let process = try? ContainerProcess(probeLaunch) else { return false }
            let deadline = Date().addingTimeInterval(Double(timeoutMillis) / 1000)
            while process.exitCode == nil, Date() < deadline { usleep(20_000) }
            if process.exitCode == nil { process.signalTree(SIGKILL) }
            while process.exitCode == nil { usleep(5_000) }
            return process.exitCode == 0
        }
    }
}
