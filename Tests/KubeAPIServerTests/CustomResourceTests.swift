import Foundation
import Testing

@Suite("kubectl: custom resources", .serialized)
struct CustomResourceTests {
    func clusterWithCRD() async throws -> TestCluster {
        let c = try await TestCluster.start()
        var r = try await c.kubectl("create", "ns", "tcp-demo")
        r = try await c.kubectl("apply", "-f", "-", stdin: Fixtures.routeCRD)
        #expect(r.code == 0 && r.out.contains("customresourcedefinition.apiextensions.k8s.io/tcproutes.specs.smi-spec.io created"), "\(r)")
        return c
    }

    @Test func crdThenCustomResourcesWithKubectl() async throws {
        let c = try await clusterWithCRD()
        defer { c.shutdown() }
        var r = try await c.kubectl("apply", "-f", "-", stdin: Fixtures.route)
        #expect(r.code == 0 && r.out.contains("tcproute.specs.smi-spec.io/tcp-echo-route created"), "\(r)")
        r = try await c.kubectl("apply", "-f", "-", stdin: Fixtures.route.replacingOccurrences(of: "- 9000", with: "- 9000\n    - 9001"))
        #expect(r.out.contains("configured"), "\(r)")
        r = try await c.kubectl("get", "tcproutes", "-n", "tcp-demo")
        #expect(r.out.contains("PORTS") && r.out.contains("[9000,9001]"), "printer columns come from the CRD: \(r)")
        r = try await c.kubectl("get", "tcproute.v1alpha3.specs.smi-spec.io", "tcp-echo-route", "-n", "tcp-demo", "-o", "jsonpath={.apiVersion}")
        #expect(r.out == "specs.smi-spec.io/v1alpha3", "every served version serves the object: \(r)")
        r = try await c.kubectl("api-resources", "--api-group=specs.smi-spec.io")
        #expect(r.out.contains("tcproutes") && r.out.contains("TCPRoute"), "\(r)")
        r = try await c.kubectl("explain", "tcproute.spec.matches")
        #expect(r.code == 0 && r.out.contains("Match conditions of this route"), "\(r)")
        r = try await c.kubectl("get", "crd")
        #expect(r.out.contains("tcproutes.specs.smi-spec.io"), "\(r)")
        r = try await c.kubectl("patch", "tcproute", "tcp-echo-route", "-n", "tcp-demo", "--type=merge", "-p", #"{"spec":{"mode":"tls"}}"#)
        #expect(r.code == 0, "\(r)")
        r = try await c.kubectl("patch", "tcproute", "tcp-echo-route", "-n", "tcp-demo", "-p", #"{"spec":{"mode":"tls"}}"#)
        #expect(r.code == 1 && r.err.contains("application/strategic-merge-patch+json is not supported"), "strategic merge is refused for custom resources: \(r)")
    }

    @Test func schemaViolationsAndUnknownFields() async throws {
        let c = try await clusterWithCRD()
        defer { c.shutdown() }
        var r = try await c.kubectl("apply", "-f", "-", stdin: Fixtures.route.replacingOccurrences(of: "- 9000", with: "- 70000"))
        #expect(r.code == 1, "\(r)")
        #expect(r.err.contains("spec.matches.ports[0]") && r.err.contains("65535"), "\(r)")
        r = try await c.kubectl("apply", "-f", "-", stdin: Fixtures.route + "\n  mode: udp\n")
        #expect(r.code == 1 && r.err.contains("Unsupported value: \"udp\""), "\(r)")
        r = try await c.kubectl("apply", "-f", "-", stdin: Fixtures.route + "\n  bogus: 1\n")
        #expect(r.code == 1 && r.err.contains("unknown field \"spec.bogus\""), "strict field validation: \(r)")
        r = try await c.kubectl("apply", "--validate=false", "-f", "-", stdin: Fixtures.route + "\n  bogus: 1\n")
        #expect(r.code == 0, "\(r)")
        r = try await c.kubectl("get", "tcproute", "tcp-echo-route", "-n", "tcp-demo", "-o", "jsonpath={.spec}")
        #expect(!r.out.contains("bogus"), "unknown fields are pruned: \(r)")
        r = try await c.kubectl("get", "tcproutes", "-n", "tcp-demo", "-o", "name")
        #expect(r.out.contains("tcp-echo-route"))
    }

    @Test func deletingTheCRDRemovesItsKind() async throws {
        let c = try await clusterWithCRD()
        defer { c.shutdown() }
        _ = try await c.kubectl("apply", "-f", "-", stdin: Fixtures.route)
        var r = try await c.kubectl("delete", "crd", "tcproutes.specs.smi-spec.io")
        #expect(r.code == 0, "\(r)")
        r = try await c.kubectl("get", "tcproutes", "-n", "tcp-demo")
        #expect(r.code == 1, "\(r)")
        #expect(r.err.contains("the server doesn't have a resource type") || r.err.contains("could not find the requested resource"), "\(r)")
        r = try await c.kubectl("apply", "-f", "-", stdin: Fixtures.routeCRD)
        r = try await c.kubectl("get", "tcproutes", "-A", "-o", "name")
        #expect(r.code == 0 && r.out.isEmpty, "objects of a deleted CRD do not come back: \(r)")
    }
}
