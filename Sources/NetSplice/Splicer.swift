import NIOCore
import NIOPosix

/// Connects an accepted connection to an upstream address and splices the two, on the accepted channel's loop.
public enum Splicer {
    /// Options every spliced channel needs: FIN arrives as an event (half-close), reads are driven by the splice.
    public static func prepareAccepted(_ channel: any Channel) -> EventLoopFuture<Void> {
        channel.setOption(ChannelOptions.allowRemoteHalfClosure, value: true).flatMap {
            channel.setOption(ChannelOptions.autoRead, value: false)
        }
    }

    /// Opens the upstream connection and starts forwarding both ways; fails (and closes the accepted channel)
    /// when the upstream cannot be reached within `connectTimeout`.
    public static func splice(_ accepted: any Channel, to upstream: SocketAddress,
                              connectTimeout: TimeAmount) -> EventLoopFuture<any Channel> {
        let (down, up) = SpliceHandler.makePair()
        let connect = ClientBootstrap(group: accepted.eventLoop)
            .connectTimeout(connectTimeout)
            .channelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            .channelOption(ChannelOptions.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(up) }
            }
            .connect(to: upstream)
        return connect.flatMap { upstreamChannel in
            accepted.pipeline.addHandler(down).flatMap {
                accepted.setOption(ChannelOptions.autoRead, value: true)
            }.map { upstreamChannel }
        }.flatMapError { error in
            accepted.close(promise: nil)
            return accepted.eventLoop.makeFailedFuture(error)
        }
    }
}
