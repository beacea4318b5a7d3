// NetPlan: the network programs of a meshed pod, as data. This target turns an
// `InterceptionSpec` (the proxy's ports and uid, plus the pod's exclusion lists) into the
// iptables nat-table transaction that `osm proxy-init` feeds to `iptables-restore --noflush`,
// the transaction that removes it again, and a check of an `iptables-save` dump against it.
// It runs nothing: no exec, no sockets, no Foundation. `LinuxNet` applies what it produces.

/// The fixed ports and uid of the sidecar inside every meshed pod (DESIGN.md, OSM §1.1).
public enum MeshPorts {
    /// The proxy's admin server, bound to 127.0.0.1.
    public static let admin: UInt16 = 15000
    /// The outbound listener: the app's redirected connects land here.
    public static let outbound: UInt16 = 15001
    /// The inbound listener: connections to the pod land here.
    public static let inbound: UInt16 = 15003
    /// The metrics listener; inbound connections to it are never redirected.
    public static let metrics: UInt16 = 15010
    /// The rewritten liveness, readiness and startup probe ports, then osm-healthcheck.
    public static let probes: [UInt16] = [15901, 15902, 15903, 15904]
    /// The uid the sidecar runs as; its own connects are never redirected.
    public static let proxyUID: UInt32 = 1500
}
