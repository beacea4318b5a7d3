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
        func osm(_ args: String...) throws -> (code: Int32, out: String, err: String) { try cluster.osm(args) }
        var r = try osm("install", "--set", "osm.enablePermissiveTrafficPolicy=false", "--set", "osm.controllerReplicaCount=2",
                        "--set", "osm.image=swift-osm/osm:v1", "--timeout", "90s")
        #expect(r.code == 0 && r.out == "OSM installed successfully in namespace [osm-system] with mesh name [osm]\n", "\(r)\n\(cluster.logTail(30))")
        // install waits for one available replica; the second may still be starting.
        #expect(try cluster.eventually("2 controllers running") {
            r = try kubectl("get", "pods", "-n", "osm-system", "-l", "app=osm-controller", "--no-headers")
            return r.out.split(separator: "\n").filter { $0.contains("1/1") && $0.contains("Running") }.count == 2
        }, "\(r)")
        // The two replicas elect one leader: the Lease names one of the controller pods.
        let controllers = try kubectl("get", "pods", "-n", "osm-system", "-l", "app=osm-controller", "-o", "jsonpath={.items[*].metadata.name}")
            .out.split(separator: " ").map(String.init)
        #expect(try cluster.eventually("a leader") {
            controllers.contains(try kubectl("get", "lease", "osm-controller-leader", "-n", "osm-system",
                                             "-o", "jsonpath={.spec.holderIdentity}").out)
        }, "\(controllers)")
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

        // An upgrade keeps the MeshConfig as edited, carries the image over, applies --set and waits for the rollout.
        #expect(try kubectl("patch", "meshconfig", "osm-mesh-config", "-n", "osm-system", "--type=merge",
                            "-p", #"{"spec":{"traffic":{"enablePermissiveTrafficPolicyMode":true}}}"#).code == 0)
        r = try osm("mesh", "upgrade", "--set", "osm.controllerReplicaCount=1", "--timeout", "90s")
        #expect(r.code == 0 && r.out == "OSM successfully upgraded mesh [osm] in namespace [osm-system]\n", "\(r)")
        r = try kubectl("get", "deploy", "osm-controller", "-n", "osm-system", "-o",
                        "jsonpath={.spec.replicas} {.status.availableReplicas} {.spec.template.spec.containers[0].image}")
        #expect(r.out == "1 1 swift-osm/osm:v1", "the install's image is carried over: \(r)")
        // A new image rolls the control plane out; upgrade returns once every replica runs it.
        r = try osm("mesh", "upgrade", "--set", "osm.image=swift-osm/osm:v2", "--timeout", "90s")
        #expect(r.code == 0, "\(r)")
        r = try kubectl("get", "deploy", "osm-controller", "-n", "osm-system", "-o",
                        "jsonpath={.spec.template.spec.containers[0].image} {.status.updatedReplicas} {.status.availableReplicas} {.status.replicas}")
        #expect(r.out == "swift-osm/osm:v2 1 1 1", "rolled out when upgrade returned: \(r)")
        r = try kubectl("get", "meshconfig", "osm-mesh-config", "-n", "osm-system", "-o", "jsonpath={.spec.traffic.enablePermissiveTrafficPolicyMode}")
        #expect(r.out == "true", "the MeshConfig edit survives the upgrade: \(r)")
        r = try osm("mesh", "upgrade", "--set", "osm.enablePermissiveTrafficPolicy=false")
        #expect(r.code != 0 && r.err.contains("kubectl patch meshconfig osm-mesh-config"), "\(r)")
        r = try osm("mesh", "upgrade", "--mesh-name", "nope")
        #expect(r.code != 0 && r.err.contains("mesh [nope] does not exist"), "\(r)")

        r = try osm("mesh", "list")
        #expect(r.out == "MESH NAME   MESH NAMESPACE   VERSION   ADDED NAMESPACES\nosm         osm-system       v0.1.0    tcp-demo\n", "\(r)")
        r = try osm("version")
        #expect(r.out.hasPrefix("CLI Version: swift-osm v0.1.0\nMESH NAME   MESH NAMESPACE   VERSION\nosm         osm-system       v0.1.0\n"), "\(r)")

        // Uninstall everything: control plane, webhook, CRDs, CA, namespace.
        r = try osm("uninstall", "mesh", "-f", "--delete-cluster-wide-resources", "--delete-namespace")
        #expect(r.code == 0 && r.out == "OSM [mesh name: osm] in namespace [osm-system] uninstalled\n", "\(r)")
        if r.code != 0 { print(cluster.logTail()) }
        r = try osm("mesh", "list")
        #expect(r.out == "No osm mesh control planes found\n", "\(r)")
        r = try kubectl("get", "crd", "-o", "name")
        #expect(!r.out.contains("openservicemesh.io") && !r.out.contains("smi-spec.io"), "\(r)")
        r = try kubectl("get", "mutatingwebhookconfigurations,validatingwebhookconfigurations", "-o", "name")
        #expect(r.out.isEmpty, "\(r)")
        #expect(try cluster.eventually("control plane pods gone", seconds: 60) {
            try kubectl("get", "pods", "-n", "osm-system", "--no-headers").out.isEmpty
        })
        r = try osm("uninstall", "mesh", "-f")
        #expect(r.code != 0 && r.err.contains("mesh [osm] does not exist"), "\(r)")
    }
}
