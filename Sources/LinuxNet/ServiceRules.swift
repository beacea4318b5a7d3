// Applies a pod's ClusterIP routing (NetPlan.ServiceRouting) inside its network namespace with one
// `iptables-nft-restore --noflush` transaction, computed against the namespace's current rules.
import NetPlan

/// Installs ClusterIP routing in pod namespaces.
public struct ServiceRules: Sendable {
    let iptables: Iptables

    /// A rule installer using the nft backend.
    public init(iptables: Iptables = .nft()) { self.iptables = iptables }

    /// Makes the routing rules of namespace `namespace` exactly `routes`.
    public func apply(_ routes: [ServicePortRoute], namespace: String) throws {
        let exec = ["netns", "exec", namespace]
        let (code, dump, err) = try Iptables.run("/usr/sbin/ip", exec + [iptables.save], input: nil)
        guard code == 0 else { throw Iptables.failure("read the rules of \(namespace)", err) }
        let script = ServiceRouting.script(routes, current: dump)
        let (rc, _, rerr) = try Iptables.run("/usr/sbin/ip", exec + [iptables.restore, "--noflush"], input: script)
        guard rc == 0 else { throw Iptables.failure("apply ClusterIP routing in \(namespace)", rerr) }
    }
}
