// The control plane's objects for one mesh, as `osm install` creates them: the MeshConfig with
// the install's values, osm-controller's ServiceAccount, RBAC, Deployment and Service.
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
         "app.kubernetes.io/instance": .string(v.meshName)]
    }

    /// Every object, in the order they are created (the MeshConfig before the controller reads it).
    public static func objects(_ v: InstallValues) -> [JSON] {
        let name = "osm-controller"
        let clusterRole = "\(v.meshName)-\(v.namespace)-osm-controller"
        let rules: JSON = [
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
        return [
            meshConfig(v),
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
                      "ports": [["name": "config-stream", "port": 15128, "targetPort": 15128, "appProtocol": "tcp"]]]],
            ["apiVersion": "apps/v1", "kind": "Deployment",
             "metadata": ["name": .string(name), "namespace": .string(v.namespace), "labels": labels(v, app: name)],
             "spec": [
                "replicas": .int(Int64(v.controllerReplicas)),
                "selector": ["matchLabels": ["app": .string(name)]],
                "template": [
                    "metadata": ["labels": labels(v, app: name)],
                    "spec": [
                        "serviceAccountName": .string(name),
                        "containers": [[
                            "name": .string(name), "image": .string(v.image),
                            "command": ["osm", "controller", "--mesh-name", .string(v.meshName), "--osm-namespace", .string(v.namespace)],
                            "ports": [["name": "config-stream", "containerPort": 15128]],
                            "readinessProbe": ["tcpSocket": ["port": 15128], "periodSeconds": 1],
                            "livenessProbe": ["tcpSocket": ["port": 15128], "initialDelaySeconds": 5, "periodSeconds": 10],
                        ]],
                    ],
                ],
             ]],
        ]
    }
}
