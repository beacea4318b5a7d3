// OSM's probe rewriting: HTTP, HTTPS and tcpSocket probes move to the sidecar's probe ports, named ports resolve,
// exec probes stay, and the sidecar is told the original targets.
import KubeModel
import MeshController
import MeshProtocol
import Testing

@Suite("Probe rewriting")
struct ProbeRewriteTests {
    static let pod: JSON = [
        "metadata": ["name": "web-1", "namespace": "web"],
        "spec": ["containers": [
            ["name": "web", "image": "busybox", "ports": [["name": "http", "containerPort": 8080]],
             "livenessProbe": ["httpGet": ["path": "/healthz", "port": "http"], "periodSeconds": 5],
             "readinessProbe": ["tcpSocket": ["port": 8080], "initialDelaySeconds": 1],
             "startupProbe": ["exec": ["command": ["true"]]]],
            ["name": "admin", "image": "busybox",
             "livenessProbe": ["httpGet": ["path": "/live", "port": 9443, "scheme": "HTTPS"]],
             "readinessProbe": ["httpGet": ["path": "ready", "port": 9090]]],
        ]],
    ]

    @Test func probesMoveToTheSidecarsPorts() throws {
        let rewrite = ProbeRewrite(pod: Self.pod)
        let patched = try JSONPatch.apply(.array(rewrite.operations), to: Self.pod)
        let web = patched[["spec", "containers"]].arrayValue?[0] ?? .null
        #expect(web["livenessProbe"] == ["httpGet": ["path": "/osm-liveness-probe/web", "port": 15901], "periodSeconds": 5])
        #expect(web["readinessProbe"] == [
            "httpGet": ["port": 15904, "path": "/osm-healthcheck", "scheme": "HTTP",
                        "httpHeaders": [["name": "Original-Tcp-Port", "value": "8080"]]],
            "initialDelaySeconds": 1,
        ], "tcpSocket becomes an HTTP check on 15904 naming the port")
        #expect(web["startupProbe"] == ["exec": ["command": ["true"]]], "exec probes are left alone")
        let admin = patched[["spec", "containers"]].arrayValue?[1] ?? .null
        #expect(admin[["livenessProbe", "httpGet"]] == ["path": "/live", "port": 15901, "scheme": "HTTPS"], "HTTPS: only the port moves")
        #expect(admin[["readinessProbe", "httpGet", "path"]] == "/osm-readiness-probe/admin")
        #expect(rewrite.tcpHealthcheck)
        #expect(rewrite.forwards.map(\.description) == [
            "liveness/web=http:8080/healthz", "liveness/admin=https:9443", "readiness/admin=http:9090/ready",
        ])
    }

    @Test func theSidecarServesWhatWasRewritten() throws {
        let ops = try SidecarPatch.operations(pod: Self.pod, namespace: ["metadata": ["name": "web"]], uuid: "u", settings: SidecarSettings())
        let patched = try JSONPatch.apply(.array(ops), to: Self.pod)
        let sidecar = patched[["spec", "containers"]].arrayValue?.last ?? .null
        #expect(sidecar["name"] == "osm-proxy")
        let command = sidecar["command"].arrayValue?.compactMap(\.stringValue) ?? []
        #expect(command.contains("--tcp-healthcheck"))
        let probes = zip(command, command.dropFirst()).filter { $0.0 == "--probe" }.map(\.1)
        #expect(probes.compactMap(ProbeForward.init(argument:)).count == 3, "\(probes)")
        let ports = (sidecar["ports"].arrayValue ?? []).compactMap { $0["containerPort"].intValue }
        #expect(ports == [15000, 15003, 15010, 15901, 15902, 15904])
    }

    @Test func aPodWithoutProbesIsUnchanged() {
        let rewrite = ProbeRewrite(pod: ["spec": ["containers": [["name": "a", "image": "x"]]]])
        #expect(rewrite.operations.isEmpty && rewrite.forwards.isEmpty && !rewrite.tcpHealthcheck)
        // An unresolvable named port leaves the probe as it is.
        let named = ProbeRewrite(pod: ["spec": ["containers": [["name": "a", "image": "x", "livenessProbe": ["tcpSocket": ["port": "nope"]]]]]])
        #expect(named.operations.isEmpty)
    }
}
