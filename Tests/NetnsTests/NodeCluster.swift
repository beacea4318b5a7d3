// An embedded cluster for the node tests: `osm cluster up` in a temporary data dir with its pod
// bridge in a hub namespace made here, the real kubectl against it, and `down` plus removal of
// everything at the end.
import Foundation
import KubeTestSupport

final class NodeCluster: @unchecked Sendable {
    let hub: NetnsFixture
    let dir: String

    /// Starts a cluster; throws when it does not come up.
    init(_ prefix: String) throws {
        hub = try NetnsFixture()
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString.prefix(8))").path
        let r = try up()
        guard r.code == 0 else { throw NSError(domain: "cluster", code: Int(r.code), userInfo: [NSLocalizedDescriptionKey: "\(r)"]) }
    }

    /// `osm cluster up` (again) on the same data dir.
    @discardableResult
    func up() throws -> (code: Int32, out: String, err: String) {
        stopped = false
        return try NetnsFixture.run(ProxyInitTests.osm, ["cluster", "up", "--data-dir", dir, "--port", "0", "--detach",
                                                  "--no-kubeconfig-merge", "--pod-bridge-namespace", hub.name])
    }

    /// `osm cluster down`.
    @discardableResult
    func down() throws -> (code: Int32, out: String, err: String) {
        stopped = true
        return try NetnsFixture.run(ProxyInitTests.osm, ["cluster", "down", "--data-dir", dir])
    }

    /// Set once the test stopped the cluster itself.
    private var stopped = false

    /// The last lines of the cluster's log (printed when a test finds something left behind).
    func logTail(_ lines: Int = 80) -> String {
        let text = (try? String(contentsOfFile: dir + "/apiserver.log", encoding: .utf8)) ?? "(no log)"
        let all = text.split(separator: "\n", omittingEmptySubsequences: false)
        // A crash report is long: show its head (the reason and the crashed thread) rather than its tail.
        if let crash = all.firstIndex(where: { $0.contains("💣") || $0.contains("Fatal error") }) {
            return all[max(0, crash - 10)..<min(all.count, crash + lines)].joined(separator: "\n")
        }
        return all.suffix(lines).joined(separator: "\n")
    }

    /// Whether the cluster's process still runs.
    var isRunning: Bool {
        guard let text = try? String(contentsOfFile: dir + "/apiserver.pid", encoding: .utf8),
              let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { return false }
        return kill(pid, 0) == 0
    }

    /// Stops the cluster and removes the hub namespace and the data dir. A cluster whose process
    /// died during the test is reported with its log (a crash report shows why), then started
    /// once more so it removes what it left (pods' processes, namespaces, mount points) and stopped.
    func tearDown() {
        if !stopped, !isRunning {
            print("the cluster process in \(dir) is not running at the end of the test; its log:\n\(logTail())")
            _ = try? up()
        }
        _ = try? down()
        hub.remove()
        try? FileManager.default.removeItem(atPath: dir)
    }

    /// The kubectl to drive.
    static let kubectlPath = KubectlBinary.path

    /// Runs kubectl against the cluster.
    func kubectl(_ args: [String]) throws -> (code: Int32, out: String, err: String) {
        try NetnsFixture.run(Self.kubectlPath, ["--kubeconfig", dir + "/admin.kubeconfig", "--cache-dir", dir + "/cache"] + args)
    }

    /// Runs the `osm` CLI against the cluster.
    func osm(_ args: [String]) throws -> (code: Int32, out: String, err: String) {
        try NetnsFixture.run(ProxyInitTests.osm, args + ["--kubeconfig", dir + "/admin.kubeconfig"])
    }

    /// Starts kubectl in the background; `wait()` returns its result.
    func kubectlBackground(_ args: [String]) throws -> BackgroundRun {
        try BackgroundRun(Self.kubectlPath, ["--kubeconfig", dir + "/admin.kubeconfig", "--cache-dir", dir + "/cache"] + args)
    }

    /// Polls `check` every 200 ms for up to `seconds`; false when it never holds.
    func eventually(_ what: String, seconds: Int = 30, _ check: () throws -> Bool) rethrows -> Bool {
        for _ in 0..<(seconds * 5) {
            if try check() { return true }
            usleep(200_000)
        }
        return false
    }
}

/// A process whose output is read when it ends.
final class BackgroundRun: @unchecked Sendable {
    private let process = Process()
    private let out = Pipe(), err = Pipe()

    init(_ program: String, _ args: [String]) throws {
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = args
        process.standardOutput = out
        process.standardError = err
        try process.run()
    }

    /// Waits for the end; returns exit code and output.
    func wait() -> (code: Int32, out: String, err: String) {
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }
}
