// The patchStrategy / patchMergeKey tags of the built-in Kubernetes kinds (k8s.io/api v0.32), as patch schemas.

extension PatchSchema {
    /// The schema of a built-in kind (group `""` or `"core"` for the core group); custom and unknown kinds get
    /// the empty schema, under which every list is replaced. Every known kind includes the ObjectMeta rules.
    public static func builtin(group: String, kind: String) -> PatchSchema {
        let group = group == "core" ? "" : group
        guard let body = BuiltinPatchSchemas.kinds[group]?[kind] else { return PatchSchema() }
        return body.with(BuiltinPatchSchemas.objectMeta, at: "metadata")
    }
}

/// The building blocks of the built-in table: the schemas of shared types such as PodSpec.
enum BuiltinPatchSchemas {
    /// A list field merged by `key` whose elements follow `element`.
    static func list(_ key: String, _ element: PatchSchema = PatchSchema()) -> PatchSchema {
        var node = element
        node.strategy = .merge(key: key)
        return node
    }

    /// `metav1.ObjectMeta`.
    static let objectMeta = PatchSchema([("ownerReferences", .merge(key: "uid")), ("finalizers", .mergeSet)])

    /// `core/v1.Container` (and `EphemeralContainer`, which shares its list fields).
    static let container = PatchSchema([
        ("ports", .merge(key: "containerPort")),
        ("env", .merge(key: "name")),
        ("volumeMounts", .merge(key: "mountPath")),
        ("volumeDevices", .merge(key: "devicePath")),
    ])

    /// `core/v1.PodSpec`.
    static let podSpec = PatchSchema([
        ("imagePullSecrets", .merge(key: "name")),
        ("hostAliases", .merge(key: "ip")),
        ("topologySpreadConstraints", .merge(key: "topologyKey")),
        ("schedulingGates", .merge(key: "name")),
    ])
    .with(list("name", container), at: "containers")
    .with(list("name", container), at: "initContainers")
    .with(list("name", container), at: "ephemeralContainers")
    .with(list("name"), at: "volumes").retaining("volumes")
    .with(list("name"), at: "resourceClaims").retaining("resourceClaims")

    /// `core/v1.PodStatus`.
    static let podStatus = PatchSchema([
        ("conditions", .merge(key: "type")),
        ("hostIPs", .merge(key: "ip")),
        ("podIPs", .merge(key: "ip")),
    ])
    .with(list("name"), at: "resourceClaimStatuses").retaining("resourceClaimStatuses")

    /// `core/v1.PodTemplateSpec`.
    static let podTemplateSpec = PatchSchema().with(objectMeta, at: "metadata").with(podSpec, at: "spec")

    /// A status whose only merged list is `conditions`, keyed by `type`.
    static let conditions = PatchSchema([("status.conditions", .merge(key: "type"))])

    /// A workload whose pods come from `spec.template` and whose status carries conditions.
    static let workload = conditions.with(podTemplateSpec, at: "spec.template")

    /// The kinds with their schemas (without metadata), by API group and kind.
    static let kinds: [String: [String: PatchSchema]] = [
        "": [
            "Pod": PatchSchema().with(podSpec, at: "spec").with(podStatus, at: "status"),
            "PodTemplate": PatchSchema().with(podTemplateSpec, at: "template"),
            "ReplicationController": workload,
            "Service": PatchSchema([("spec.ports", .merge(key: "port")), ("status.conditions", .merge(key: "type"))]),
            "ServiceAccount": PatchSchema([("secrets", .merge(key: "name"))]),
            "Namespace": conditions,
            "Node": PatchSchema([
                ("spec.podCIDRs", .mergeSet),
                ("status.conditions", .merge(key: "type")),
                ("status.addresses", .merge(key: "type")),
            ]),
            "PersistentVolumeClaim": conditions,
            "ComponentStatus": PatchSchema([("conditions", .merge(key: "type"))]),
            "Endpoints": PatchSchema(), "ConfigMap": PatchSchema(), "Secret": PatchSchema(),
            "Event": PatchSchema(), "LimitRange": PatchSchema(), "ResourceQuota": PatchSchema(),
            "PersistentVolume": PatchSchema(), "Binding": PatchSchema(),
        ],
        "apps": [
            "Deployment": workload.retaining("spec.strategy"),
            "ReplicaSet": workload,
            "StatefulSet": workload,
            "DaemonSet": workload,
            "ControllerRevision": PatchSchema(),
        ],
        "batch": [
            "Job": workload,
            "CronJob": PatchSchema()
                .with(PatchSchema().with(objectMeta, at: "metadata").with(podTemplateSpec, at: "spec.template"),
                      at: "spec.jobTemplate"),
        ],
        "autoscaling": ["HorizontalPodAutoscaler": conditions],
        "policy": [
            "PodDisruptionBudget": PatchSchema([("spec.selector", .replace), ("status.conditions", .merge(key: "type"))]),
        ],
        "admissionregistration.k8s.io": [
            "ValidatingWebhookConfiguration": webhooks,
            "MutatingWebhookConfiguration": webhooks,
            "ValidatingAdmissionPolicy": PatchSchema([
                ("spec.matchConditions", .merge(key: "name")), ("spec.variables", .merge(key: "name")),
            ]),
            "ValidatingAdmissionPolicyBinding": PatchSchema(),
        ],
        "flowcontrol.apiserver.k8s.io": ["FlowSchema": conditions, "PriorityLevelConfiguration": conditions],
        "storage.k8s.io": [
            "CSINode": PatchSchema([("spec.drivers", .merge(key: "name"))]),
            "StorageClass": PatchSchema(), "VolumeAttachment": PatchSchema(), "CSIDriver": PatchSchema(),
        ],
        "rbac.authorization.k8s.io": [
            "Role": PatchSchema(), "ClusterRole": PatchSchema(),
            "RoleBinding": PatchSchema(), "ClusterRoleBinding": PatchSchema(),
        ],
        "networking.k8s.io": ["Ingress": PatchSchema(), "IngressClass": PatchSchema(), "NetworkPolicy": PatchSchema()],
        "coordination.k8s.io": ["Lease": PatchSchema()],
        "discovery.k8s.io": ["EndpointSlice": PatchSchema()],
        "events.k8s.io": ["Event": PatchSchema()],
        "scheduling.k8s.io": ["PriorityClass": PatchSchema()],
        "node.k8s.io": ["RuntimeClass": PatchSchema()],
        "certificates.k8s.io": ["CertificateSigningRequest": PatchSchema()],
        "apiextensions.k8s.io": ["CustomResourceDefinition": PatchSchema()],
        "apiregistration.k8s.io": ["APIService": PatchSchema()],
    ]

    /// The webhook configurations: webhooks by name, each with match conditions by name.
    static let webhooks = PatchSchema()
        .with(list("name", PatchSchema([("matchConditions", .merge(key: "name"))])), at: "webhooks")
}
