// Pod fields the node turns into ids, times and modes: values outside their range give the
// container a reported problem or a clamped value, never a trap in the node.
import KubeModel
import NodeRuntime
import Testing

@Suite("Container spec bounds")
struct ContainerSpecBoundsTests {
    static let catalog = ImageCatalog(busyboxDir: "/bin", binaryDir: "/bin")

    static func spec(_ container: String) throws -> ContainerSpec {
        let pod = try JSON.parse(#"{"metadata": {"name": "p", "namespace": "default"}, "spec": {}}"#)
        return ContainerSpec.resolve(try JSON.parse(container), pod: pod, podIP: "10.244.0.9", catalog: catalog)
    }

    @Test func idsOutsideTheirRangeAreAConfigErrorNotACrash() throws {
        for id in ["-1", "4294967296", "9223372036854775807"] {
            let spec = try Self.spec(#"{"name": "c", "image": "busybox", "securityContext": {"runAsUser": \#(id)}}"#)
            #expect(spec.problem?.reason == "CreateContainerConfigError", "runAsUser \(id)")
        }
        let fine = try Self.spec(#"{"name": "c", "image": "busybox", "securityContext": {"runAsUser": 1000, "runAsGroup": 3000}}"#)
        #expect(fine.problem == nil && fine.uid == 1000 && fine.gid == 3000)
    }

    @Test func probeTimesAreClampedToADay() throws {
        let spec = try Self.spec("""
            {"name": "c", "image": "busybox", "livenessProbe": {"tcpSocket": {"port": 80},
             "timeoutSeconds": 9223372036854775807, "periodSeconds": 9223372036854775807,
             "initialDelaySeconds": 9223372036854775807, "failureThreshold": 9223372036854775807}}
            """)
        let probe = try #require(spec.liveness)
        #expect(probe.timeoutMillis == 86_400_000)
        #expect(probe.period == .seconds(86_400))
        #expect(probe.initialDelay == .seconds(86_400))
        let small = try #require(try Self.spec(#"{"name": "c", "image": "busybox", "readinessProbe": {"tcpSocket": {"port": 80}, "periodSeconds": -5}}"#).readiness)
        #expect(small.period == .seconds(1) && small.timeoutMillis == 1000)
    }
}
