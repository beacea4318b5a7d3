// `osm namespace add|remove|ignore|list` against an API server, with kubectl checking the result.
import Foundation
import Testing

@Suite("osm namespace", .serialized)
struct NamespaceCLITests {
    @Test func addListIgnoreAndRemove() async throws {
        let c = try await TestCluster.start()
        defer { c.shutdown() }
        func osm(_ args: String...) async throws -> Kubectl.Result {
            try await ClusterCLITests.run(Array(args) + ["--kubeconfig", c.kubeconfig])
        }
        _ = try await c.kubectl("create", "namespace", "tcp-demo")
        _ = try await c.kubectl("create", "namespace", "curl")
        var r = try await osm("namespace", "add", "tcp-demo")
        #expect(r.code != 0 && r.err.contains("mesh [osm] does not exist"), "no mesh yet: \(r)")

        // A mesh is an osm-controller Deployment labelled with its name.
        _ = try await c.kubectl("create", "namespace", "osm-system")
        r = try await c.kubectl("create", "deployment", "osm-controller", "-n", "osm-system", "--image=swift-osm/osm")
        r = try await c.kubectl("label", "deployment", "osm-controller", "-n", "osm-system", "app=osm-controller", "meshName=osm", "--overwrite")
        #expect(r.code == 0, "\(r)")

        r = try await osm("namespace", "add", "tcp-demo", "curl")
        #expect(r.code == 0 && r.out == "Namespace [tcp-demo] successfully added to mesh [osm]\nNamespace [curl] successfully added to mesh [osm]\n", "\(r)")
        r = try await c.kubectl("get", "namespace", "tcp-demo", "-o",
                                #"jsonpath={.metadata.labels.openservicemesh\.io/monitored-by} {.metadata.annotations.openservicemesh\.io/sidecar-injection}"#)
        #expect(r.out == "osm enabled", "\(r)")
        r = try await osm("namespace", "add", "osm-system")
        #expect(r.code != 0 && r.err.contains("hosts a mesh control plane"), "\(r)")
        r = try await osm("namespace", "add", "missing")
        #expect(r.code != 0 && r.err.contains("namespace [missing] does not exist"), "\(r)")

        // Metrics: the namespace annotation and the meshed pods' Prometheus annotations.
        r = try await c.kubectl("run", "meshed", "-n", "tcp-demo", "--image=busybox", "--labels=osm-proxy-uuid=u1", "--", "sleep", "1")
        r = try await c.kubectl("run", "plain", "-n", "tcp-demo", "--image=busybox", "--", "sleep", "1")
        r = try await osm("metrics", "enable", "--namespace", "tcp-demo")
        #expect(r.code == 0 && r.out == "Metrics successfully enabled in namespace [tcp-demo]\n", "\(r)")
        r = try await c.kubectl("get", "pods", "-n", "tcp-demo", "-o", #"jsonpath={range .items[*]}{.metadata.name}={.metadata.annotations.prometheus\.io/port};{end}"#)
        #expect(r.out == "meshed=15010;plain=;", "\(r)")
        r = try await osm("metrics", "disable", "--namespace", "tcp-demo")
        r = try await c.kubectl("get", "namespace", "tcp-demo", "-o", "jsonpath={.metadata.annotations}")
        #expect(!r.out.contains("openservicemesh.io/metrics"), "\(r)")
        r = try await osm("metrics", "enable", "--namespace", "osm-system")
        #expect(r.code != 0 && r.err.contains("namespace [osm-system] is not in a mesh"), "\(r)")

        r = try await osm("namespace", "list")
        #expect(r.out == "NAMESPACE   MESH   SIDECAR-INJECTION\ncurl        osm    enabled\ntcp-demo    osm    enabled\n", "\(r)")
        r = try await osm("namespace", "ignore", "curl")
        #expect(r.code == 0 && r.out.contains("Successfully configured namespace [curl] to be ignored"), "\(r)")
        r = try await osm("namespace", "list", "--mesh-name", "osm")
        #expect(r.out.contains("curl        osm    disabled (ignored)"), "\(r)")

        r = try await osm("namespace", "remove", "curl", "--mesh-name", "other")
        #expect(r.code != 0 && r.err.contains("belongs to mesh [osm], not mesh [other]"), "\(r)")
        r = try await osm("namespace", "remove", "curl")
        #expect(r.code == 0 && r.out == "Namespace [curl] successfully removed from mesh [osm]\n", "\(r)")
        r = try await c.kubectl("get", "namespace", "curl", "-o", "jsonpath={.metadata.labels}")
        #expect(!r.out.contains("openservicemesh.io"), "labels and annotations removed: \(r)")
        r = try await osm("namespace", "remove", "curl")
        #expect(r.code != 0 && r.err.contains("does not belong to any mesh"), "\(r)")
        r = try await ClusterCLITests.run(["namespace", "list", "--kubeconfig", "/nonexistent"])
        #expect(r.code != 0 && r.err.contains("cannot read kubeconfig /nonexistent"), "\(r)")
    }
}
