// The cluster DNS server: the current records snapshot (replaceable at any time) and the one
// function every listener calls to turn a query into a response with DNSWire's `ClusterDNS`.
import DNSWire
import Synchronization

/// Answers cluster DNS queries from a replaceable snapshot; `bind` puts it on UDP and TCP.
public final class DNSServer: Sendable {
    /// The answering rules (zone, TTL, networks).
    public let dns: ClusterDNS
    private let snapshot: Mutex<ClusterDNSRecords>
    private let port = Mutex<Int?>(nil)

    /// A server answering from `records` with `settings`.
    public init(settings: ClusterDNSSettings = ClusterDNSSettings(), records: ClusterDNSRecords = ClusterDNSRecords()) {
        self.dns = ClusterDNS(settings: settings)
        self.snapshot = Mutex(records)
    }

    /// Replaces the records; queries from now on see the new snapshot.
    public func update(_ records: ClusterDNSRecords) {
        snapshot.withLock { $0 = records }
    }

    /// The snapshot queries are answered from now.
    public var records: ClusterDNSRecords { snapshot.withLock { $0 } }

    /// The response to one query packet, or nil when it must be dropped (UDP) or the connection
    /// closed (TCP); UDP responses are cut to the client's size limit with TC set.
    public func answer(_ query: [UInt8], transport: DNSTransport) -> [UInt8]? {
        dns.respond(to: query, records: records, transport: transport)
    }

    /// The port the listeners are bound to, once `bind` has succeeded.
    public var boundPort: Int? { port.withLock { $0 } }

    /// Records the bound port.
    func setBoundPort(_ value: Int?) { port.withLock { $0 = value } }
}
