import Foundation
import Testing

@Suite("kubectl: apply, patch, edit, delete", .serialized)
struct ApplyTests {
    func demoCluster() async throws -> TestCluster {
        let c = try await TestCluster.start()
        let r = try await c.kubectl("create", "ns", "tcp-demo")
        #expect(r.code == 0, "\(r)")
        return c
    }

    @Test func applyCreatesThenUnchangedThenConfigured() async throws {
        let c = try await demoCluster()
        defer { c.shutdown() }
        var r = try await c.kubectl("apply", "-n", "tcp-demo", "-f", "-", stdin: Fixtures.tcpEcho)
        #expect(r.code == 0, "\(r)")
        #expect(r.out.contains("serviceaccount/tcp-echo created"))
        #expect(r.out.contains("service/tcp-echo created"))
        #expect(r.out.contains("deployment.apps/tcp-echo created"))
        r = try await c.kubectl("apply", "-n", "tcp-demo", "-f", "-", stdin: Fixtures.tcpEcho)
        #expect(r.out.contains("service/tcp-echo unchanged") && r.out.contains("deployment.apps/tcp-echo unchanged"), "\(r)")
        r = try await c.kubectl("apply", "-n", "tcp-demo", "-f", "-", stdin: Fixtures.tcpEchoV2)
        #expect(r.out.contains("service/tcp-echo configured") && r.out.contains("deployment.apps/tcp-echo configured"), "\(r)")
        r = try await c.kubectl("get", "deploy", "tcp-echo", "-n", "tcp-demo", "-o",
                                "jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image} {.spec.strategy.type} {.metadata.generation}")
        #expect(r.out == "2 example/tcp-echo:v2 RollingUpdate 2", "\(r)")
        r = try await c.kubectl("get", "svc", "tcp-echo", "-n", "tcp-demo", "-o",
                                "jsonpath={.spec.clusterIP} {.spec.ports[0].targetPort} {.spec.ports[0].protocol} {.metadata.labels.tier}")
        let parts = r.out.split(separator: " ")
        #expect(parts.count == 4, "\(r)")
        #expect(parts.first?.hasPrefix("10.9") == true && parts.dropFirst().joined(separator: " ") == "9000 TCP demo", "\(r)")
        r = try await c.kubectl("get", "svc,po,deploy", "-n", "tcp-demo")
        #expect(r.out.contains("service/tcp-echo"), "\(r)")
        #expect(r.out.contains("PORT(S)") && r.out.contains("9000/TCP"))
        #expect(r.out.contains("deployment.apps/tcp-echo"))
    }

