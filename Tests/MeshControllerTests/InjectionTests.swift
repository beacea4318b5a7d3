// Injection: OSM's decision rules, and the patch applied to real pod manifests.
import KubeModel
import MeshController
import NetPlan
import Testing

@Suite("Sidecar injection")
struct InjectionTests {
    static func namespace(_ name: String, mesh: String? = "osm", injection: String? = "enabled", metrics: Bool = false) -> JSON {
        var ns: JSON = ["metadata": ["name": .string(name)]]
        if let mesh { ns[["metadata", "labels"]] = ["openservicemesh.io/monitored-by": .string(mesh)] }
        var annotations: [String: JSON] = [:]
        if let injection { annotations["openservicemesh.io/sidecar-injection"] = .string(injection) }
        if metrics { annotations["openservicemesh.io/metrics"] = "enabled" }
        if !annotations.isEmpty { ns[["metadata", "annotations"]] = .object(annotations) }
        return ns
    }
    static func pod(annotation: String? = nil, hostNetwork: Bool = false, extra: [String: JSON] = [:]) -> JSON {
        var pod: JSON = ["metadata": ["name": "curl-1", "namespace": "curl", "labels": ["app": "curl"]],
                         "spec": ["containers": [["name": "curl", "image": "curlimages/curl"]]]]
        var annotations = extra
        if let annotation { annotations["openservicemesh.io/sidecar-injection"] = .string(annotation) }
        if !annotations.isEmpty { pod[["metadata", "annotations"]] = .object(annotations) }
        if hostNetwork { pod[["spec", "hostNetwork"]] = true }
        return pod
    }
    func decide(_ pod: JSON, _ ns: JSON) -> InjectionDecision {
        InjectionDecision.decide(pod: pod, namespace: ns, meshName: "osm", osmNamespace: "osm-system")
    }

    @Test func osmsDecisionRules() {
        #expect(decide(Self.pod(), Self.namespace("curl")) == .inject)
        #expect(decide(Self.pod(annotation: "disabled"), Self.namespace("curl")) != .inject)
        #expect(decide(Self.pod(annotation: "yes"), Self.namespace("curl", injection: nil)) == .inject, "the pod's annotation alone suffices")
        #expect(decide(Self.pod(), Self.namespace("curl", injection: nil)) != .inject)
        #expect(decide(Self.pod(), Self.namespace("curl", mesh: "other")) != .inject, "another mesh's namespace")
        #expect(decide(Self.pod(), Self.namespace("curl", mesh: nil)) != .inject)
        #expect(decide(Self.pod(hostNetwork: true), Self.namespace("curl")) != .inject)
        #expect(decide(Self.pod(annotation: "true"), Self.namespace("osm-system")) != .inject)
        #expect(decide(Self.pod(annotation: "maybe"), Self.namespace("curl"))
                == .refuse("invalid value \"maybe\" of annotation openservicemesh.io/sidecar-injection on the pod: use enabled or disabled"))
    }

    @Test func thePatchAddsTheInitContainerSidecarVolumeAndLabel() throws {
        var settings = SidecarSettings()
        settings.meshExclusions = try TrafficExclusions.fromMeshConfig(outboundPortExclusionList: [6379])
        let pod = Self.pod(extra: ["openservicemesh.io/outbound-ip-range-exclusion-list": "10.1.0.0/16",
                                   "openservicemesh.io/inbound-port-exclusion-list": "8081"])
        let ops = try SidecarPatch.operations(pod: pod, namespace: Self.namespace("curl", metrics: true), uuid: "u-1", settings: settings)
        let patched = try JSONPatch.apply(.array(ops), to: pod)
        #expect(patched[["metadata", "labels", "osm-proxy-uuid"]] == "u-1" && patched[["metadata", "labels", "app"]] == "curl")
        #expect(patched[["metadata", "annotations", "prometheus.io/port"]] == "15010")
        #expect(patched[["spec", "volumes"]] == [["name": "osm-bootstrap", "secret": ["secretName": "osm-bootstrap-u-1"]]])
        let initContainer = patched[["spec", "initContainers"]].arrayValue?.first ?? .null
        #expect(initContainer["name"] == "osm-init" && initContainer[["securityContext", "capabilities", "add"]] == ["NET_ADMIN"])
        let command = initContainer["command"].arrayValue?.compactMap(\.stringValue) ?? []
        #expect(command == ["osm", "proxy-init", "--outbound-ip-range-exclusion-list", "10.1.0.0/16",
                            "--outbound-port-exclusion-list", "6379", "--inbound-port-exclusion-list", "8081"], "\(command)")
        let containers = patched[["spec", "containers"]].arrayValue ?? []
        #expect(containers.map { $0["name"] } == ["curl", "osm-proxy"], "the app keeps its place; the sidecar comes second")
        let sidecar = containers[1]
        #expect(sidecar[["securityContext", "runAsUser"]] == 1500)
        #expect(sidecar["command"].arrayValue?.contains("osm-controller.osm-system.svc.cluster.local:15128") == true)
        #expect(sidecar["env"].arrayValue?.contains { $0["name"] == "POD_NAME" } == true)
    }

    @Test func aMalformedExclusionAnnotationRefusesThePod() {
        let pod = Self.pod(extra: ["openservicemesh.io/outbound-port-exclusion-list": "80,http"])
        #expect { try SidecarPatch.operations(pod: pod, namespace: Self.namespace("curl"), uuid: "u", settings: SidecarSettings()) } throws: {
            "\($0)".contains("openservicemesh.io/outbound-port-exclusion-list") && "\($0)".contains("http")
        }
    }
}

@Suite("TrafficTarget validation")
struct TrafficTargetValidationTests {
    @Test func aTargetOutsideItsDestinationsNamespaceIsRejectedWithOSMsMessage() {
        let target: JSON = ["kind": "TrafficTarget", "metadata": ["name": "t", "namespace": "tcp-demo"],
                            "spec": ["destination": ["kind": "ServiceAccount", "name": "tcp-echo", "namespace": "curl"]]]
        let review = TrafficTargetValidation.review(["request": ["uid": "u1", "namespace": "tcp-demo", "object": target]])
        #expect(review[["response", "allowed"]] == false && review[["response", "uid"]] == "u1")
        #expect(review[["response", "status", "message"]] == "The traffic target namespace (tcp-demo) must match spec.Destination.Namespace (curl)")
        var fine = target
        fine[["spec", "destination", "namespace"]] = "tcp-demo"
        #expect(TrafficTargetValidation.problem(fine, namespace: "tcp-demo") == nil)
    }
}
