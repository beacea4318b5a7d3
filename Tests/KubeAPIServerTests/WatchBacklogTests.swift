// A watch whose client stops reading ends once the changes waiting for it pass the backlog,
// instead of holding every later change in the server's memory.
import Foundation
@testable import KubeAPIServer
import Testing

@Suite("Watch backlog", .serialized)
struct WatchBacklogTests {
    /// A client that opens a watch over TLS with a 4 KiB receive buffer and never reads again.
    static let stuckClient = """
        import socket, ssl, sys, time
        port, token, path = sys.argv[1:4]
        ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
        raw = socket.socket(); raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        raw.connect(("127.0.0.1", int(port)))
        s = ctx.wrap_socket(raw)
        s.sendall(("GET %s HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\nAuthorization: Bearer %s\\r\\n\\r\\n" % (path, token)).encode())
        time.sleep(600)
        """

    @Test func aWatchWhoseClientStopsReadingEndsInsteadOfGrowing() async throws {
        let c = try await TestCluster.start(watchBacklog: 5)
        defer { c.shutdown() }
        _ = try await c.kubectl("create", "ns", "slow")
        let store = c.server.core.store
        let before = await store.watcherCount
        let client = Process()
        client.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        client.arguments = ["-c", Self.stuckClient, "\(c.port)", c.credentials.token, "/api/v1/namespaces/slow/configmaps?watch=true"]
        client.standardOutput = FileHandle.nullDevice
        try client.run()
        defer {
            kill(client.processIdentifier, SIGKILL)
            client.waitUntilExit()
        }
        func watchers(becoming wanted: Int) async -> Int {
            var count = -1
            for _ in 0..<600 {
                count = await store.watcherCount
                if count == wanted { break }
                try? await Task.sleep(for: .milliseconds(100))
            }
            return count
        }
        #expect(await watchers(becoming: before + 1) == before + 1, "the stuck client's watch is open")
        #expect(c.server.core.openWatches.load(ordering: .relaxed) == 1)
        // 60 changes of 512 KiB each: far more than the kernel's socket buffers, the response's
        // and the watch's queues and the 5-change backlog hold for a client that does not read.
        let value = String(repeating: "x", count: 512 << 10)
        let list = (0..<60).map { #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"big\#($0)","namespace":"slow"},"data":{"v":"\#(value)"}}"# }
        let file = c.dir + "/big.json"
        try #"{"apiVersion":"v1","kind":"List","items":[\#(list.joined(separator: ","))]}"#.write(toFile: file, atomically: false, encoding: .utf8)
        let created = try await c.kubectl("create", "-f", file, "-o", "name")
        #expect(created.code == 0 && created.out.split(separator: "\n").count == 60, "\(created.err)")
        #expect(await watchers(becoming: before) == before, "the watch the client stopped reading was ended")
        // The watch response itself ended too (it does not wait for the client to take what was queued).
        var open = -1
        for _ in 0..<100 {
            open = c.server.core.openWatches.load(ordering: .relaxed)
            if open == 0 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(open == 0, "no watch response is still being written")
    }
}
