@testable import KubeClient
import Testing

@Suite("port-forward receiver")
struct PortForwardReceiverTests {
    @Test func dropsEachChannelsPortPrefixOnce() {
        var r = PortForwardReceiver()
        r.receive([0, 0x98, 0x3a])
        r.receive([1, 0x98, 0x3a])
        r.receive([0] + Array("hello".utf8))
        r.receive([0] + Array(" world".utf8))
        r.receive([4, 1, 2])  // a channel of a port not asked for
        #expect(r.outcome == .success(Array("hello world".utf8)))
    }

    @Test func aPrefixSplitAcrossMessagesAndDataInTheSameMessage() {
        var r = PortForwardReceiver()
        r.receive([0, 0x98])
        r.receive([0, 0x3a, 0x41])
        #expect(r.outcome == .success([0x41]))
    }

    @Test func errorChannelTextFailsTheExchange() {
        var r = PortForwardReceiver()
        r.receive([0, 0x98, 0x3a, 0x41])
        r.receive([1, 0x98, 0x3a])
        r.receive([1] + Array("error forwarding port 15000 to pod p".utf8))
        #expect(r.outcome == .failure(.streamFailed("error forwarding port 15000 to pod p")))
    }

    @Test func emptyAndForeignMessagesAreHarmless() {
        var r = PortForwardReceiver()
        r.receive([])
        r.receive([9])
        #expect(r.outcome == .success([]))
    }
}
