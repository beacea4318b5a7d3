// The one error type of NetPlan: a bad entry in an exclusion list, naming where it came from.

/// A value in an exclusion or inclusion list that cannot be used, with the list it came from.
///
/// Its description is the message an injector rejects the pod with, e.g.
/// `invalid port "70000" in openservicemesh.io/outbound-port-exclusion-list: must be 1-65535`.
public struct InterceptionSpecError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of entry was wrong.
    public enum Kind: String, Sendable, Hashable {
        /// Not a whole number in 1...65535.
        case invalidPort = "port"
        /// Not an IPv4 range such as 10.0.0.0/8.
        case invalidIPRange = "IP range"
        /// Not a usable network interface name.
        case invalidInterface = "network interface"
    }

    /// What kind of entry was wrong.
    public var kind: Kind
    /// The offending entry, trimmed, exactly as written.
    public var entry: String
    /// Where the list came from: an annotation key or a MeshConfig field path.
    public var source: String
    /// Why the entry was refused.
    public var reason: String

    /// Creates an error for one entry of one list.
    public init(kind: Kind, entry: String, source: String, reason: String) {
        self.kind = kind
        self.entry = entry
        self.source = source
        self.reason = reason
    }

    /// `invalid <kind> "<entry>" in <source>: <reason>`.
    public var description: String { "invalid \(kind.rawValue) \"\(entry)\" in \(source): \(reason)" }
}
