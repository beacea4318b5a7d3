// The control plane's objects for one mesh, as `osm install` creates them: the MeshConfig with
// the install's values, and for osm-controller and osm-injector a ServiceAccount, RBAC, a
// Deployment and a Service.
import KubeModel

/// What `osm install` was asked for.
public struct InstallValues: Sendable, Equatable {
    /// `--mesh-name`.
    public var meshName = "osm"
    /// `--osm-namespace`.
    public var namespace = "osm-system"
    /// `osm.enablePermissiveTrafficPolicy` (off by default, as the guide assumes).
    public var permissive = false
    /// `osm.enableEgress` (off by default).
    public var egress = false
    /// `osm.certificateProvider.serviceCertValidityDuration`.
    public var certificateValidity = "24h"
    /// The image the control plane runs (`swift-osm/osm`; the embedded node maps it to this binary).
    public var image = "swift-osm/osm:latest"
    /// `osm.controllerReplicaCount`.
    public var controllerReplicas = 1
    /// The version recorded on the control plane's objects.
    public var version = MeshManifests.version

    /// The defaults.
    public init() {}
}

/// Renders the control plane.
public enum ControlPlane {
    /// The MeshConfig `osm-mesh-config`.
    public static func meshConfig(_ v: InstallValues) -> JSON {
        ["apiVersion": "config.openservicemesh.io/v1alpha2", "kind": "MeshConfig",
         "metadata": ["name": "osm-mesh-config", "namespace": .string(v.namespace)],
         "spec": [
            "sidecar": ["enablePrivilegedInitContainer": false, "logLevel": "error", "maxDataPlaneConnections": 0,
                        "configResyncInterval": "0s", "tlsMinProtocolVersion": "TLSv1_2", "tlsMaxProtocolVersion": "TLSv1_3",
                        "localProxyMode": "Localhost"],
            "traffic": ["enableEgress": .bool(v.egress), "enablePermissiveTrafficPolicyMode": .bool(v.permissive),
                        "outboundPortExclusionList": [], "inboundPortExclusionList": [], "outboundIPRangeExclusionList": [],
                        "outboundIPRangeInclusionList": [], "networkInterfaceExclusionList": []],
            "observability": ["osmLogLevel": "info", "enableDebugServer": false],
            "certificate": ["serviceCertValidityDuration": .string(v.certificateValidity), "certKeyBitSize": 2048],
            "featureFlags": ["enableWASMStats": false, "enableEgressPolicy": true, "enableIngressBackendPolicy": true,
                             "enableRetryPolicy": false, "enableSnapshotCacheMode": false, "enableAsyncProxyServiceMapping": false,
                             "enableEnvoyActiveHealthChecks": false],
         ]]
    }

    /// The labels of the control plane's objects.
    static func labels(_ v: InstallValues, app: String) -> JSON {
        ["app": .string(app), "meshName": .string(v.meshName), "app.kubernetes.io/name": "openservicemesh.io",
         "app.kubernetes.io/instance": .string(v.meshName), "app.kubernetes.io/version": .string(v.version)]
    }

