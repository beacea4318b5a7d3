// Egress policy for TCP (OSM's policy.openservicemesh.io Egress, TCP and tcp-server-first ports): with
// egress passthrough off, connections to a destination outside the mesh go out only when a rule names
// their port and (unless the rule lists no ranges) an address range containing the destination.

/// One Egress policy port this proxy may use to leave the mesh.
public struct EgressRule: Sendable, Hashable, Codable {
    /// The Egress object, `<namespace>/<name>`.
    public var name: String
    /// The destination port.
    public var port: UInt16
    /// `tcp` or `tcp-server-first`.
    public var `protocol`: String
    /// IPv4 ranges (`a.b.c.d/len`) the destination must fall in; empty means any address.
    public var cidrs: [String]

    /// A rule.
    public init(name: String, port: UInt16, protocol: String, cidrs: [String]) {
        self.name = name
        self.port = port
        self.protocol = `protocol`
        self.cidrs = cidrs
    }

    /// Whether a connection to (`ip`, `port`) may go out by this rule.
    public func allows(ip: UInt32, port: UInt16) -> Bool {
        guard port == self.port else { return false }
        return cidrs.isEmpty || cidrs.contains { Self.range($0).map { ip & $0.mask == $0.network } ?? false }
    }

    /// The network and mask of `a.b.c.d/len` (a bare address is a /32), or nil when malformed.
    public static func range(_ text: String) -> (network: UInt32, mask: UInt32)? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let address = IPv4Text.parse(String(parts[0])) else { return nil }
        let length = parts.count == 2 ? Int(parts[1]) : 32
        guard let length, (0...32).contains(length) else { return nil }
        let mask: UInt32 = length == 0 ? 0 : ~UInt32(0) << (32 - length)
        return (address & mask, mask)
    }
}
