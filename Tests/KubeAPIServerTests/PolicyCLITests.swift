// `osm policy check-pods` against an API server: permissive mode, the guide's TrafficTarget with
// its ports, a target naming a missing route, nothing allowing the pair, a pod outside the mesh.
import Foundation
import Testing

@Suite("osm policy check-pods", .serialized)
struct PolicyCLITests {
    @Test func explainsAllowedAndDeniedPairs() async throws {
        let c = try await TestCluster.start()
        defer { c.shutdown() }
        func osm(_ args: String...) async throws -> Kubectl.Result { try await ClusterCLITests.run(Array(args) + ["--kubeconfig", c.kubeconfig]) }
        _ = try await c.kubectl("apply", "-f", MeshManifestTests.crdDirectory)
        var r = try await c.kubectl("apply", "-f", "-", stdin: ControllerProcessTests.cluster + """

            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: outside}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: stranger, namespace: outside}
            spec:
              containers: [{name: main, image: busybox}]
            """)
        #expect(r.code == 0, "\(r)")
        r = try await osm("policy", "check-pods", "curl/curl-1", "tcp-demo/tcp-echo-1")
        #expect(r.code == 0 && r.out.contains("is not allowed to communicate with pod 'tcp-demo/tcp-echo-1', missing SMI TrafficTarget policy"), "\(r)")
        #expect(r.out.contains("ServiceAccount curl/curl reach ServiceAccount tcp-demo/tcp-echo"), "\(r)")

        r = try await c.kubectl("apply", "-f", "-", stdin: MeshManifestTests.guidePolicies)
        r = try await osm("policy", "check-pods", "curl/curl-1", "tcp-demo/tcp-echo-1")
        #expect(r.out.contains("is allowed to communicate with pod 'tcp-demo/tcp-echo-1' by:\n  TrafficTarget tcp-demo/tcp-access (ports 9000)\n"), "\(r)")
        r = try await osm("policy", "check-pods", "tcp-demo/tcp-echo-1", "curl/curl-1")
        #expect(r.out.contains("not allowed"), "the target is one-way: \(r)")

        _ = try await c.kubectl("delete", "tcproute", "tcp-echo-route", "-n", "tcp-demo")
        r = try await osm("policy", "check-pods", "curl/curl-1", "tcp-demo/tcp-echo-1")
        #expect(r.out.contains("not effective: a TCPRoute it names does not exist"), "\(r)")

        r = try await c.kubectl("patch", "meshconfig", "osm-mesh-config", "-n", "osm-system", "--type=merge",
                                "-p", #"{"spec":{"traffic":{"enablePermissiveTrafficPolicyMode":true}}}"#)
        r = try await osm("policy", "check-pods", "curl/curl-1", "tcp-demo/tcp-echo-1")
        #expect(r.out.contains("is allowed to communicate with pod 'tcp-demo/tcp-echo-1': permissive traffic policy mode is enabled"), "\(r)")
        r = try await osm("policy", "check-pods", "outside/stranger", "tcp-demo/tcp-echo-1")
        #expect(r.out.contains("Pod 'outside/stranger' is not in mesh [osm]"), "\(r)")
        r = try await osm("policy", "check-pods", "curl/nope", "tcp-demo/tcp-echo-1")
        #expect(r.code != 0 && r.err.contains("pod curl/nope does not exist"), "\(r)")
    }
}
