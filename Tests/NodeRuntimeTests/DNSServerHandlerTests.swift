// The DNS channel handlers on EmbeddedChannel: a query in gives the answer out (UDP to its sender,
// TCP with its length prefix, split and pipelined), oversized UDP answers come back truncated,
// and garbage is dropped (UDP) or closes the connection (TCP) without a crash.
import DNSWire
import NIOCore
import NIOEmbedded
import NodeRuntime
import Testing

@Suite("DNSServer handlers")
struct DNSServerHandlerTests {
    static let web = DNSWire.ClusterDNSService(name: "web", namespace: "demo", kind: .clusterIP(IPv4Address(10, 96, 0, 20)))

    static func server() -> DNSServer {
        let wide = DNSWire.ClusterDNSService(
            name: "wide", namespace: "demo",
            kind: .headless((1...120).map { ClusterDNSEndpoint(ip: IPv4Address(10, 244, 1, UInt8($0))) }))
        return DNSServer(records: ClusterDNSRecords(services: [web, wide]))
    }

    static func udpChannel(_ server: DNSServer) -> EmbeddedChannel {
        EmbeddedChannel(handler: DNSDatagramHandler { server.answer($0, transport: .udp) })
    }

    static func tcpChannel(_ server: DNSServer) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel(handlers: [
            ByteToMessageHandler(DNSLengthFrameDecoder()), DNSStreamHandler { server.answer($0, transport: .tcp) },
        ])
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 53)).wait()
        return channel
    }

    static func framed(_ bytes: [UInt8]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt16(bytes.count))
        buffer.writeBytes(bytes)
        return buffer
    }

    static func unframed(_ buffer: ByteBuffer) throws -> DNSMessage {
        var buffer = buffer
        let prefix = buffer.readInteger(as: UInt16.self)
        let length = try #require(prefix)
        #expect(Int(length) == buffer.readableBytes)
        let body = buffer.readBytes(length: Int(length))
        return try DNSMessage(decoding: try #require(body))
    }

    @Test func udpQueryIsAnsweredToItsSender() throws {
        let channel = Self.udpChannel(Self.server())
        let client = try SocketAddress(ipAddress: "10.244.0.9", port: 40000)
        let query = try DNSTestClient.query("web.demo.svc.cluster.local", id: 42)
        try channel.writeInbound(AddressedEnvelope(remoteAddress: client, data: ByteBuffer(bytes: query)))
        let reply = try #require(try channel.readOutbound(as: AddressedEnvelope<ByteBuffer>.self))
        #expect(reply.remoteAddress == client)
        let message = try DNSMessage(decoding: Array(reply.data.readableBytesView))
        #expect(message.id == 42 && message.isResponse && message.rcode == .noError)
        #expect(message.answers.map(\.data) == [.a(IPv4Address(10, 96, 0, 20))])
        #expect(try channel.finish().isClean)
    }

    @Test func oversizedUDPAnswerIsTruncated() throws {
        let channel = Self.udpChannel(Self.server())
        let client = try SocketAddress(ipAddress: "10.244.0.9", port: 40000)
        let query = try DNSTestClient.query("wide.demo.svc.cluster.local")
        try channel.writeInbound(AddressedEnvelope(remoteAddress: client, data: ByteBuffer(bytes: query)))
        let reply = try #require(try channel.readOutbound(as: AddressedEnvelope<ByteBuffer>.self))
        #expect(reply.data.readableBytes <= 512)
        let message = try DNSMessage(decoding: Array(reply.data.readableBytesView))
        #expect(message.truncated && message.answers.count < 120)
    }

    @Test func udpGarbageIsDropped() throws {
        let channel = Self.udpChannel(Self.server())
        let client = try SocketAddress(ipAddress: "10.244.0.9", port: 40000)
        var response = try DNSTestClient.query("web.demo.svc.cluster.local")
        response[2] |= 0x80  // QR: a response, never answered
        for packet in [[], [1, 2, 3], response] as [[UInt8]] {
            try channel.writeInbound(AddressedEnvelope(remoteAddress: client, data: ByteBuffer(bytes: packet)))
            #expect(try channel.readOutbound(as: AddressedEnvelope<ByteBuffer>.self) == nil)
        }
        // Still serving afterwards.
        try channel.writeInbound(AddressedEnvelope(
            remoteAddress: client, data: ByteBuffer(bytes: try DNSTestClient.query("web.demo.svc.cluster.local"))))
        #expect(try channel.readOutbound(as: AddressedEnvelope<ByteBuffer>.self) != nil)
    }

    @Test func tcpQueriesSplitAndPipelinedAreAnswered() throws {
        let channel = try Self.tcpChannel(Self.server())
        let first = Self.framed(try DNSTestClient.query("web.demo.svc.cluster.local", id: 1))
        var second = Self.framed(try DNSTestClient.query("wide.demo.svc.cluster.local", id: 2))
        // The first message arrives in two pieces, the second with the tail of the first.
        var head = first
        let slice = head.readSlice(length: 1)
        let headPart = try #require(slice)
        try channel.writeInbound(headPart)
        #expect(try channel.readOutbound(as: ByteBuffer.self) == nil)
        head.writeBuffer(&second)
        try channel.writeInbound(head)
        let one = try Self.unframed(try #require(try channel.readOutbound(as: ByteBuffer.self)))
        let two = try Self.unframed(try #require(try channel.readOutbound(as: ByteBuffer.self)))
        #expect(one.id == 1 && one.answers.map(\.data) == [.a(IPv4Address(10, 96, 0, 20))])
        #expect(two.id == 2 && two.answers.count == 120 && !two.truncated, "TCP is not cut to 512 bytes")
        #expect(channel.isActive)
    }

    @Test func tcpGarbageClosesTheConnection() throws {
        let channel = try Self.tcpChannel(Self.server())
        try channel.writeInbound(Self.framed([1, 2, 3]))
        #expect(try channel.readOutbound(as: ByteBuffer.self) == nil)
        #expect(!channel.isActive)
    }

    @Test func updatedRecordsAreSeenByTheNextQuery() throws {
        let server = Self.server()
        let query = try DNSTestClient.query("web.demo.svc.cluster.local")
        #expect(try DNSMessage(decoding: try #require(server.answer(query, transport: .udp))).rcode == .noError)
        server.update(ClusterDNSRecords(services: [], serial: 2))
        #expect(try DNSMessage(decoding: try #require(server.answer(query, transport: .udp))).rcode == .nameError)
    }
}
