// ChannelSocket and OriginalDestination.now on real NIO channels: the descriptor is the channel's
// socket, a channel without one answers nil, and a connection that was not redirected gets an
// error naming SO_ORIGINAL_DST instead of an address.
import LinuxNet
import NIOCore
import NIOEmbedded
import NIOPosix
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Channel socket descriptor")
struct ChannelSocketTests {
    @Test func theDescriptorIsTheChannelsSocket() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let server = try await ServerBootstrap(group: group).bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(server.localAddress?.port)
        let client = try await ClientBootstrap(group: group).connect(host: "127.0.0.1", port: port).get()
        let (bound, destination) = try await client.eventLoop.submit {
            let bound = ChannelSocket.withDescriptor(of: client) { fd -> Int in
                var address = sockaddr_in()
                var length = socklen_t(MemoryLayout<sockaddr_in>.size)
                _ = withUnsafeMutablePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
                }
                return Int(UInt16(bigEndian: address.sin_port))
            }
            return (bound, OriginalDestination.now(client))
        }.get()
        #expect(bound == client.localAddress?.port)
        // Not redirected by iptables: without connection tracking the kernel has no original
        // destination for it (an error naming the option); with it, the address it was sent to.
        switch destination {
        case .failure(let error): #expect(error.description.hasPrefix("SO_ORIGINAL_DST: "))
        case .success(let endpoint): #expect(endpoint.description == "127.0.0.1:\(port)")
        }
        try await client.close()
        try await server.close()
        try await group.shutdownGracefully()
    }

    @Test func aChannelWithoutASocketHasNoDescriptor() throws {
        let channel = EmbeddedChannel()
        #expect(ChannelSocket.withDescriptor(of: channel) { $0 } == nil)
        guard case .failure = OriginalDestination.now(channel) else {
            Issue.record("an original destination without a socket")
            return
        }
    }
}
