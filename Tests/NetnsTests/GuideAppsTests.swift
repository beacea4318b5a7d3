// The guide's applications on the embedded node, before any mesh: the repo's tcp-echo and curl
// manifests run, and the guide's command prints the echo through cluster DNS and ClusterIP routing.
import Foundation
import Testing

@Suite("The guide's apps on the embedded node", .serialized, .enabled(if: NetnsFixture.available))
struct GuideAppsTests {
    @Test func echoHelloThroughNcPrintsTheEcho() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        let echoManifest = root + "/docs/example/manifests/apps/tcp-echo.yaml"
        let curlManifest = root + "/docs/example/manifests/samples/curl/curl.yaml"
        let cluster = try NodeCluster("osm-guide")
        defer { cluster.tearDown() }
        var r = (code: Int32(0), out: "", err: "")
        func kubectl(_ args: String...) throws -> (code: Int32, out: String, err: String) { try cluster.kubectl(args) }
        #expect(try kubectl("create", "namespace", "tcp-demo").code == 0)
        #expect(try kubectl("create", "namespace", "curl").code == 0)
        r = try kubectl("apply", "-f", echoManifest)
        #expect(r.code == 0, "\(r)")
        r = try kubectl("apply", "-n", "curl", "-f", curlManifest)
        #expect(r.code == 0, "\(r)")
        for (ns, app) in [("tcp-demo", "tcp-echo"), ("curl", "curl")] {
            r = try kubectl("rollout", "status", "deployment/\(app)", "-n", ns, "--timeout=60s")
            #expect(r.code == 0 && r.out.contains("successfully rolled out"), "\(r)")
        }
        r = try kubectl("get", "svc,po", "-n", "tcp-demo")
        #expect(r.out.contains("service/tcp-echo   ClusterIP   10.96.") && r.out.contains("<none>        9000/TCP"), "\(r)")
        #expect(r.out.contains("1/1     Running"), "\(r)")
        let curlPod = try kubectl("get", "pod", "-n", "curl", "-l", "app=curl", "-o", "jsonpath={.items[0].metadata.name}").out
        var echo = (code: Int32(1), out: "", err: "")
        for _ in 0..<30 {
            // The guide's command (with -ti; without a terminal kubectl runs it without a TTY).
            echo = try kubectl("exec", "-n", "curl", "-ti", curlPod, "-c", "curl", "--", "sh", "-c", "echo hello | nc tcp-echo.tcp-demo 9000")
            if echo.code == 0, echo.out == "echo response: hello\n" { break }
            usleep(200_000)
        }
        #expect(echo.code == 0 && echo.out == "echo response: hello\n", "\(echo)")
        r = try kubectl("logs", "-n", "tcp-demo", "deploy/tcp-echo")
        #expect(r.out.contains("Received request: [hello]"), "\(r)")

        // Scaled to 3, the ClusterIP spreads connections over all three pods.
        #expect(try kubectl("scale", "deploy/tcp-echo", "-n", "tcp-demo", "--replicas=3").code == 0)
        r = try kubectl("rollout", "status", "deployment/tcp-echo", "-n", "tcp-demo", "--timeout=60s")
        #expect(r.out.contains("successfully rolled out"), "\(r)")
        #expect(try cluster.eventually("3 tcp-echo endpoints") {
            try kubectl("get", "endpoints", "tcp-echo", "-n", "tcp-demo", "-o", "jsonpath={.subsets[*].addresses[*].ip}")
                .out.split(separator: " ").count == 3
        })
        let echoPods = try kubectl("get", "pods", "-n", "tcp-demo", "-o", "jsonpath={.items[*].metadata.name}").out.split(separator: " ")
        #expect(echoPods.count == 3)
        // Batches of 40 connections until every pod served one: the node writes the new endpoints into
        // each pod's rules in turn, so the first batch may leave before curl's rules list all three.
        var unserved = echoPods.map(String.init)
        let spread = try cluster.eventually("connections spread over the 3 pods", seconds: 30) {
            _ = try kubectl("exec", "-n", "curl", curlPod, "--", "sh", "-c",
                            "for i in $(seq 40); do echo spread | nc tcp-echo.tcp-demo 9000; done")
            unserved = try unserved.filter { !(try kubectl("logs", "-n", "tcp-demo", $0).out.contains("Received request: [spread]")) }
            return unserved.isEmpty
        }
        #expect(spread, "served none of the connections: \(unserved)")

        // The cluster stops and starts again with pods running: every pod comes back, nothing stale.
        let before = try kubectl("get", "pods", "-A", "-o", "jsonpath={.items[*].metadata.uid}").out.split(separator: " ")
        let ours = Set(before.map { "osm-" + $0.replacingOccurrences(of: "-", with: "").prefix(12) })
        func ourSandboxes() throws -> Set<String> {
            Set(try NetnsFixture.run("/usr/sbin/ip", ["netns", "list"]).out.split(separator: "\n")
                .compactMap { $0.split(separator: " ").first.map(String.init) }.filter { ours.contains($0) })
        }
        r = try cluster.down()
        #expect(r.code == 0, "\(r)")
        #expect(try ourSandboxes().isEmpty, "no sandbox while the node is down")
        r = try cluster.up()
        #expect(r.code == 0, "\(r)")
        for _ in 0..<100 {
            let phases = try kubectl("get", "pods", "-A", "--no-headers").out
            if phases.split(separator: "\n").count == before.count, phases.split(separator: "\n").allSatisfy({ $0.contains("1/1     Running") }) { break }
            usleep(200_000)
        }
        r = try kubectl("get", "pods", "-A", "--no-headers")
        #expect(r.out.split(separator: "\n").count == 4 && r.out.split(separator: "\n").allSatisfy { $0.contains("Running") }, "\(r)")
        #expect(try ourSandboxes() == ours, "one sandbox per pod again, none stale")
        for _ in 0..<100 {
            echo = try kubectl("exec", "-n", "curl", curlPod, "--", "sh", "-c", "echo again | nc tcp-echo.tcp-demo 9000")
            if echo.out == "echo response: again\n" { break }
            usleep(200_000)
        }
        #expect(echo.out == "echo response: again\n", "\(echo)")

        // Deleting a namespace removes its pods' processes and namespaces.
        let echoSandboxes = try kubectl("get", "pods", "-n", "tcp-demo", "-o", "jsonpath={.items[*].metadata.uid}").out
            .split(separator: " ").map { "osm-" + $0.replacingOccurrences(of: "-", with: "").prefix(12) }
        r = try kubectl("delete", "namespace", "tcp-demo", "--timeout=60s")
        #expect(r.code == 0, "\(r)")
        let left = try NetnsFixture.run("/usr/sbin/ip", ["netns", "list"]).out
        #expect(echoSandboxes.count == 3 && echoSandboxes.allSatisfy { !left.contains($0) }, "\(echoSandboxes) in \(left)")
    }
}
