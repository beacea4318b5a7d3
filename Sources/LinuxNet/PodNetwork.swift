// Pod sandboxes on a bridge: one network namespace per pod, a veth whose node end joins the
// bridge and whose pod end is `eth0` with the pod IP, `lo` up, and routes only to the pod network
// and (via the node) the service network — no default route, so nothing leaves the node.
import Foundation

/// A failure creating or removing a sandbox, with the command's own words.
public struct PodNetworkError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What failed.
    public var description: String
}

/// The node's pod network: a bridge with the gateway address, and the sandboxes attached to it.
public struct PodNetwork: Sendable {
    /// The bridge's name (`osm0`).
    public var bridge: String
    /// The gateway's address (`10.244.0.1`), which the bridge carries.
    public var gateway: String
    /// The pod network's prefix length (16).
    public var prefixLength: Int
    /// The service network routed via the gateway (`10.96.0.0/12`).
    public var serviceCIDR: String
    /// The namespace the bridge lives in; nil is the node's own (root) namespace.
    public var bridgeNamespace: String?
    /// The `ip` program.
    public var ip: String

    /// A pod network; the defaults are the embedded cluster's fixed addresses.
    public init(bridge: String = "osm0", gateway: String = "10.244.0.1", prefixLength: Int = 16,
                serviceCIDR: String = "10.96.0.0/12", bridgeNamespace: String? = nil) {
        self.bridge = bridge
        self.gateway = gateway
        self.prefixLength = prefixLength
        self.serviceCIDR = serviceCIDR
        self.bridgeNamespace = bridgeNamespace
        self.ip = ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? "ip"
    }

    /// Creates the bridge with the gateway address if it is missing (idempotent).
    public func ensureBridge() throws(PodNetworkError) {
        let ns = nsArgs(bridgeNamespace)
        if (try? run(ns + ["link", "show", bridge])) == nil {
            try run(ns + ["link", "add", bridge, "type", "bridge"])
        }
        let addresses = (try? run(ns + ["-4", "addr", "show", "dev", bridge])) ?? ""
        if !addresses.contains(" \(gateway)/") {
            try run(ns + ["addr", "add", "\(gateway)/\(prefixLength)", "dev", bridge])
        }
        // A fixed (locally administered) MAC: otherwise the bridge takes the lowest MAC of its ports
        // and changes it when that pod's veth goes, leaving every pod's ARP entry for the gateway
        // (cluster DNS, the API) stale until it is re-learned — lookups then fail for seconds.
        try run(ns + ["link", "set", bridge, "address", bridgeMAC])
        try run(ns + ["link", "set", bridge, "up"])
    }

    /// The bridge's MAC: 02:00 followed by the gateway's four bytes.
    var bridgeMAC: String {
        let bytes = gateway.split(separator: ".").compactMap { UInt8($0) }
        return (["02", "00"] + bytes.map { String(format: "%02x", $0) }).joined(separator: ":")
    }

    /// Removes the bridge (tests and `osm cluster down --purge`); a missing bridge is fine.
    public func removeBridge() {
        _ = try? run(nsArgs(bridgeNamespace) + ["link", "del", bridge])
    }

    /// The namespace name of a sandbox.
    public static func namespaceName(podUID: String) -> String {
        "osm-" + podUID.replacingOccurrences(of: "-", with: "").prefix(12)
    }

    /// The node-side veth name of a sandbox (at most 15 characters).
    public static func hostInterface(podUID: String) -> String {
        "vo" + podUID.replacingOccurrences(of: "-", with: "").prefix(12)
    }

    /// Creates (or repairs) the sandbox of a pod with address `address`; returns its namespace name.
    @discardableResult
    public func createSandbox(podUID: String, address: String) throws(PodNetworkError) -> String {
        let ns = Self.namespaceName(podUID: podUID), host = Self.hostInterface(podUID: podUID)
        if !FileManager.default.fileExists(atPath: "/run/netns/\(ns)") { try run(["netns", "add", ns]) }
        try run(["-n", ns, "link", "set", "lo", "up"])
        if (try? run(["-n", ns, "link", "show", "eth0"])) == nil {
            _ = try? run(nsArgs(bridgeNamespace) + ["link", "del", host])  // a leftover half of an old pair
            try run(nsArgs(bridgeNamespace) + ["link", "add", host, "type", "veth", "peer", "name", "eth0", "netns", ns])
        }
        try run(nsArgs(bridgeNamespace) + ["link", "set", host, "master", bridge, "up"])
        let current = (try? run(["-n", ns, "-4", "addr", "show", "dev", "eth0"])) ?? ""
        if !current.contains(" \(address)/") {
            try run(["-n", ns, "addr", "flush", "dev", "eth0"])
            try run(["-n", ns, "addr", "add", "\(address)/\(prefixLength)", "dev", "eth0"])
        }
        try run(["-n", ns, "link", "set", "eth0", "up"])
        try run(["-n", ns, "route", "replace", serviceCIDR, "via", gateway, "dev", "eth0"])
        return ns
    }

    /// Deletes a pod's sandbox (its namespace and with it the veth pair); a missing one is fine.
    public func removeSandbox(podUID: String) {
        let ns = Self.namespaceName(podUID: podUID)
        _ = try? run(["netns", "del", ns])
        _ = try? run(nsArgs(bridgeNamespace) + ["link", "del", Self.hostInterface(podUID: podUID)])
    }

    /// The processes running in a pod's sandbox (none when it does not exist).
    public func processes(podUID: String) -> [Int32] {
        ((try? run(["netns", "pids", Self.namespaceName(podUID: podUID)])) ?? "").split(separator: "\n").compactMap { Int32($0) }
    }

    /// Sandboxes that exist now (namespace names starting with `osm-`).
    public func existingSandboxes() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/run/netns")) ?? []).filter { $0.hasPrefix("osm-") }.sorted()
    }

    private func nsArgs(_ namespace: String?) -> [String] { namespace.map { ["-n", $0] } ?? [] }

    @discardableResult
    private func run(_ args: [String]) throws(PodNetworkError) -> String {
        let r: CommandResult
        do { r = try Command.run(ip, args) } catch { throw PodNetworkError(description: error.description) }
        guard r.code == 0 else {
            throw PodNetworkError(description: "ip \(args.joined(separator: " ")): \(r.stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return r.stdout
    }
}