    @Test func patchLabelAnnotateScaleReplace() async throws {
        let c = try await demoCluster()
        defer { c.shutdown() }
        _ = try await c.kubectl("apply", "-n", "tcp-demo", "-f", "-", stdin: Fixtures.tcpEcho)
        var r = try await c.kubectl("patch", "svc", "tcp-echo", "-n", "tcp-demo", "--type=merge", "-p", #"{"metadata":{"labels":{"m":"1"}}}"#)
        #expect(r.code == 0 && r.out.contains("service/tcp-echo patched"), "\(r)")
        r = try await c.kubectl("patch", "svc", "tcp-echo", "-n", "tcp-demo", "--type=merge", "-p", #"{"metadata":{"labels":{"m":"1"}}}"#)
        #expect(r.out.contains("patched (no change)"), "\(r)")
        r = try await c.kubectl("patch", "svc", "tcp-echo", "-n", "tcp-demo", "--type=json",
                                "-p", #"[{"op":"add","path":"/metadata/labels/j","value":"2"}]"#)
        #expect(r.code == 0, "\(r)")
        r = try await c.kubectl("patch", "deploy", "tcp-echo", "-n", "tcp-demo",
                                "-p", #"{"spec":{"template":{"spec":{"containers":[{"name":"tcp-echo-server","env":[{"name":"A","value":"b"}]}]}}}}"#)
        #expect(r.code == 0, "\(r)")
        r = try await c.kubectl("get", "deploy", "tcp-echo", "-n", "tcp-demo", "-o",
                                "jsonpath={.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].env[0].value}")
        #expect(r.out == "example/tcp-echo:v1 b", "strategic merge keeps the container's other fields: \(r)")
        r = try await c.kubectl("label", "svc", "tcp-echo", "-n", "tcp-demo", "x=y")
        #expect(r.out.contains("labeled"), "\(r)")
        r = try await c.kubectl("annotate", "svc", "tcp-echo", "-n", "tcp-demo", "note=hi")
        #expect(r.out.contains("annotated"), "\(r)")
        r = try await c.kubectl("get", "svc", "tcp-echo", "-n", "tcp-demo", "-o", "jsonpath={.metadata.labels.j}{.metadata.labels.x}{.metadata.annotations.note}")
        #expect(r.out == "2yhi", "\(r)")
        r = try await c.kubectl("scale", "deploy", "tcp-echo", "-n", "tcp-demo", "--replicas=3")
        #expect(r.code == 0 && r.out.contains("scaled"), "\(r)")
        r = try await c.kubectl("get", "deploy", "tcp-echo", "-n", "tcp-demo", "-o", "jsonpath={.spec.replicas}")
        #expect(r.out == "3")
        r = try await c.kubectl("create", "configmap", "cfg", "-n", "tcp-demo", "--from-literal=a=1")
        #expect(r.code == 0, "\(r)")
        r = try await c.kubectl("get", "cm", "cfg", "-n", "tcp-demo", "-o", "json")
        let replaced = r.out.replacingOccurrences(of: "\"a\": \"1\"", with: "\"a\": \"2\"")
        r = try await c.kubectl("replace", "-f", "-", stdin: replaced)
        #expect(r.code == 0 && r.out.contains("configmap/cfg replaced"), "\(r)")
        r = try await c.kubectl("replace", "-f", "-", stdin: replaced)
        #expect(r.code == 1 && r.err.contains("Conflict"), "a stale resourceVersion is refused: \(r)")
    }

    @Test func editWithScriptedEditor() async throws {
        let c = try await demoCluster()
        defer { c.shutdown() }
        _ = try await c.kubectl("create", "configmap", "cfg", "-n", "tcp-demo", "--from-literal=a=1")
        let editor = c.dir + "/editor.sh"
        try "#!/bin/sh\nsed -i 's/a: \"1\"/a: \"9\"/' \"$1\"\n".write(toFile: editor, atomically: true, encoding: .utf8)
        chmod(editor, 0o755)
        var r = try await c.kubectl("edit", "cm", "cfg", "-n", "tcp-demo", env: ["KUBE_EDITOR": editor])
        #expect(r.code == 0 && r.out.contains("configmap/cfg edited"), "\(r)")
        r = try await c.kubectl("get", "cm", "cfg", "-n", "tcp-demo", "-o", "jsonpath={.data.a}")
        #expect(r.out == "9", "\(r)")
    }

    @Test func deleteFromFileAndDryRun() async throws {
        let c = try await demoCluster()
        defer { c.shutdown() }
        var r = try await c.kubectl("apply", "-n", "tcp-demo", "-f", "-", "--dry-run=server", stdin: Fixtures.tcpEcho)
        #expect(r.code == 0 && r.out.contains("created (server dry run)"), "\(r)")
        r = try await c.kubectl("get", "svc", "-n", "tcp-demo", "-o", "name")
        #expect(r.out.isEmpty, "dry run stores nothing: \(r)")
        _ = try await c.kubectl("apply", "-n", "tcp-demo", "-f", "-", stdin: Fixtures.tcpEcho)
        r = try await c.kubectl("delete", "-n", "tcp-demo", "-f", "-", stdin: Fixtures.tcpEcho)
        #expect(r.code == 0, "\(r)")
        #expect(r.out.contains("service \"tcp-echo\" deleted") && r.out.contains("deployment.apps \"tcp-echo\" deleted"), "\(r)")
        r = try await c.kubectl("delete", "-n", "tcp-demo", "-f", "-", stdin: Fixtures.tcpEcho)
        #expect(r.code == 1 && r.err.contains("NotFound"), "\(r)")
    }
}
