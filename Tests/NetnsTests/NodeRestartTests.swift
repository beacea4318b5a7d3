// Restart safety: a node killed with SIGKILL leaves its containers running (each leads its own
// session); the next `cluster up` must stop them, remove the old sandboxes and mount points, and
// bring every pod back Running.
import Foundation
import Testing

@Suite("Node killed and started again", .serialized, .enabled(if: NetnsFixture.available))
struct NodeRestartTests {
    static let manifest = """
        apiVersion: v1
        kind: Pod
        metadata: {name: looper}
        spec:
          volumes: [{name: scratch, emptyDir: {}}]
          containers:
          - name: main
            image: busybox
            command: ["sh", "-c", "while true; do echo hi | nc -l -p 7000; done"]
            volumeMounts: [{name: scratch, mountPath: /osm-restart-test-mount/data}]
        """

    /// Whether `pid` runs (a zombie waiting for its new parent to reap it does not).
    static func running(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0, let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        return !stat[close...].hasPrefix(") Z")
    }

    @Test func aKilledNodeLeavesNothingBehindAfterTheNextStart() throws {
        let cluster = try NodeCluster("osm-crash")
        defer { cluster.tearDown() }
        func kubectl(_ args: String...) throws -> (code: Int32, out: String, err: String) { try cluster.kubectl(args) }
        let before = Set(try NetnsFixture.run("/usr/sbin/ip", ["netns", "list"]).out.split(separator: "\n").map(String.init))
        try Self.manifest.write(toFile: cluster.dir + "/looper.yaml", atomically: true, encoding: .utf8)
        #expect(try kubectl("apply", "-f", cluster.dir + "/looper.yaml").code == 0)
        #expect(try cluster.eventually("looper running") { try kubectl("get", "pod", "looper", "--no-headers").out.contains("1/1   Running") })
        let uid = try kubectl("get", "pod", "looper", "-o", "jsonpath={.metadata.uid}").out
        let sandbox = "osm-" + uid.replacingOccurrences(of: "-", with: "").prefix(12)
        let oldProcesses = try NetnsFixture.run("/usr/sbin/ip", ["netns", "pids", sandbox]).out.split(separator: "\n").compactMap { Int32($0) }
        #expect(oldProcesses.count >= 2, "the shell and its nc: \(oldProcesses)")

        // SIGKILL: the node cannot clean up; its containers live on.
        let node = try #require(Int32(try String(contentsOfFile: cluster.dir + "/apiserver.pid", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        kill(node, SIGKILL)
        for _ in 0..<50 where kill(node, 0) == 0 { usleep(100_000) }
        #expect(oldProcesses.allSatisfy(Self.running), "the containers outlive a killed node")

        #expect(try cluster.up().code == 0)
        #expect(!oldProcesses.contains(where: Self.running), "the next start stops what the killed node left")
        // The API's "Running" may still be the killed node's last report: what counts is the new
        // node's containers in the pod's sandbox.
        func sandboxProcesses() throws -> [Int32] {
            try NetnsFixture.run("/usr/sbin/ip", ["netns", "pids", sandbox]).out.split(separator: "\n").compactMap { Int32($0) }
        }
        var newProcesses: [Int32] = []
        let restarted = try cluster.eventually("looper's containers running again") {
            newProcesses = try sandboxProcesses()
            return !newProcesses.isEmpty
        }
        #expect(restarted && Set(newProcesses).isDisjoint(with: oldProcesses), "\(newProcesses) vs \(oldProcesses)")
        // The new node reports the restarted containers shortly after they start.
        #expect(try cluster.eventually("looper reported running by the new node") {
            try kubectl("get", "pod", "looper", "--no-headers").out.contains("1/1   Running")
        })

        let down = try cluster.down()
        #expect(down.code == 0)
        let after = Set(try NetnsFixture.run("/usr/sbin/ip", ["netns", "list"]).out.split(separator: "\n").map(String.init))
        let left = after.subtracting(before).filter { $0.hasPrefix("osm-") }
        if !left.isEmpty {
            // What the node said while stopping, for the record (the data dir goes with the test).
            print("left behind: \(left); `cluster down` said: \(down.out) \(down.err)\nits log:\n\(cluster.logTail(120))")
        }
        #expect(left.isEmpty, "\(left)")
        #expect(!newProcesses.contains(where: Self.running))
        #expect(!FileManager.default.fileExists(atPath: "/osm-restart-test-mount"), "the mount point the node made is removed")
    }
}
