import Foundation
import MeshPKI
import Testing

/// Drives the real `osm` binary: cluster up/status/down, and a crash (SIGKILL) in the middle of writes.
@Suite("osm cluster CLI", .serialized)
struct ClusterCLITests {
    static var osm: String {
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [dir.appendingPathComponent("osm").path,
                          dir.deletingLastPathComponent().appendingPathComponent("osm").path]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? "osm"
    }

    static func run(_ args: [String], env: [String: String] = [:]) async throws -> Kubectl.Result {
        try await Kubectl.runProgram(osm, args, stdin: nil, env: env)
    }

    /// Stops whatever server a test left running in `dataDir` (by the pid it recorded), then
    /// removes the test's folder.
    static func stopAndRemove(_ dir: String, dataDir: String) {
        if let text = try? String(contentsOfFile: dataDir + "/apiserver.pid", encoding: .utf8),
            let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 0
        {
            kill(pid, SIGKILL)
        }
        try? FileManager.default.removeItem(atPath: dir)
    }

    @Test func upMergesItsContextIntoTheUsersKubeconfig() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("osm-cli-\(UUID().uuidString.prefix(8))").path
        let home = dir + "/home"
        try FileManager.default.createDirectory(atPath: home + "/.kube", withIntermediateDirectories: true)
        try """
            apiVersion: v1
            kind: Config
            clusters:
            - name: other
              cluster:
                server: https://192.0.2.1:6443
            users:
            - name: other
              user:
                token: x
            contexts:
            - name: other
              context:
                cluster: other
                user: other
            current-context: other
            """.write(toFile: home + "/.kube/config", atomically: true, encoding: .utf8)
        defer { Self.stopAndRemove(dir, dataDir: dir + "/data") }
        var r = try await Self.run(["cluster", "up", "--data-dir", dir + "/data", "--port", "0", "--detach"], env: ["HOME": home])
        #expect(r.code == 0, "\(r)")
        r = try await Kubectl.run(["--cache-dir", dir + "/cache", "get", "ns", "default", "-o", "name"], stdin: nil, env: ["HOME": home])
        #expect(r.code == 0 && r.out == "namespace/default\n", "the merged context is current: \(r)")
        r = try await Kubectl.run(["config", "get-contexts", "-o", "name"], stdin: nil, env: ["HOME": home])
        #expect(r.out.split(separator: "\n").sorted() == ["other", "swift-osm"], "the user's own context is kept: \(r)")
        r = try await Self.run(["cluster", "down", "--data-dir", dir + "/data"])
        #expect(r.code == 0, "\(r)")
    }

    @Test func upStatusDownAndCrashLosesNothingAcknowledged() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("osm-cli-\(UUID().uuidString.prefix(8))").path
        defer { Self.stopAndRemove(dir, dataDir: dir) }
        var r = try await Self.run(["cluster", "up", "--data-dir", dir, "--port", "0", "--detach", "--no-kubeconfig-merge"])
        #expect(r.code == 0 && r.out.contains("cluster is up"), "\(r)")
        r = try await Self.run(["cluster", "status", "--data-dir", dir])
        #expect(r.code == 0 && r.out.hasPrefix("running"), "\(r)")
        r = try await Self.run(["cluster", "up", "--data-dir", dir, "--port", "0", "--detach"])
        #expect(r.code != 0 && r.err.contains("already running"), "\(r)")
        let kubeconfig = dir + "/admin.kubeconfig"
        func kubectl(_ args: String...) async throws -> Kubectl.Result {
            try await Kubectl.run(["--kubeconfig", kubeconfig, "--cache-dir", dir + "/cache"] + args, stdin: nil, env: [:])
        }
        r = try await kubectl("create", "ns", "crash")
        #expect(r.code == 0, "\(r)")
        // The embedded node registers itself and the namespace gets its default ServiceAccount.
        var node = Kubectl.Result(out: "", err: "", code: 1)
        var account = node
        for _ in 0..<100 {
            node = try await kubectl("get", "nodes", "--no-headers")
            account = try await kubectl("get", "serviceaccount", "default", "-n", "crash", "-o", "name")
            if node.out.contains(" Ready "), account.code == 0 { break }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        #expect(node.out.contains(" Ready "), "\(node)")
        #expect(account.out == "serviceaccount/default\n", "\(account)")
        // Write while the server is killed with SIGKILL; every acknowledged write must survive.
        let pidText = try String(contentsOfFile: dir + "/apiserver.pid", encoding: .utf8)
        let pid = pid_t(pidText.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        #expect(pid > 0)
        let killer = Task {
            try await Task.sleep(nanoseconds: 1_500_000_000)
            kill(pid, SIGKILL)
        }
        var acknowledged: [String] = []
        for i in 0..<200 {
            let res = try await kubectl("create", "configmap", "c\(i)", "-n", "crash", "--from-literal=i=\(i)")
            if res.code == 0 { acknowledged.append("c\(i)") } else { break }
        }
        _ = try await killer.value
        #expect(!acknowledged.isEmpty && acknowledged.count < 200, "the kill landed during the writes: \(acknowledged.count)")
        r = try await Self.run(["cluster", "up", "--data-dir", dir, "--port", "0", "--detach", "--no-kubeconfig-merge"])
        #expect(r.code == 0, "restart after a crash: \(r)")
        r = try await kubectl("get", "cm", "-n", "crash", "-o", "name")
        let stored = Set(r.out.split(separator: "\n").map { String($0.dropFirst("configmap/".count)) })
        let lost = acknowledged.filter { !stored.contains($0) }
        #expect(lost.isEmpty, "acknowledged but lost after SIGKILL: \(lost)")
        r = try await Self.run(["cluster", "down", "--data-dir", dir])
        #expect(r.code == 0 && r.out.contains("cluster stopped"), "\(r)")
        r = try await Self.run(["cluster", "status", "--data-dir", dir])
        #expect(r.code == 3 && r.out.contains("stopped"), "\(r)")
    }

    @Test func anExpiredServingCertificateIsIssuedAgainOnStart() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("osm-cli-\(UUID().uuidString.prefix(8))").path
        defer { Self.stopAndRemove(dir, dataDir: dir) }
        var r = try await Self.run(["cluster", "up", "--data-dir", dir, "--port", "0", "--detach", "--no-kubeconfig-merge"])
        #expect(r.code == 0, "\(r)")
        r = try await Self.run(["cluster", "down", "--data-dir", dir])
        #expect(r.code == 0, "\(r)")
        // A serving certificate from the cluster's CA that expired a moment ago, as a year-old one has.
        let pki = dir + "/pki"
        let ca = try CertificateAuthority(
            certificatePEM: try String(contentsOfFile: pki + "/ca.crt", encoding: .utf8),
            privateKeyPEM: try String(contentsOfFile: pki + "/ca.key", encoding: .utf8))
        let names = LeafNames(commonName: "kube-apiserver", dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"])
        let expired = try ca.issue(names, validFor: -1)
        try expired.certificatePEM.write(toFile: pki + "/apiserver.crt", atomically: false, encoding: .utf8)
        try expired.privateKeyPEM.write(toFile: pki + "/apiserver.key", atomically: false, encoding: .utf8)
        r = try await Self.run(["cluster", "up", "--data-dir", dir, "--port", "0", "--detach", "--no-kubeconfig-merge"])
        #expect(r.code == 0, "\(r)")
        let renewed = try String(contentsOfFile: pki + "/apiserver.crt", encoding: .utf8)
        #expect(ca.reissueReason(for: renewed, keyPEM: try String(contentsOfFile: pki + "/apiserver.key", encoding: .utf8),
                                 names: names, renewWithin: 300 * 86_400) == nil, "a fresh certificate for its key, valid for most of a year")
        let log = (try? String(contentsOfFile: dir + "/apiserver.log", encoding: .utf8)) ?? ""
        #expect(log.contains("issued a new serving certificate") && log.contains("it expired on"), "\(log)")
        // kubectl verifies the server against the CA: it would refuse the expired one.
        r = try await Kubectl.run(["--kubeconfig", dir + "/admin.kubeconfig", "--cache-dir", dir + "/cache", "get", "ns", "default", "-o", "name"],
                                  stdin: nil, env: [:])
        #expect(r.code == 0 && r.out == "namespace/default\n", "\(r)")
        r = try await Self.run(["cluster", "down", "--data-dir", dir])
        #expect(r.code == 0, "\(r)")
    }

    @Test func aRunningServerServesARenewedCertificateWithoutARestart() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("osm-cli-\(UUID().uuidString.prefix(8))").path
        defer { Self.stopAndRemove(dir, dataDir: dir) }
        var r = try await Self.run(["cluster", "up", "--data-dir", dir, "--port", "0", "--detach", "--no-kubeconfig-merge",
                                    "--node-name", "renewal-node", "--serving-check-seconds", "1"])
        #expect(r.code == 0, "\(r)")
        let pki = dir + "/pki"
        let port = try #require(Int(try String(contentsOfFile: dir + "/apiserver.ready", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        /// The certificate the server sends to a new connection, PEM.
        func served() async throws -> String {
            try await Kubectl.runProgram("/usr/bin/python3", ["-c", "import ssl; print(ssl.get_server_certificate(('127.0.0.1', \(port))))"],
                                         stdin: nil, env: [:]).out
        }
        func compact(_ pem: String) -> String { pem.filter { !$0.isWhitespace } }
        let first = try String(contentsOfFile: pki + "/apiserver.crt", encoding: .utf8)
        #expect(compact(try await served()) == compact(first))
        // The certificate on disk expires (as a year-old one does) while the server runs.
        let ca = try CertificateAuthority(
            certificatePEM: try String(contentsOfFile: pki + "/ca.crt", encoding: .utf8),
            privateKeyPEM: try String(contentsOfFile: pki + "/ca.key", encoding: .utf8))
        let expired = try ca.issue(LeafNames(commonName: "kube-apiserver", dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"]), validFor: -1)
        try expired.privateKeyPEM.write(toFile: pki + "/apiserver.key", atomically: true, encoding: .utf8)
        try expired.certificatePEM.write(toFile: pki + "/apiserver.crt", atomically: true, encoding: .utf8)
        var log = ""
        for _ in 0..<300 where !log.contains("serving the new certificate") {
            try await Task.sleep(for: .milliseconds(100))
            log = (try? String(contentsOfFile: dir + "/apiserver.log", encoding: .utf8)) ?? ""
        }
        #expect(log.contains("issued a new serving certificate") && log.contains("serving the new certificate"), "\(log)")
        let renewed = try String(contentsOfFile: pki + "/apiserver.crt", encoding: .utf8)
        #expect(compact(renewed) != compact(first) && compact(renewed) != compact(expired.certificatePEM))
        #expect(compact(try await served()) == compact(renewed), "new connections get the renewed certificate")
        for _ in 0..<100 {
            r = try await Kubectl.run(["--kubeconfig", dir + "/admin.kubeconfig", "--cache-dir", dir + "/cache", "get", "nodes", "-o", "name"],
                                      stdin: nil, env: [:])
            if r.code == 0, !r.out.isEmpty { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(r.code == 0 && r.out == "node/renewal-node\n", "kubectl trusts it, and the detached server kept --node-name: \(r)")
        r = try await Self.run(["cluster", "down", "--data-dir", dir])
        #expect(r.code == 0, "\(r)")
    }
}
