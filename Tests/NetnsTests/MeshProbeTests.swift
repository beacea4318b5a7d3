// Probes of a meshed pod: the injector moves them to the sidecar's probe ports, the node probes the pod
// from outside (through its inbound rules, as the kubelet does), and the sidecar checks the app from inside —
// so the pod becomes Ready, stays alive while the app is healthy, and is restarted when it is not.
import Foundation
import Testing

@Suite("Probes of meshed pods", .serialized, .enabled(if: NetnsFixture.available))
struct MeshProbeTests {
    static let manifest = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          namespace: probed
        spec:
          containers:
          - name: web
            image: busybox
            command: ["sh", "-c", "echo ok > /www/healthz; exec httpd -f -p 8080 -h /www"]
            ports:
            - name: http
              containerPort: 8080
            volumeMounts:
            - name: www
              mountPath: /www
            livenessProbe:
              httpGet:
                path: /healthz
                port: http
              periodSeconds: 1
              failureThreshold: 2
            readinessProbe:
              tcpSocket:
                port: 8080
              periodSeconds: 1
          volumes:
          - name: www
            emptyDir: {}
        """

    @Test func probesGoThroughTheSidecarAndStillCheckTheApp() throws {
        let cluster = try NodeCluster("osm-probes")
        defer { cluster.tearDown() }
        func kubectl(_ args: String...) throws -> (code: Int32, out: String, err: String) { try cluster.kubectl(args) }
        var r = try cluster.osm(["install", "--timeout", "90s"])
        try #require(r.code == 0, "\(r)")
        #expect(try kubectl("create", "namespace", "probed").code == 0)
        #expect(try cluster.osm(["namespace", "add", "probed"]).code == 0)
        try Self.manifest.write(toFile: cluster.dir + "/web.yaml", atomically: true, encoding: .utf8)
        r = try kubectl("apply", "-f", cluster.dir + "/web.yaml")
        #expect(r.code == 0, "\(r)")
        r = try kubectl("get", "pod", "web", "-n", "probed", "-o",
                        "jsonpath={.spec.containers[0].livenessProbe.httpGet.port} {.spec.containers[0].livenessProbe.httpGet.path} {.spec.containers[0].readinessProbe.httpGet.port}")
        #expect(r.out == "15901 /osm-liveness-probe/web 15904", "the injector rewrote the probes: \(r)")
        let ready = try cluster.eventually("web Ready", seconds: 60) {
            try kubectl("get", "pod", "web", "-n", "probed", "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}").out == "True"
        }
        if !ready { Issue.record("web is not Ready:\n\(try kubectl("describe", "pod", "web", "-n", "probed").out)") }
        // Healthy for a few probe periods: no restart. (Counted from Ready: a liveness probe that met a
        // sidecar still starting on a loaded machine may have restarted it once before.)
        func restarts() throws -> Int {
            Int(try kubectl("get", "pod", "web", "-n", "probed", "-o", "jsonpath={.status.containerStatuses[?(@.name==\"web\")].restartCount}").out) ?? -1
        }
        let before = try restarts()
        sleep(4)
        #expect(try restarts() == before, "a healthy app is not restarted")
        // The app turns unhealthy: its liveness probe (through the sidecar) fails and the node restarts it.
        r = try kubectl("exec", "-n", "probed", "web", "-c", "web", "--", "rm", "/www/healthz")
        #expect(r.code == 0, "\(r)")
        let restarted = try cluster.eventually("web restarted", seconds: 30) { try restarts() >= before + 1 }
        if !restarted { Issue.record("liveness failures did not restart web:\n\(try kubectl("describe", "pod", "web", "-n", "probed").out)") }
        #expect(try cluster.eventually("web Ready again", seconds: 30) {
            try kubectl("get", "pod", "web", "-n", "probed", "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}").out == "True"
        })
    }
}
