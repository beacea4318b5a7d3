// The guide's applications on the embedded node, before any mesh: the repo's tcp-echo and curl
// manifests run, and the guide's command prints the echo through cluster DNS and ClusterIP routing.
import Foundation
import Testing

@Suite("The guide's apps on the embedded node", .serialized, .enabled(if: NetnsFixture.available))
struct GuideAppsTests {
    @Test func echoHelloThroughNcPrintsTheEcho() throws {
        let hub = try NetnsFixture()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("osm-guide-\(UUID().uuidString.prefix(8))").path
        let manifests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("manifests/demo").path
        defer {
            _ = try? NetnsFixture.run(ProxyInitTests.osm, ["cluster", "down", "--data-dir", dir])
            hub.remove()
            try? FileManager.default.removeItem(atPath: dir)
        }
        var r = try NetnsFixture.run(ProxyInitTests.osm, ["cluster", "up", "--data-dir", dir, "--port", "0", "--detach",
                                                          "--no-kubeconfig-merge", "--pod-bridge-namespace", hub.name])
        #expect(r.code == 0, "\(r)")
        func kubectl(_ args: String...) throws -> (code: Int32, out: String, err: String) {
            try NetnsFixture.run("/usr/bin/kubectl", ["--kubeconfig", dir + "/admin.kubeconfig", "--cache-dir", dir + "/cache"] + args)
        }
        #expect(try kubectl("create", "namespace", "tcp-demo").code == 0)
        #expect(try kubectl("create", "namespace", "curl").code == 0)
        r = try kubectl("apply", "-f", manifests + "/tcp-echo.yaml")
        #expect(r.code == 0, "\(r)")
        r = try kubectl("apply", "-n", "curl", "-f", manifests + "/curl.yaml")
        #expect(r.code == 0, "\(r)")
        for (ns, app) in [("tcp-demo", "tcp-echo"), ("curl", "curl")] {
            r = try kubectl("rollout", "status", "deployment/\(app)", "-n", ns, "--timeout=60s")
            #expect(r.code == 0 && r.out.contains("successfully rolled out"), "\(r)")
        }
        r = try kubectl("get", "pods", "-n", "tcp-demo", "--no-headers")
        #expect(r.out.contains("1/1   Running"), "\(r)")
        var echo = (code: Int32(1), out: "", err: "")
        for _ in 0..<30 {
            echo = try kubectl("exec", "-n", "curl", "deploy/curl", "--", "sh", "-c", "echo hello | nc tcp-echo.tcp-demo 9000")
            if echo.code == 0, echo.out == "echo response: hello\n" { break }
            usleep(200_000)
        }
        #expect(echo.code == 0 && echo.out == "echo response: hello\n", "\(echo)")
        r = try kubectl("logs", "-n", "tcp-demo", "deploy/tcp-echo")
        #expect(r.out.contains("Received request: [hello]"), "\(r)")
    }
}
