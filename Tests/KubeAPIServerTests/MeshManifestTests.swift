// The mesh's CRDs (Sources/MeshManifests/crds) applied with the real kubectl: the guide's TCPRoute and
// TrafficTarget, a TrafficSplit, MeshConfig in both served versions with the CRD defaults, and
// schema violations refused with the field named.
import Foundation
import Testing

@Suite("kubectl: the mesh's CRDs", .serialized)
struct MeshManifestTests {
    static let crdDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/MeshManifests/crds").path

    /// The guide's TCPRoute and TrafficTarget (the file the README's demo applies), and a TrafficSplit.
    static let guidePolicies = ((try? String(contentsOfFile: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("docs/example/manifests/smi/tcp-access.yaml").path,
        encoding: .utf8)) ?? "") + """
        ---
        apiVersion: split.smi-spec.io/v1alpha2
        kind: TrafficSplit
        metadata:
          name: tcp-echo-split
          namespace: tcp-demo
        spec:
          service: tcp-echo
          backends:
          - service: tcp-echo-v1
            weight: 90
          - service: tcp-echo-v2
            weight: 10
        """

    static let meshConfig = """
        apiVersion: config.openservicemesh.io/v1alpha1
        kind: MeshConfig
        metadata:
          name: osm-mesh-config
          namespace: osm-system
        spec:
          sidecar:
            logLevel: error
          traffic:
            enablePermissiveTrafficPolicyMode: false
            enableEgress: false
          certificate:
            serviceCertValidityDuration: 24h
        """

    @Test func theGuidesPoliciesAndMeshConfigApply() async throws {
        let c = try await TestCluster.start()
        defer { c.shutdown() }
        var r = try await c.kubectl("apply", "-f", Self.crdDirectory)
        #expect(r.code == 0, "\(r)")
        for crd in ["traffictargets.access.smi-spec.io", "tcproutes.specs.smi-spec.io", "httproutegroups.specs.smi-spec.io",
                    "trafficsplits.split.smi-spec.io", "meshconfigs.config.openservicemesh.io", "egresses.policy.openservicemesh.io",
                    "ingressbackends.policy.openservicemesh.io", "upstreamtrafficsettings.policy.openservicemesh.io",
                    "retries.policy.openservicemesh.io"] {
            #expect(r.out.contains("customresourcedefinition.apiextensions.k8s.io/\(crd) created"), "\(crd): \(r)")
        }
        _ = try await c.kubectl("create", "namespace", "tcp-demo")
        _ = try await c.kubectl("create", "namespace", "osm-system")
        r = try await c.kubectl("apply", "-f", "-", stdin: Self.guidePolicies)
        #expect(r.code == 0 && r.out.contains("traffictarget.access.smi-spec.io/tcp-access created"), "\(r)")
        r = try await c.kubectl("get", "tt,tr,ts", "-n", "tcp-demo", "-o", "name")
        #expect(r.out.split(separator: "\n").count == 3, "short names work: \(r)")
        r = try await c.kubectl("get", "ts", "-n", "tcp-demo")
        #expect(r.out.contains("SERVICE") && r.out.contains("tcp-echo"), "\(r)")

        // MeshConfig written as v1alpha1 reads back as v1alpha2 with the CRD's defaults (inside `sidecar`).
        r = try await c.kubectl("apply", "-f", "-", stdin: Self.meshConfig)
        #expect(r.code == 0, "\(r)")
        r = try await c.kubectl("get", "meshconfig", "osm-mesh-config", "-n", "osm-system",
                                "-o", "jsonpath={.apiVersion} {.spec.sidecar.tlsMinProtocolVersion} {.spec.sidecar.localProxyMode}")
        #expect(r.out == "config.openservicemesh.io/v1alpha2 TLSv1_2 Localhost", "\(r)")
        r = try await c.kubectl("patch", "meshconfig", "osm-mesh-config", "-n", "osm-system", "--type=merge",
                                "-p", #"{"spec":{"traffic":{"enablePermissiveTrafficPolicyMode":true}}}"#)
        #expect(r.code == 0 && r.out.contains("patched"), "the guide's permissive patch: \(r)")
    }

    @Test func schemaViolationsNameTheField() async throws {
        let c = try await TestCluster.start()
        defer { c.shutdown() }
        _ = try await c.kubectl("apply", "-f", Self.crdDirectory)
        _ = try await c.kubectl("create", "namespace", "tcp-demo")
        var r = try await c.kubectl("apply", "-f", "-", stdin: Self.guidePolicies.replacingOccurrences(of: "- kind: TCPRoute", with: "- kind: GRPCRoute"))
        #expect(r.code != 0 && r.err.contains("spec.rules[0].kind") && r.err.contains("Unsupported value"), "\(r)")
        _ = try await c.kubectl("create", "namespace", "osm-system")
        r = try await c.kubectl("apply", "-f", "-", stdin: Self.meshConfig.replacingOccurrences(of: "logLevel: error", with: "tlsMinProtocolVersion: TLSv9"))
        #expect(r.code != 0 && r.err.contains("spec.sidecar.tlsMinProtocolVersion"), "\(r)")
    }
}
