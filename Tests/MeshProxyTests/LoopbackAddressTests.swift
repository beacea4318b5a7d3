// The server sidecar's address for the local app, built from a port without parsing text.
@testable import MeshProxy
import NIOCore
import Testing

@Suite("Loopback address")
struct LoopbackAddressTests {
    @Test func isTheSameAsTheParsedOne() throws {
        for port in [1, 80, 9000, 15003, 65535] as [UInt16] {
            let built = InboundListener.loopback(port: port)
            #expect(built == (try SocketAddress(ipAddress: "127.0.0.1", port: Int(port))))
            #expect(built.port == Int(port) && built.ipAddress == "127.0.0.1")
        }
    }
}