    /// Every object, in the order they are created (the MeshConfig before the components read it).
    public static func objects(_ v: InstallValues) -> [JSON] {
        let controllerRules: JSON = [
            ["apiGroups": [""], "resources": ["namespaces", "services", "endpoints", "pods", "serviceaccounts", "nodes"],
             "verbs": ["get", "list", "watch"]],
            ["apiGroups": [""], "resources": ["secrets"], "verbs": ["get", "list", "watch", "create", "update", "patch"]],
            ["apiGroups": [""], "resources": ["events"], "verbs": ["create", "patch"]],
            ["apiGroups": ["discovery.k8s.io"], "resources": ["endpointslices"], "verbs": ["get", "list", "watch"]],
            ["apiGroups": ["config.openservicemesh.io"], "resources": ["meshconfigs"], "verbs": ["get", "list", "watch"]],
            ["apiGroups": ["access.smi-spec.io", "specs.smi-spec.io", "split.smi-spec.io"], "resources": ["*"], "verbs": ["get", "list", "watch"]],
            ["apiGroups": ["policy.openservicemesh.io"], "resources": ["*"], "verbs": ["get", "list", "watch", "update", "patch"]],
            ["apiGroups": ["coordination.k8s.io"], "resources": ["leases"], "verbs": ["get", "create", "update"]],
        ]
        let injectorRules: JSON = [
            ["apiGroups": [""], "resources": ["namespaces"], "verbs": ["get", "list", "watch"]],
            ["apiGroups": [""], "resources": ["secrets"], "verbs": ["get", "create", "update", "patch"]],
            ["apiGroups": ["config.openservicemesh.io"], "resources": ["meshconfigs"], "verbs": ["get", "list", "watch"]],
            ["apiGroups": ["admissionregistration.k8s.io"], "resources": ["mutatingwebhookconfigurations", "validatingwebhookconfigurations"],
             "verbs": ["get", "list", "create", "update", "patch"]],
        ]
        return [meshConfig(v)]
            + component(v, name: "osm-controller", rules: controllerRules, port: ("config-stream", 15128), replicas: v.controllerReplicas,
                        command: ["osm", "controller", "--mesh-name", v.meshName, "--osm-namespace", v.namespace])
            + component(v, name: "osm-injector", rules: injectorRules, port: ("webhook", 9090), replicas: 1,
                        command: ["osm", "injector", "--mesh-name", v.meshName, "--osm-namespace", v.namespace, "--image", v.image])
    }

    /// The control-plane processes' health and metrics port.
    static let healthPort: Int64 = 9091

    /// One control-plane component: ServiceAccount, ClusterRole and binding, Service, Deployment.
    static func component(_ v: InstallValues, name: String, rules: JSON, port: (name: String, number: Int64), replicas: Int,
                          command: [String]) -> [JSON] {
        let clusterRole = "\(v.meshName)-\(v.namespace)-\(name)"
        return [
            ["apiVersion": "v1", "kind": "ServiceAccount",
             "metadata": ["name": .string(name), "namespace": .string(v.namespace), "labels": labels(v, app: name)]],
            ["apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
             "metadata": ["name": .string(clusterRole), "labels": labels(v, app: name)], "rules": rules],
            ["apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding",
             "metadata": ["name": .string(clusterRole), "labels": labels(v, app: name)],
             "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": .string(clusterRole)],
             "subjects": [["kind": "ServiceAccount", "name": .string(name), "namespace": .string(v.namespace)]]],
            ["apiVersion": "v1", "kind": "Service",
             "metadata": ["name": .string(name), "namespace": .string(v.namespace), "labels": labels(v, app: name)],
             "spec": ["selector": ["app": .string(name)],
                      "ports": [["name": .string(port.name), "port": .int(port.number), "targetPort": .int(port.number), "appProtocol": "tcp"]]]],
            ["apiVersion": "apps/v1", "kind": "Deployment",
             "metadata": ["name": .string(name), "namespace": .string(v.namespace), "labels": labels(v, app: name)],
             "spec": [
                "replicas": .int(Int64(replicas)),
                "selector": ["matchLabels": ["app": .string(name)]],
                "template": [
                    "metadata": ["labels": labels(v, app: name),
                                 "annotations": ["prometheus.io/scrape": "true", "prometheus.io/port": .string(String(Self.healthPort))]],
                    "spec": [
                        "serviceAccountName": .string(name),
                        "containers": [[
                            "name": .string(name), "image": .string(v.image), "command": .array(command.map { .string($0) }),
                            // The replica's name in the leader Lease.
                            "env": [["name": "POD_NAME", "valueFrom": ["fieldRef": ["fieldPath": "metadata.name"]]]],
                            "ports": [["name": .string(port.name), "containerPort": .int(port.number)],
                                      ["name": "metrics", "containerPort": .int(Self.healthPort)]],
                            // The health server (9091) says ready once the component serves (CA, listener, first snapshot).
                            "readinessProbe": ["httpGet": ["path": "/health/ready", "port": .int(Self.healthPort)], "periodSeconds": 1],
                            "livenessProbe": ["httpGet": ["path": "/health/alive", "port": .int(Self.healthPort)],
                                              "initialDelaySeconds": 5, "periodSeconds": 10],
                        ]],
                    ],
                ],
             ]],
        ]
    }
}
