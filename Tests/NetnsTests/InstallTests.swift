// `osm install` on the embedded cluster: CRDs, MeshConfig and the control plane; osm-controller
// runs as a pod (in-cluster API access) and creates the CA Secret; a second mesh is refused;
// `osm namespace add` then finds the mesh.
import Foundation
import Testing

@Suite("osm install on the embedded cluster", .serialized, .enabled(if: NetnsFixture.available))
struct InstallTests {
    @Test func installRunsTheControllerAndRefusesASecondMesh() throws {
        let cluster = try NodeCluster("osm-install")
        defer { cluster.tearDown() }
        func kubectl(_ args: String...) throws -> (code: Int32, out: String, err: String) { try cluster.kubectl(args) }
        func osm(_ args: String...) throws -> (code: Int32, out: String, err: String) {
            try NetnsFixture.run(ProxyInitTests.osm, args + ["--kubeconfig", cluster.dir + "/admin.kubeconfig"])
        }
        var r = try osm("install", "--set", "osm.enablePermissiveTrafficPolicy=false", "--timeout", "90s")
        #expect(r.code == 0 && r.out == "OSM installed successfully in namespace [osm-system] with mesh name [osm]\n", "\(r)\n\(cluster.logTail(30))")
        r = try kubectl("get", "pods", "-n", "osm-system", "-l", "app=osm-controller", "--no-headers")
        #expect(r.out.contains("1/1   Running"), "\(r)")
        r = try kubectl("get", "meshconfig", "osm-mesh-config", "-n", "osm-system", "-o",
                        "jsonpath={.spec.traffic.enablePermissiveTrafficPolicyMode} {.spec.certificate.serviceCertValidityDuration}")
        #expect(r.out == "false 24h", "\(r)")
        #expect(try cluster.eventually("CA secret") { try kubectl("get", "secret", "osm-ca-bundle", "-n", "osm-system").code == 0 },
                "the controller, in its pod, created the mesh CA")
        r = try kubectl("logs", "-n", "osm-system", "deploy/osm-controller")
        #expect(r.out.contains("config stream listening"), "\(r)")

        r = try osm("install")
        #expect(r.code != 0 && r.err.contains("mesh [osm] already exists in namespace [osm-system]"), "\(r)")
        r = try osm("install", "--mesh-name", "other", "--osm-namespace", "other-system")
        #expect(r.code != 0 && r.err.contains("a cluster can have one mesh"), "\(r)")
        r = try osm("install", "--mesh-name", "other", "--set", "osm.bogus=1")
        #expect(r.code != 0 && r.err.contains("--set osm.bogus: unknown value"), "\(r)")

        #expect(try kubectl("create", "namespace", "tcp-demo").code == 0)
        r = try osm("namespace", "add", "tcp-demo")
        #expect(r.code == 0 && r.out.contains("successfully added to mesh [osm]"), "\(r)")
    }
}
