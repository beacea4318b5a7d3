// Runs the embedded cluster's DNS: binds the server, and rebuilds its records from the Service and
// Endpoints informers whenever either changes (bursts coalesced into one rebuild).
import DNSWire
import KubeClient
import LinuxNet
#if canImport(Glibc)
import Glibc
#endif
import Logging

/// The cluster DNS (10.96.0.10:53 in production) kept in step with Services and Endpoints.
public struct ClusterDNSService: Sendable {
    let client: KubeClient
    let services: Informer
    let endpoints: Informer
    let host: String
    let port: Int
    let logger: Logger
    /// The server answering queries; its `boundPort` is set once `run` has bound.
    public let server: DNSServer

    /// The network namespace to serve in (the pod bridge's, when it is not the node's own).
    public var namespace: String?

    /// How long a rebuild waits after a change for more changes to arrive.
    static let coalescing = Duration.milliseconds(100)

    /// A DNS service on `host`:`port` over the given informers (all namespaces).
    public init(
        client: KubeClient, services: Informer, endpoints: Informer, host: String, port: Int, logger: Logger,
        settings: ClusterDNSSettings = ClusterDNSSettings()
    ) {
        self.client = client
        self.services = services
        self.endpoints = endpoints
        self.host = host
        self.port = port
        self.logger = logger
        self.server = DNSServer(settings: settings)
    }

    /// Serves until cancelled (every loop here ends then), then closes its sockets.
    public func run() async {
        let listeners: DNSListeners
        do {
            if let namespace {
                let udp = try NetnsSocket.bound(in: namespace, type: Int32(SOCK_DGRAM.rawValue), host: host, port: UInt16(port))
                let tcp = try NetnsSocket.bound(in: namespace, type: Int32(SOCK_STREAM.rawValue), host: host, port: UInt16(port))
                listeners = try await server.adopt(udp: udp, tcp: tcp, port: port)
            } else {
                listeners = try await server.bind(host: host, port: port)
            }
        } catch {
            logger.error("cluster DNS could not bind", metadata: ["address": "\(host):\(port)", "error": "\(error)"])
            return
        }
        logger.info("cluster DNS listening", metadata: ["address": "\(host):\(listeners.port)"])
        let (changes, changed) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let (syncs, synced) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let feeds = [await services.events(), await endpoints.events()]
        await services.start()
        await endpoints.start()
        // waitForSync cannot be cancelled, so it runs apart and reports through a stream that can.
        let sync = Task { [services, endpoints] in
            await services.waitForSync()
            await endpoints.waitForSync()
            synced.yield()
        }
        await withTaskGroup(of: Void.self) { group in
            for feed in feeds { group.addTask { for await _ in feed { changed.yield() } } }
            group.addTask { await rebuildLoop(synced: syncs, changes: changes) }
        }
        sync.cancel()
        await listeners.close()
        server.setBoundPort(nil)
        logger.info("cluster DNS stopped")
    }

    /// Builds the records once the informers have synced, then again after each burst of changes.
    func rebuildLoop(synced: AsyncStream<Void>, changes: AsyncStream<Void>) async {
        var syncIterator = synced.makeAsyncIterator()
        guard await syncIterator.next() != nil, !Task.isCancelled else { return }
        var serial: UInt32 = 1
        var last = await rebuild(serial: serial, previous: nil)
        for await _ in changes {
            do { try await Task.sleep(for: Self.coalescing) } catch { return }
            let next = serial &+ 1
            let entries = await rebuild(serial: next, previous: last)
            if entries != last { serial = next }
            last = entries
        }
    }

    /// Publishes a new snapshot if the entries differ from `previous`; returns the entries.
    func rebuild(serial: UInt32, previous: [DNSWire.ClusterDNSService]?) async -> [DNSWire.ClusterDNSService] {
        let entries = DNSRecordsBuilder.entries(services: await services.items, endpoints: await endpoints.items)
        guard entries != previous else { return entries }
        server.update(ClusterDNSRecords(services: entries, serial: serial))
        logger.debug("cluster DNS records rebuilt", metadata: ["services": "\(entries.count)", "serial": "\(serial)"])
        return entries
    }
}
