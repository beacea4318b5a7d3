// The config stream codec on an embedded channel: frames split anywhere decode whole, several
// in one read decode in order; an oversized or undecodable frame is an error.
import MeshProtocol
import MeshStream
import NIOCore
import NIOEmbedded
import Testing

@Suite("Config stream codec")
struct ConfigStreamCodecTests {
    @Test func framesSplitAnywhereDecodeWhole() throws {
        let channel = EmbeddedChannel(handlers: [ByteToMessageHandler(ConfigStreamDecoder()), MessageToByteHandler(ConfigStreamEncoder())])
        let messages: [ConfigStreamMessage] = [.hello(namespace: "curl", pod: "curl-1"), .refused(reason: "no")]
        let bytes = try messages.flatMap { try ConfigStreamFraming.frame($0) }
        for byte in bytes { try channel.writeInbound(ByteBuffer(bytes: [byte])) }
        #expect(try channel.readInbound(as: ConfigStreamMessage.self) == messages[0])
        #expect(try channel.readInbound(as: ConfigStreamMessage.self) == messages[1])
        try channel.writeInbound(ByteBuffer(bytes: bytes))
        #expect(try channel.readInbound(as: ConfigStreamMessage.self) == messages[0])
        #expect(try channel.readInbound(as: ConfigStreamMessage.self) == messages[1])
        try channel.writeOutbound(messages[0])
        #expect(try channel.readOutbound(as: ByteBuffer.self).map { Array($0.readableBytesView) } == (try ConfigStreamFraming.frame(messages[0])))
        _ = try channel.finish()
    }

    @Test func oversizedAndUndecodableFramesAreErrors() throws {
        var channel = EmbeddedChannel(handler: ByteToMessageHandler(ConfigStreamDecoder()))
        #expect(throws: ConfigStreamError.frameTooLarge(0x7fff_ffff)) { try channel.writeInbound(ByteBuffer(bytes: [0x7f, 0xff, 0xff, 0xff])) }
        channel = EmbeddedChannel(handler: ByteToMessageHandler(ConfigStreamDecoder()))
        let body = Array(#"{"type":"delta"}"#.utf8)
        #expect { try channel.writeInbound(ByteBuffer(bytes: [0, 0, 0, UInt8(body.count)] + body)) } throws: { error in
            "\(error)".contains("unknown config stream message")
        }
    }
}
