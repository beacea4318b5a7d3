// What to intercept in one pod: the sidecar's ports and uid, the chains, and the exclusions.

/// Where the sidecar reaches the local app (MeshConfig `sidecar.localProxyMode`).
public enum LocalProxyMode: Sendable, Hashable {
    /// The sidecar dials the app on 127.0.0.1 (the default).
    case localhost
    /// The sidecar's connects to 127.0.0.1 are DNATed to the pod IP, for apps bound only to it.
    case podIP(IPv4Address)
}

/// The names of the four nat chains the program owns.
public struct InterceptionChains: Sendable, Hashable {
    /// Entered from PREROUTING for every inbound TCP connection.
    public var inbound: String
    /// Redirects to the inbound listener.
    public var inRedirect: String
    /// Entered from OUTPUT for every locally originated TCP connection.
    public var outbound: String
    /// Redirects to the outbound listener.
    public var outRedirect: String

    /// Names the four chains.
    public init(inbound: String, inRedirect: String, outbound: String, outRedirect: String) {
        self.inbound = inbound
        self.inRedirect = inRedirect
        self.outbound = outbound
        self.outRedirect = outRedirect
    }

    /// OSM v1.1+ names, so `iptables-save` in a pod reads as it does under OSM.
    public static let osm = InterceptionChains(
        inbound: "OSM_PROXY_INBOUND", inRedirect: "OSM_PROXY_IN_REDIRECT",
        outbound: "OSM_PROXY_OUTBOUND", outRedirect: "OSM_PROXY_OUT_REDIRECT")

    /// The chains in the order the program declares them.
    public var all: [String] { [inbound, inRedirect, outbound, outRedirect] }
}

/// Everything that decides a pod's iptables program. The defaults are OSM's.
public struct InterceptionSpec: Sendable, Hashable {
    /// The sidecar's uid; its own traffic is never redirected.
    public var proxyUID: UInt32
    /// The inbound listener port (REDIRECT target for inbound TCP).
    public var inboundPort: UInt16
    /// The outbound listener port (REDIRECT target for outbound TCP).
    public var outboundPort: UInt16
    /// The admin port; OSM's program carries a (never reached) ACCEPT rule for it.
    public var adminPort: UInt16
    /// Inbound ports the sidecar serves itself (metrics, probes): never redirected.
    public var inboundBypassPorts: [UInt16]
    /// The merged, deduplicated exclusion and inclusion lists.
    public var exclusions: TrafficExclusions
    /// How the sidecar reaches the app.
    public var localProxyMode: LocalProxyMode
    /// The chain names.
    public var chains: InterceptionChains

    /// A spec with OSM's ports, uid and chains unless told otherwise.
    public init(
        exclusions: TrafficExclusions = TrafficExclusions(),
        proxyUID: UInt32 = MeshPorts.proxyUID,
        inboundPort: UInt16 = MeshPorts.inbound,
        outboundPort: UInt16 = MeshPorts.outbound,
        adminPort: UInt16 = MeshPorts.admin,
        inboundBypassPorts: [UInt16] = [MeshPorts.metrics] + MeshPorts.probes,
        localProxyMode: LocalProxyMode = .localhost,
        chains: InterceptionChains = .osm
    ) {
        self.exclusions = exclusions.deduplicated
        self.proxyUID = proxyUID
        self.inboundPort = inboundPort
        self.outboundPort = outboundPort
        self.adminPort = adminPort
        self.inboundBypassPorts = inboundBypassPorts
        self.localProxyMode = localProxyMode
        self.chains = chains
    }

    /// The spec for a pod: the mesh-wide lists merged with the pod's exclusion annotations.
    /// Throws the first bad annotation entry, naming the annotation.
    public static func forPod(
        annotations: [String: String],
        mesh: TrafficExclusions = TrafficExclusions(),
        localProxyMode: LocalProxyMode = .localhost
    ) throws(InterceptionSpecError) -> InterceptionSpec {
        let pod = try TrafficExclusions(annotations: annotations)
        return InterceptionSpec(exclusions: mesh.merged(with: pod), localProxyMode: localProxyMode)
    }
}
