// The exclusion and inclusion lists that shape interception, from MeshConfig or a pod's
// annotations, and how the mesh-wide and per-pod lists combine.

/// Which outbound destinations and inbound ports bypass the sidecar.
///
/// Mesh-wide lists (MeshConfig `spec.traffic.*`) and per-pod lists (the
/// `openservicemesh.io/*-list` annotations) combine with `merged(with:)`: the union, mesh-wide
/// entries first, duplicates dropped (OSM §1.3.4). All lists are fixed when the pod is created.
public struct TrafficExclusions: Sendable, Hashable {
    /// Outbound destinations that are never redirected (`-d <cidr> -j RETURN`).
    public var outboundIPRangeExclusions: [IPv4CIDR]
    /// When non-empty, only outbound destinations in these ranges are redirected.
    public var outboundIPRangeInclusions: [IPv4CIDR]
    /// Outbound destination ports that are never redirected.
    public var outboundPortExclusions: [UInt16]
    /// When non-empty, only outbound connections to these ports are redirected.
    public var outboundPortInclusions: [UInt16]
    /// Inbound destination ports that are never redirected (the app serves them directly).
    public var inboundPortExclusions: [UInt16]
    /// Interfaces whose traffic is never redirected, in either direction.
    public var networkInterfaceExclusions: [String]

    /// Creates lists; every list defaults to empty (intercept all TCP).
    public init(
        outboundIPRangeExclusions: [IPv4CIDR] = [],
        outboundIPRangeInclusions: [IPv4CIDR] = [],
        outboundPortExclusions: [UInt16] = [],
        outboundPortInclusions: [UInt16] = [],
        inboundPortExclusions: [UInt16] = [],
        networkInterfaceExclusions: [String] = []
    ) {
        self.outboundIPRangeExclusions = outboundIPRangeExclusions
        self.outboundIPRangeInclusions = outboundIPRangeInclusions
        self.outboundPortExclusions = outboundPortExclusions
        self.outboundPortInclusions = outboundPortInclusions
        self.inboundPortExclusions = inboundPortExclusions
        self.networkInterfaceExclusions = networkInterfaceExclusions
    }

    /// The union of two sets of lists, this one's entries first, each list without duplicates.
    public func merged(with other: TrafficExclusions) -> TrafficExclusions {
        TrafficExclusions(
            outboundIPRangeExclusions: unique(outboundIPRangeExclusions + other.outboundIPRangeExclusions),
            outboundIPRangeInclusions: unique(outboundIPRangeInclusions + other.outboundIPRangeInclusions),
            outboundPortExclusions: unique(outboundPortExclusions + other.outboundPortExclusions),
            outboundPortInclusions: unique(outboundPortInclusions + other.outboundPortInclusions),
            inboundPortExclusions: unique(inboundPortExclusions + other.inboundPortExclusions),
            networkInterfaceExclusions: unique(networkInterfaceExclusions + other.networkInterfaceExclusions))
    }

    /// This set of lists with duplicates dropped (first occurrence kept).
    public var deduplicated: TrafficExclusions { merged(with: TrafficExclusions()) }
}

/// The elements of a list in first-seen order, without repeats.
func unique<T: Hashable>(_ items: [T]) -> [T] {
    var seen = Set<T>()
    return items.filter { seen.insert($0).inserted }
}
