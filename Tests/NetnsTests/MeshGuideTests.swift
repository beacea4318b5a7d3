// OSM's TCP routing guide on the embedded cluster with the mesh: install, namespaces added, the
// apps injected (2/2 Running), permissive mode → echo, SMI mode without policy → refused, the
// guide's TCPRoute and TrafficTarget → echo, the target deleted → refused again.
import Foundation
import Testing

@Suite("The TCP routing guide with the mesh", .serialized, .enabled(if: NetnsFixture.available))
struct MeshGuideTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    /// The guide's TCPRoute and TrafficTarget (the file the README's demo applies).
    static let tcpAccess = root + "/docs/example/manifests/smi/tcp-access.yaml"

    @Test func theGuideStepByStep() throws {
        let cluster = try NodeCluster("osm-mesh")
        defer { cluster.tearDown() }
        var r = (code: Int32(0), out: "", err: "")
        func kubectl(_ args: String...) throws -> (code: Int32, out: String, err: String) { try cluster.kubectl(args) }
        func osm(_ args: String...) throws -> (code: Int32, out: String, err: String) { try cluster.osm(args) }
        r = try osm("install", "--timeout", "90s")
        try #require(r.code == 0, "\(r)")
        for ns in ["tcp-demo", "curl"] {
            #expect(try kubectl("create", "namespace", ns).code == 0)
            r = try osm("namespace", "add", ns)
            #expect(r.code == 0, "\(r)")
        }
        r = try kubectl("apply", "-f", Self.root + "/docs/example/manifests/apps/tcp-echo.yaml")
        #expect(r.code == 0, "\(r)")
        r = try kubectl("apply", "-n", "curl", "-f", Self.root + "/docs/example/manifests/samples/curl/curl.yaml")
        #expect(r.code == 0, "\(r)")
        for (ns, app) in [("tcp-demo", "tcp-echo"), ("curl", "curl")] {
            let ok = try cluster.eventually("\(app) 2/2", seconds: 60) {
                let columns = try kubectl("get", "pods", "-n", ns, "-l", "app=\(app)", "--no-headers").out.split(separator: " ", omittingEmptySubsequences: true)
                return columns.count > 2 && columns[1] == "2/2" && columns[2] == "Running"
            }
            if !ok {
                let pods = try kubectl("get", "pods", "-n", ns, "-o", "wide").out, described = try kubectl("describe", "pods", "-n", ns).out
                Issue.record("\(app) is not 2/2 Running:\n\(pods)\n\(described)")
            }
        }
        let curlPod = try kubectl("get", "pod", "-n", "curl", "-l", "app=curl", "-o", "jsonpath={.items[0].metadata.name}").out
        func guideCommand() throws -> (code: Int32, out: String, err: String) {
            try kubectl("exec", "-n", "curl", "-ti", curlPod, "-c", "curl", "--", "sh", "-c", "echo hello | nc tcp-echo.tcp-demo 9000")
        }
        func eventually(_ what: String, _ expected: (code: Int32, out: String)) throws -> (code: Int32, out: String, err: String) {
            var last = (code: Int32(-1), out: "", err: "")
            for _ in 0..<50 {
                last = try guideCommand()
                if last.code == expected.code, last.out == expected.out { return last }
                usleep(200_000)
            }
            let proxyLog = try kubectl("logs", "-n", "curl", curlPod, "-c", "osm-proxy", "--tail=20").out
            Issue.record("\(what): \(last)\n\(proxyLog)")
            return last
        }
        r = try kubectl("patch", "meshconfig", "osm-mesh-config", "-n", "osm-system", "-p",
                        #"{"spec":{"traffic":{"enablePermissiveTrafficPolicyMode":true}}}"#, "--type=merge")
        #expect(r.code == 0, "\(r)")
        _ = try eventually("permissive mode", (0, "echo response: hello\n"))
        let echoPod = try kubectl("get", "pod", "-n", "tcp-demo", "-l", "app=tcp-echo", "-o", "jsonpath={.items[0].metadata.name}").out
        r = try kubectl("logs", "-n", "tcp-demo", echoPod, "-c", "osm-proxy")
        #expect(r.out.contains("curl.curl"), "the server's sidecar carried the connection from curl's identity: \(r)")
        #expect(r.out.contains("workload certificate installed"), "the sidecar made its own key and got it signed: \(r)")

        // SMI mode without policy: the client's sidecar has no route and nothing listens on 15001.
        let smi = #"{"spec":{"traffic":{"enablePermissiveTrafficPolicyMode":false}}}"#
        #expect(try kubectl("patch", "meshconfig", "osm-mesh-config", "-n", "osm-system", "-p", smi, "--type=merge").code == 0)
        r = try eventually("SMI mode without policy", (1, ""))
        #expect(r.err.contains("command terminated with exit code 1"), "\(r)")

        // The guide's TCPRoute and TrafficTarget, as the README's demo applies them.
        r = try kubectl("apply", "-f", Self.tcpAccess)
        #expect(r.code == 0, "\(r)")
        _ = try eventually("the guide's TrafficTarget", (0, "echo response: hello\n"))
        // The CLI reads both sidecars' live configs through the API server's port forwarding.
        r = try osm("proxy", "get", "config_dump", curlPod, "-n", "curl")
        #expect(r.code == 0 && r.out.contains("\"tcp-demo/tcp-echo|9000\""), "\(r)")
        r = try osm("proxy", "get", "stats", echoPod, "-n", "tcp-demo")
        #expect(r.code == 0 && r.out.contains("# TYPE"), "\(r)")
        let verify = ["verify", "connectivity", "--from-pod", "curl/\(curlPod)", "--to-pod", "tcp-demo/\(echoPod)",
                      "--to-service", "tcp-echo", "--app-protocol", "tcp"]
        r = try cluster.osm(verify)
        #expect(r.code == 0 && r.out.contains("Status: Success") && !r.out.contains("[x]"), "\(r)")
        r = try osm("verify", "control-plane-health")
        #expect(r.code == 0 && r.out.contains("Status: Success") && !r.out.contains("[x]")
                && r.out.contains("osm-system/osm-controller has 1 of 1 replicas available")
                && r.out.contains("answers /health/alive on port 9091"), "\(r)")
        // A bug report holds the control plane's and the chosen apps' state, logs and live sidecar configs.
        let archive = cluster.dir + "/report.tar.gz"
        r = try osm("support", "bug-report", "--app-namespaces", "tcp-demo", "--app-pods", "curl/\(curlPod)", "-o", archive)
        #expect(r.code == 0 && r.out.contains("✓ Bug report written to \(archive)") && !r.out.contains("x ") && r.err.isEmpty, "\(r)")
        let listing = try NetnsFixture.run("/bin/tar", ["-tzf", archive]).out
        for entry in ["./namespaces/tcp-demo/services.json", "./namespaces/tcp-demo/traffictargets.json",
                      "./namespaces/curl/pods/\(curlPod)/sidecar-config.json", "./namespaces/curl/pods/\(curlPod)/logs/osm-proxy.log",
                      "./control-plane/osm-system/meshconfig.json"] {
            #expect(listing.contains(entry + "\n"), "\(entry) in the report: \(listing)")
        }
        #expect(listing.contains("./control-plane/osm-system/pods/osm-controller-"), "\(listing)")
        let config = try NetnsFixture.run("/bin/tar", ["-xzOf", archive, "./namespaces/curl/pods/\(curlPod)/sidecar-config.json"]).out
        #expect(config.contains("\"tcp-demo/tcp-echo|9000\""), "curl's live sidecar config: \(config.prefix(300))")
        r = try osm("support", "bug-report", "--app-pods", "curl", "-o", cluster.dir + "/report.zip")
        #expect(r.code != 0 && r.err.contains("must end in .tar.gz, .tgz or .tar"), "\(r)")
        r = try osm("support", "bug-report", "--app-pods", "curl", "-o", archive)
        #expect(r.code != 0 && r.err.contains("--app-pods takes NAMESPACE/NAME, got \"curl\""), "\(r)")
        // The validating webhook refuses a target outside its destination's namespace, with OSM's message.
        try String(contentsOfFile: Self.tcpAccess, encoding: .utf8)
            .replacingOccurrences(of: "    namespace: tcp-demo\n  sources", with: "    namespace: curl\n  sources")
            .replacingOccurrences(of: "name: tcp-access", with: "name: misplaced")
            .write(toFile: cluster.dir + "/misplaced.yaml", atomically: true, encoding: .utf8)
        r = try kubectl("apply", "-f", cluster.dir + "/misplaced.yaml")
        #expect(r.code != 0 && r.err.contains("The traffic target namespace (tcp-demo) must match spec.Destination.Namespace (curl)"), "\(r)")
        #expect(try kubectl("delete", "traffictarget", "tcp-access", "-n", "tcp-demo").code == 0)
        _ = try eventually("TrafficTarget deleted", (1, ""))
        r = try cluster.osm(verify)
        #expect(r.code == 1 && r.out.contains("Status: Failure") && r.out.contains("no outbound route to service tcp-demo/tcp-echo"), "\(r)")

        // A pod outside the mesh cannot reach the meshed server: plaintext to its sidecar is reset.
        #expect(try kubectl("create", "namespace", "outside").code == 0)
        #expect(try kubectl("run", "outsider", "-n", "outside", "--image=busybox", "--", "sleep", "3600").code == 0)
        #expect(try cluster.eventually("outsider running") {
            try kubectl("get", "pod", "outsider", "-n", "outside", "--no-headers").out.contains("1/1")
        })
        r = try osm("proxy", "get", "config", "outsider", "-n", "outside")
        #expect(r.code == 1 && r.err.contains("pod outside/outsider has no sidecar"), "\(r)")
        r = try kubectl("exec", "-n", "outside", "outsider", "--", "sh", "-c", "echo hello | nc -w 5 tcp-echo.tcp-demo 9000")
        #expect(!r.out.contains("echo response"), "no echo for a client outside the mesh: \(r.out.debugDescription) \(r.err.debugDescription)")

        // An Egress policy lets curl leave the mesh for a server outside it, on that address and port only.
        #expect(try kubectl("run", "ext", "-n", "outside", "--image=openservicemesh/tcp-echo-server:latest", "--command", "--",
                            "/tcp-echo-server", "--port", "8080").code == 0)
        #expect(try cluster.eventually("ext running") {
            try kubectl("get", "pod", "ext", "-n", "outside", "--no-headers").out.contains("1/1")
        })
        let extIP = try kubectl("get", "pod", "ext", "-n", "outside", "-o", "jsonpath={.status.podIP}").out
        func toExt() throws -> (code: Int32, out: String, err: String) {
            try kubectl("exec", "-n", "curl", curlPod, "-c", "curl", "--", "sh", "-c", "echo out | nc -w 3 \(extIP) 8080")
        }
        r = try toExt()
        #expect(!r.out.contains("echo response"), "no egress without a policy: \(r)")
        let egressPolicy = """
            apiVersion: policy.openservicemesh.io/v1alpha1
            kind: Egress
            metadata:
              name: ext-tcp
              namespace: curl
            spec:
              sources:
              - kind: ServiceAccount
                name: curl
                namespace: curl
              ipAddresses:
              - \(extIP)/32
              ports:
              - number: 8080
                protocol: tcp
            """
        try egressPolicy.write(toFile: cluster.dir + "/egress.yaml", atomically: true, encoding: .utf8)
        r = try kubectl("apply", "-f", cluster.dir + "/egress.yaml")
        #expect(r.code == 0, "\(r)")
        #expect(try cluster.eventually("egress allowed", seconds: 10) { try toExt().out == "echo response: out\n" })
        r = try guideCommand()
        // With the listener bound for egress, the unrouted mesh destination is reset (BusyBox nc then exits 0, silent).
        #expect(!r.out.contains("echo response"), "the mesh service is still not allowed: \(r)")
        r = try osm("proxy", "get", "config", curlPod, "-n", "curl")
        #expect(r.out.contains("\"curl/ext-tcp\""), "the Egress is in curl's live config: \(r)")
        #expect(try kubectl("delete", "egress", "ext-tcp", "-n", "curl").code == 0)
        _ = try eventually("Egress deleted", (1, ""))

        // The controller's pod is deleted while a connection is open: the connection continues, new
        // connections keep working on the last config, and the new controller takes over.
        #expect(try kubectl("patch", "meshconfig", "osm-mesh-config", "-n", "osm-system", "--type=merge",
                            "-p", #"{"spec":{"traffic":{"enablePermissiveTrafficPolicyMode":true}}}"#).code == 0)
        _ = try eventually("permissive before the controller restart", (0, "echo response: hello\n"))
        let longLived = try cluster.kubectlBackground(["exec", "-n", "curl", curlPod, "-c", "curl", "--", "sh", "-c",
                                                       "(echo one; sleep 4; echo two) | nc tcp-echo.tcp-demo 9000"])
        usleep(500_000)
        r = try kubectl("delete", "pod", "-n", "osm-system", "-l", "app=osm-controller", "--wait=false")
        #expect(r.code == 0, "\(r)")
        r = try guideCommand()
        #expect(r.code == 0 && r.out == "echo response: hello\n", "new connections work while the controller is away: \(r)")
        let held = longLived.wait()
        #expect(held.out == "echo response: one\necho response: two\n", "the open connection continued: \(held)")
        #expect(try cluster.eventually("a new controller", seconds: 60) {
            try kubectl("get", "deploy", "osm-controller", "-n", "osm-system", "-o", "jsonpath={.status.availableReplicas}").out == "1"
        })

        // Flipping the mode back and forth gives the right answer every time (the new controller serves).
        for _ in 0..<3 {
            #expect(try kubectl("patch", "meshconfig", "osm-mesh-config", "-n", "osm-system", "--type=merge",
                                "-p", #"{"spec":{"traffic":{"enablePermissiveTrafficPolicyMode":true}}}"#).code == 0)
            _ = try eventually("permissive again", (0, "echo response: hello\n"))
            #expect(try kubectl("patch", "meshconfig", "osm-mesh-config", "-n", "osm-system", "-p", smi, "--type=merge").code == 0)
            _ = try eventually("SMI again", (1, ""))
        }

        // With the injector scaled to 0, the control-plane check fails and says how to scale it back.
        #expect(try kubectl("scale", "deployment", "osm-injector", "-n", "osm-system", "--replicas=0").code == 0)
        r = try osm("verify", "control-plane-health")
        #expect(r.code == 1 && r.out.contains("Status: Failure")
                && r.out.contains("[x] deployment osm-system/osm-injector is scaled to 0")
                && r.out.contains("[✓] deployment osm-system/osm-controller has 1 of 1 replicas available"), "\(r)")
    }
}
