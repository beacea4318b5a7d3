// Binds the sidecar's probe listeners: 15901–15903 for rewritten HTTP probes (or, for an HTTPS probe, a TCP
// relay to the app's port) and 15904 for tcpSocket checks.
import MeshProtocol
import NIOCore
import NIOHTTP1
import NIOPosix
import NetSplice

/// What probe listeners a sidecar runs.
public struct ProbeServing: Sendable {
    /// The rewritten probes' original targets.
    public var forwards: [ProbeForward]
    /// Whether 15904 answers tcpSocket checks.
    public var tcpHealthcheck: Bool
    /// The address to listen on (the kubelet probes the pod IP).
    public var host: String
    /// Listener port for each sidecar probe port (tests remap them; by default the same).
    public var portMap: @Sendable (UInt16) -> Int

    /// Probe listeners on `host`.
    public init(forwards: [ProbeForward], tcpHealthcheck: Bool, host: String = "0.0.0.0",
                portMap: @escaping @Sendable (UInt16) -> Int = { Int($0) }) {
        self.forwards = forwards
        self.tcpHealthcheck = tcpHealthcheck
        self.host = host
        self.portMap = portMap
    }
}

/// Starts probe listeners.
public enum ProbeServer {
    /// Binds every listener `serving` needs; the caller closes the returned channels.
    public static func bind(_ serving: ProbeServing, upstream: ProbeUpstream, connectTimeout: TimeAmount,
                            group: any EventLoopGroup) async throws -> [any Channel] {
        let routes = ProbeRoutes(forwards: serving.forwards)
        var channels: [any Channel] = []
        do {
            for kind in ProbeKind.allCases {
                let mine = serving.forwards.filter { $0.kind == kind }
                if let https = mine.first(where: { $0.scheme == "https" }) {
                    channels.append(try await relay(host: serving.host, port: serving.portMap(kind.port), to: https.port,
                                                    connectTimeout: connectTimeout, group: group))
                } else if !mine.isEmpty {
                    channels.append(try await http(host: serving.host, port: serving.portMap(kind.port), listenerPort: kind.port,
                                                   routes: routes, upstream: upstream, group: group))
                }
            }
            if serving.tcpHealthcheck {
                channels.append(try await http(host: serving.host, port: serving.portMap(ProbeForward.healthcheckPort),
                                               listenerPort: ProbeForward.healthcheckPort, routes: routes, upstream: upstream, group: group))
            }
        } catch {
            for c in channels { try? await c.close() }
            throw error
        }
        return channels
    }

    static func http(host: String, port: Int, listenerPort: UInt16, routes: ProbeRoutes, upstream: ProbeUpstream,
                     group: any EventLoopGroup) async throws -> any Channel {
        try await ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(ProbeHTTPHandler(routes: routes, listenerPort: listenerPort, upstream: upstream))
                }
            }
            .bind(host: host, port: port).get()
    }

    /// An HTTPS probe's port: each connection is relayed to the app's port as it is (the kubelet's TLS is the app's).
    static func relay(host: String, port: Int, to target: UInt16, connectTimeout: TimeAmount,
                      group: any EventLoopGroup) async throws -> any Channel {
        let upstream = try SocketAddress(ipAddress: "127.0.0.1", port: Int(target))
        return try await ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                Splicer.prepareAccepted(channel).flatMap {
                    Splicer.splice(channel, to: upstream, connectTimeout: connectTimeout).map { _ in () }
                }
            }
            .bind(host: host, port: port).get()
    }
}
