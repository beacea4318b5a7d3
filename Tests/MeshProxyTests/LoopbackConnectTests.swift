// LoopbackConnect against real listening sockets: connected in the call, refused at once, and a
// SYN the backlog dropped answered as pending without the listener ever seeing that connection.
import LinuxNet
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Loopback connect")
struct LoopbackConnectTests {
    /// A TCP socket bound to 127.0.0.1 on a free port, listening with `backlog` unless nil.
    static func listener(backlog: Int32?) throws -> (fd: Int32, port: UInt16) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        try #require(fd >= 0)
        var address = LoopbackConnect.address(port: 0)
        var size = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, size) == 0 && getsockname(fd, $0, &size) == 0 }
        }
        try #require(bound)
        if let backlog { try #require(listen(fd, backlog) == 0) }
        return (fd, UInt16(bigEndian: address.sin_port))
    }

    /// Connections waiting in the listener's accept queue (accepted and closed here).
    static func drain(_ fd: Int32) -> [Int32] {
        var accepted: [Int32] = []
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        while true {
            let c = accept(fd, nil, nil)
            if c < 0 { return accepted }
            accepted.append(c)
        }
    }

    /// Accepts until `count` connections came or 5 s passed (a final ACK may still be in flight
    /// when the kernel defers loopback processing on a busy CPU).
    static func drain(_ fd: Int32, expecting count: Int) -> [Int32] {
        var accepted = drain(fd)
        let deadline = ContinuousClock.now + .seconds(5)
        while accepted.count < count, ContinuousClock.now < deadline {
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            _ = poll(&p, 1, 50)
            accepted += drain(fd)
        }
        return accepted
    }

    @Test func aListeningPortIsConnectedWhenTheCallReturns() throws {
        let (server, port) = try Self.listener(backlog: 16)
        defer { close(server) }
        // Almost always at the first attempt; `.pending` is allowed when the kernel deferred the
        // loopback processing (a busy CPU), and that attempt never reaches the listener.
        var outcome = LoopbackConnect.Outcome.pending
        for _ in 0..<20 {
            outcome = LoopbackConnect.attempt(port: port)
            if outcome != .pending { break }
        }
        guard case .connected(let fd) = outcome else {
            Issue.record("not connected: \(outcome)")
            return
        }
        defer { close(fd) }
        let accepted = Self.drain(server, expecting: 1)
        #expect(accepted.count == 1)
        defer { accepted.forEach { close($0) } }
        let sent = Array("ping".utf8)
        #expect(write(fd, sent, sent.count) == sent.count)
        var received = [UInt8](repeating: 0, count: 16)
        let n = accepted.isEmpty ? -1 : read(accepted[0], &received, received.count)
        #expect(Array(received.prefix(max(n, 0))) == sent)
        #expect(fcntl(fd, F_GETFL) & O_NONBLOCK != 0)
    }

    @Test func aPortNobodyListensOnFailsAtOnceWithConnectionRefused() throws {
        let (reserved, port) = try Self.listener(backlog: nil)  // bound, not listening
        defer { close(reserved) }
        #expect(LoopbackConnect.attempt(port: port) == .failed(ECONNREFUSED))
    }

    @Test func aSynTheFullBacklogDroppedIsPendingAndNeverReachesTheListener() throws {
        let (server, port) = try Self.listener(backlog: 0)
        defer { close(server) }
        var connected: [Int32] = []
        var pending = 0
        for _ in 0..<8 {
            switch LoopbackConnect.attempt(port: port) {
            case .connected(let fd): connected.append(fd)
            case .pending: pending += 1
            case .failed(let code): Issue.record("failed: \(code)")
            }
        }
        defer { connected.forEach { close($0) } }
        #expect(pending > 0)
        // Only the connections answered as connected wait to be accepted.
        var accepted = Self.drain(server, expecting: connected.count)
        var p = pollfd(fd: server, events: Int16(POLLIN), revents: 0)
        if poll(&p, 1, 200) > 0 { accepted += Self.drain(server) }  // none more may come
        defer { accepted.forEach { close($0) } }
        #expect(accepted.count == connected.count)
    }
}
