// Puts a `DNSServer` on the network: one UDP socket and one TCP listener on the same host and
// port (port 0 picks a free port for both).
import DNSWire
import NIOCore
import NIOPosix

/// The bound sockets of a `DNSServer`.
public struct DNSListeners: Sendable {
    /// The UDP socket.
    public let udp: any Channel
    /// The TCP listening socket.
    public let tcp: any Channel
    /// The port both are bound to.
    public let port: Int

    /// Closes both sockets (connections already accepted finish on their own).
    public func close() async {
        try? await udp.close()
        try? await tcp.close()
    }
}

extension DNSServer {
    /// Idle TCP connections are closed after this long.
    static let tcpIdleTimeout = TimeAmount.seconds(30)

    /// Binds UDP and TCP on `host`:`port`; with port 0 both get the same free port.
    public func bind(host: String, port: Int, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> DNSListeners {
        var attempts = 0
        while true {
            let udp = try await bindUDP(host: host, port: port, group: group)
            let actual = udp.localAddress?.port ?? port
            do {
                let tcp = try await bindTCP(host: host, port: actual, group: group)
                setBoundPort(actual)
                return DNSListeners(udp: udp, tcp: tcp, port: actual)
            } catch {
                try? await udp.close()
                attempts += 1
                // A free UDP port may be taken for TCP; with port 0, try another.
                if port != 0 || attempts >= 10 { throw error }
            }
        }
    }

    /// Serves on sockets already bound (e.g. made in another network namespace by `NetnsSocket`).
    public func adopt(udp udpFD: Int32, tcp tcpFD: Int32, port: Int,
                      group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> DNSListeners {
        let udpAnswer: @Sendable ([UInt8]) -> [UInt8]? = { [self] in self.answer($0, transport: .udp) }
        let tcpAnswer: @Sendable ([UInt8]) -> [UInt8]? = { [self] in self.answer($0, transport: .tcp) }
        let udp = try await DatagramBootstrap(group: group)
            .channelOption(ChannelOptions.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 4096))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(DNSDatagramHandler(answer: udpAnswer)) }
            }
            .withBoundSocket(descriptor: udpFD).get()
        let tcp = try await ServerBootstrap(group: group)
            .childChannelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers([
                        IdleStateHandler(readTimeout: Self.tcpIdleTimeout),
                        ByteToMessageHandler(DNSLengthFrameDecoder()),
                        DNSStreamHandler(answer: tcpAnswer),
                    ])
                }
            }
            .withBoundSocket(descriptor: tcpFD).get()
        setBoundPort(port)
        return DNSListeners(udp: udp, tcp: tcp, port: port)
    }

    private func bindUDP(host: String, port: Int, group: any EventLoopGroup) async throws -> any Channel {
        let answer: @Sendable ([UInt8]) -> [UInt8]? = { [self] in self.answer($0, transport: .udp) }
        return try await DatagramBootstrap(group: group)
            .channelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .channelOption(ChannelOptions.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 4096))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(DNSDatagramHandler(answer: answer))
                }
            }
            .bind(host: host, port: port).get()
    }

    private func bindTCP(host: String, port: Int, group: any EventLoopGroup) async throws -> any Channel {
        let answer: @Sendable ([UInt8]) -> [UInt8]? = { [self] in self.answer($0, transport: .tcp) }
        return try await ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers([
                        IdleStateHandler(readTimeout: Self.tcpIdleTimeout),
                        ByteToMessageHandler(DNSLengthFrameDecoder()),
                        DNSStreamHandler(answer: answer),
                    ])
                }
            }
            .bind(host: host, port: port).get()
    }
}
