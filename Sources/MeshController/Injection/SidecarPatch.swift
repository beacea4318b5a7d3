// What injection adds to a pod, as a JSON patch: the `osm-proxy-uuid` label, the bootstrap
// Secret volume, the `osm-init` init container (proxy-init with the pod's and MeshConfig's
// exclusion lists, NET_ADMIN) and the `osm-proxy` sidecar (uid 1500, configs from the controller,
// OSM's ports and environment), the app's probes rewritten to the sidecar's probe ports, plus the
// metrics annotations when the namespace asks for them.
import KubeModel
import MeshProtocol
import NetPlan

/// The injector's settings.
public struct SidecarSettings: Sendable {
    /// The control plane's namespace.
    public var osmNamespace = "osm-system"
    /// The image that holds `osm` (init container and sidecar).
    public var image = "swift-osm/osm:latest"
    /// MeshConfig's exclusion lists.
    public var meshExclusions = TrafficExclusions()
    /// Where the bootstrap certificate is mounted in the sidecar.
    public static let bootstrapPath = "/etc/osm/bootstrap"
    /// Defaults.
    public init() {}

    /// The bootstrap Secret of proxy `uuid`.
    public static func bootstrapSecretName(_ uuid: String) -> String { "osm-bootstrap-\(uuid)" }
}

/// Builds the injection patch.
public enum SidecarPatch {
    /// The JSON patch operations for `pod` in `namespace`; throws when an exclusion annotation is malformed.
    public static func operations(pod: JSON, namespace: JSON, uuid: String, settings: SidecarSettings) throws -> [JSON] {
        let annotations = pod[["metadata", "annotations"]].objectValue?.compactMapValues(\.stringValue) ?? [:]
        let exclusions: TrafficExclusions
        do { exclusions = try TrafficExclusions(annotations: annotations).merged(with: settings.meshExclusions) } catch {
            throw InjectionError(description: "\(error)")
        }
        var ops: [JSON] = []
        func add(_ path: String, _ value: JSON) { ops.append(["op": "add", "path": .string(path), "value": value]) }
        if pod[["metadata", "labels"]].isNull { add("/metadata/labels", [:]) }
        add("/metadata/labels/osm-proxy-uuid", .string(uuid))
        if namespace[["metadata", "annotations", "openservicemesh.io/metrics"]].stringValue == "enabled" {
            if pod[["metadata", "annotations"]].isNull { add("/metadata/annotations", [:]) }
            add("/metadata/annotations/prometheus.io~1scrape", "true")
            add("/metadata/annotations/prometheus.io~1port", "15010")
            add("/metadata/annotations/prometheus.io~1path", "/stats/prometheus")
        }
        let volume: JSON = ["name": "osm-bootstrap", "secret": ["secretName": .string(SidecarSettings.bootstrapSecretName(uuid))]]
        if pod[["spec", "volumes"]].isNull { add("/spec/volumes", [volume]) } else { add("/spec/volumes/-", volume) }
        let initContainer = self.initContainer(exclusions, settings: settings)
        if pod[["spec", "initContainers"]].isNull { add("/spec/initContainers", [initContainer]) } else { add("/spec/initContainers/-", initContainer) }
        let probes = ProbeRewrite(pod: pod)
        ops += probes.operations
        add("/spec/containers/-", sidecar(settings, probes: probes))
        return ops
    }

    /// `osm-init`: proxy-init as root with NET_ADMIN.
    static func initContainer(_ e: TrafficExclusions, settings: SidecarSettings) -> JSON {
        var command: [JSON] = ["osm", "proxy-init"]
        func flag(_ name: String, _ values: [String]) { if !values.isEmpty { command += [.string(name), .string(values.joined(separator: ","))] } }
        flag("--outbound-ip-range-exclusion-list", e.outboundIPRangeExclusions.map(\.description))
        flag("--outbound-ip-range-inclusion-list", e.outboundIPRangeInclusions.map(\.description))
        flag("--outbound-port-exclusion-list", e.outboundPortExclusions.map(String.init))
        flag("--outbound-port-inclusion-list", e.outboundPortInclusions.map(String.init))
        flag("--inbound-port-exclusion-list", e.inboundPortExclusions.map(String.init))
        flag("--network-interface-exclusion-list", e.networkInterfaceExclusions)
        return ["name": "osm-init", "image": .string(settings.image), "command": .array(command),
                "securityContext": ["runAsUser": 0, "runAsNonRoot": false, "capabilities": ["add": ["NET_ADMIN"]]],
                "env": [["name": "POD_IP", "valueFrom": ["fieldRef": ["fieldPath": "status.podIP"]]]]]
    }

    /// `osm-proxy`: the sidecar as uid 1500, taking its configs from the controller and serving the rewritten probes.
    static func sidecar(_ settings: SidecarSettings, probes: ProbeRewrite = ProbeRewrite(pod: [:])) -> JSON {
        let dir = SidecarSettings.bootstrapPath
        func field(_ name: String, _ path: String) -> JSON { ["name": .string(name), "valueFrom": ["fieldRef": ["fieldPath": .string(path)]]] }
        var command: [JSON] = ["osm", "proxy", "--controller", .string("osm-controller.\(settings.osmNamespace).svc.cluster.local:15128"),
                               "--controller-namespace", .string(settings.osmNamespace),
                               "--cert", .string("\(dir)/tls.crt"), "--key", .string("\(dir)/tls.key"), "--ca", .string("\(dir)/ca.crt")]
        var ports: [JSON] = [["name": "proxy-admin", "containerPort": 15000], ["name": "proxy-inbound", "containerPort": 15003],
                             ["name": "proxy-metrics", "containerPort": 15010]]
        for forward in probes.forwards { command += ["--probe", .string(forward.description)] }
        for kind in ProbeKind.allCases where probes.forwards.contains(where: { $0.kind == kind }) {
            ports.append(["name": .string(kind.portName), "containerPort": .int(Int64(kind.port))])
        }
        if probes.tcpHealthcheck {
            command.append("--tcp-healthcheck")
            ports.append(["name": "osm-healthcheck", "containerPort": .int(Int64(ProbeForward.healthcheckPort))])
        }
        return [
            "name": "osm-proxy", "image": .string(settings.image),
            "command": .array(command),
            "securityContext": ["runAsUser": 1500, "runAsGroup": 1500, "allowPrivilegeEscalation": false],
            "ports": .array(ports),
            "env": [field("POD_UID", "metadata.uid"), field("POD_NAME", "metadata.name"), field("POD_NAMESPACE", "metadata.namespace"),
                    field("POD_IP", "status.podIP"), field("SERVICE_ACCOUNT", "spec.serviceAccountName")],
            "volumeMounts": [["name": "osm-bootstrap", "mountPath": .string(dir), "readOnly": true]],
        ]
    }
}
