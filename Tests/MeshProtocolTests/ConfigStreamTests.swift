// The config stream's messages and framing.
import Foundation
import MeshProtocol
import Testing

@Suite("Config stream messages")
struct ConfigStreamTests {
    @Test func messagesRoundTripThroughFrames() throws {
        let config = ProxyConfig(version: 4, meshName: "osm", identity: ServiceIdentity(serviceAccount: "curl", namespace: "curl"),
                                 trustDomain: "cluster.local", permissive: true, egressPassthrough: false, tls: TLSSettings(),
                                 certificates: nil, timeouts: Timeouts(connectTimeoutMillis: 5000, idleTimeoutMillis: 60000))
        for message in [ConfigStreamMessage.hello(namespace: "curl", pod: "curl-1"), .config(config), .refused(reason: "no such pod")] {
            let frame = try ConfigStreamFraming.frame(message)
            #expect(ConfigStreamFraming.length(frame) == frame.count - 4)
            let decoded = try JSONDecoder().decode(ConfigStreamMessage.self, from: Data(frame.dropFirst(4)))
            #expect(decoded == message)
        }
        #expect(ConfigStreamFraming.length([0, 0, 1]) == nil)
        #expect(ConfigStreamFraming.length([0, 1, 0, 0, 9]) == 65536)
    }

    @Test func unknownMessagesAreRefusedByName() {
        #expect {
            try JSONDecoder().decode(ConfigStreamMessage.self, from: Data(#"{"type":"delta"}"#.utf8))
        } throws: { "\($0)".contains("unknown config stream message \"delta\"") }
    }
}
