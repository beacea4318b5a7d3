// Lets pods reach the API server: a TCP forwarder on the node's bridge address (in the bridge's
// namespace) to the API server on 127.0.0.1, at the same port; the `kubernetes` Service's
// endpoint is that bridge address, so in-cluster clients at 10.96.0.1:443 get there (TLS is
// end to end: the serving certificate names 10.96.0.1 and the bridge address).
import LinuxNet
import Logging
import NIOCore
import NIOPosix
import NetSplice

#if canImport(Glibc)
import Glibc
#endif

/// Forwards the bridge address's API port to the API server.
public enum APIForwarder {
    /// Serves until the returned channel is closed.
    public static func start(network: PodNetwork, port: Int, logger: Logger) async throws -> any Channel {
        let fd = try NetnsSocket.bound(in: network.bridgeNamespace, type: Int32(SOCK_STREAM.rawValue),
                                       host: network.gateway, port: UInt16(port))
        let upstream = try SocketAddress(ipAddress: "127.0.0.1", port: port)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelOption(ChannelOptions.tcpOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                Splicer.prepareAccepted(channel).flatMap {
                    Splicer.splice(channel, to: upstream, connectTimeout: .seconds(5)).map { _ in }
                }.recover { _ in }
            }
            .withBoundSocket(descriptor: fd).get()
        logger.info("pods reach the API server here", metadata: ["address": "\(network.gateway):\(port)"])
        return channel
    }
}
