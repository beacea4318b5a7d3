// Protobuf field tables (k8s.io/api v0.32) for Pod, PodSpec, PodStatus and their scheduling and security parts.

extension ProtobufMessage {
    static let pod = ProtobufMessage("Pod", [
        1: .message("metadata", .objectMeta), 2: .message("spec", .podSpec), 3: .message("status", .podStatus),
    ])
    static let podTemplateSpec = ProtobufMessage("PodTemplateSpec", [
        1: .message("metadata", .objectMeta), 2: .message("spec", .podSpec),
    ])
    static let podSpec = ProtobufMessage("PodSpec", [
        1: .messages("volumes", .volume), 2: .messages("containers", .container), 3: .string("restartPolicy"),
        4: .int("terminationGracePeriodSeconds", keep: true), 5: .int("activeDeadlineSeconds", keep: true),
        6: .string("dnsPolicy"), 7: .stringMap("nodeSelector"), 8: .string("serviceAccountName"),
        9: .string("serviceAccount"), 10: .string("nodeName"), 11: .bool("hostNetwork"), 12: .bool("hostPID"),
        13: .bool("hostIPC"), 14: .message("securityContext", .podSecurityContext),
        15: .messages("imagePullSecrets", .localObjectReference), 16: .string("hostname"), 17: .string("subdomain"),
        18: .message("affinity", .affinity), 19: .string("schedulerName"),
        20: .messages("initContainers", .container), 21: .bool("automountServiceAccountToken", keep: true),
        22: .messages("tolerations", .toleration), 23: .messages("hostAliases", .hostAlias),
        24: .string("priorityClassName"), 25: .int("priority", keep: true), 26: .message("dnsConfig", .podDNSConfig),
        27: .bool("shareProcessNamespace", keep: true), 28: .messages("readinessGates", .podReadinessGate),
        29: .string("runtimeClassName", keep: true), 30: .bool("enableServiceLinks", keep: true),
        31: .string("preemptionPolicy", keep: true), 32: .quantityMap("overhead"),
        33: .messages("topologySpreadConstraints", .topologySpreadConstraint),
        35: .bool("setHostnameAsFQDN", keep: true), 36: .message("os", .podOS), 37: .bool("hostUsers", keep: true),
        38: .messages("schedulingGates", .podSchedulingGate), 39: .messages("resourceClaims", .podResourceClaim),
        40: .message("resources", .resourceRequirements),
    ])
    static let podStatus = ProtobufMessage("PodStatus", [
        1: .string("phase"), 2: .messages("conditions", .podCondition), 3: .string("message"), 4: .string("reason"),
        5: .string("hostIP"), 6: .string("podIP"), 7: .time("startTime", keep: true), 9: .string("qosClass"),
        11: .string("nominatedNodeName"), 12: .messages("podIPs", .podIP), 14: .string("resize"),
        16: .messages("hostIPs", .hostIP),
    ])
    static let podCondition = ProtobufMessage("PodCondition", [
        1: .string("type", keep: true), 2: .string("status", keep: true), 3: .time("lastProbeTime"),
        4: .time("lastTransitionTime"), 5: .string("reason"), 6: .string("message"),
    ])
    static let hostIP = ProtobufMessage("HostIP", [
        1: .string("ip", keep: true),
    ])
    static let podIP = ProtobufMessage("PodIP", [
        1: .string("ip", keep: true),
    ])
    static let podSecurityContext = ProtobufMessage("PodSecurityContext", [
        1: .message("seLinuxOptions", .seLinuxOptions), 2: .int("runAsUser", keep: true),
        3: .bool("runAsNonRoot", keep: true), 4: .ints("supplementalGroups"), 5: .int("fsGroup", keep: true),
        6: .int("runAsGroup", keep: true), 7: .messages("sysctls", .sysctl),
        8: .message("windowsOptions", .windowsSecurityContextOptions), 9: .string("fsGroupChangePolicy", keep: true),
        10: .message("seccompProfile", .seccompProfile), 11: .message("appArmorProfile", .appArmorProfile),
        12: .string("supplementalGroupsPolicy", keep: true), 13: .string("seLinuxChangePolicy", keep: true),
    ])
    static let seLinuxOptions = ProtobufMessage("SELinuxOptions", [
        1: .string("user"), 2: .string("role"), 3: .string("type"), 4: .string("level"),
    ])
    static let windowsSecurityContextOptions = ProtobufMessage("WindowsSecurityContextOptions", [
        1: .string("gmsaCredentialSpecName", keep: true), 2: .string("gmsaCredentialSpec", keep: true),
        3: .string("runAsUserName", keep: true), 4: .bool("hostProcess", keep: true),
    ])
    static let sysctl = ProtobufMessage("Sysctl", [
        1: .string("name", keep: true), 2: .string("value", keep: true),
    ])
    static let seccompProfile = ProtobufMessage("SeccompProfile", [
        1: .string("type", keep: true), 2: .string("localhostProfile", keep: true),
    ])
    static let appArmorProfile = ProtobufMessage("AppArmorProfile", [
        1: .string("type", keep: true), 2: .string("localhostProfile", keep: true),
    ])
    static let toleration = ProtobufMessage("Toleration", [
        1: .string("key"), 2: .string("operator"), 3: .string("value"), 4: .string("effect"),
        5: .int("tolerationSeconds", keep: true),
    ])
    static let hostAlias = ProtobufMessage("HostAlias", [
        1: .string("ip", keep: true), 2: .strings("hostnames"),
    ])
    static let podDNSConfig = ProtobufMessage("PodDNSConfig", [
        1: .strings("nameservers"), 2: .strings("searches"), 3: .messages("options", .podDNSConfigOption),
    ])
    static let podDNSConfigOption = ProtobufMessage("PodDNSConfigOption", [
        1: .string("name"), 2: .string("value", keep: true),
    ])
    static let podReadinessGate = ProtobufMessage("PodReadinessGate", [
        1: .string("conditionType", keep: true),
    ])
    static let topologySpreadConstraint = ProtobufMessage("TopologySpreadConstraint", [
        1: .int("maxSkew", keep: true), 2: .string("topologyKey", keep: true),
        3: .string("whenUnsatisfiable", keep: true), 4: .message("labelSelector", .labelSelector),
        5: .int("minDomains", keep: true), 6: .string("nodeAffinityPolicy", keep: true),
        7: .string("nodeTaintsPolicy", keep: true), 8: .strings("matchLabelKeys"),
    ])
    static let podOS = ProtobufMessage("PodOS", [
        1: .string("name", keep: true),
    ])
    static let podSchedulingGate = ProtobufMessage("PodSchedulingGate", [
        1: .string("name", keep: true),
    ])
    static let podResourceClaim = ProtobufMessage("PodResourceClaim", [
        1: .string("name", keep: true), 3: .string("resourceClaimName", keep: true),
        4: .string("resourceClaimTemplateName", keep: true),
    ])
    static let affinity = ProtobufMessage("Affinity", [
        1: .message("nodeAffinity", .nodeAffinity), 2: .message("podAffinity", .podAffinity),
        3: .message("podAntiAffinity", .podAntiAffinity),
    ])
    static let nodeAffinity = ProtobufMessage("NodeAffinity", [
        1: .message("requiredDuringSchedulingIgnoredDuringExecution", .nodeSelector),
        2: .messages("preferredDuringSchedulingIgnoredDuringExecution", .preferredSchedulingTerm),
    ])
    static let nodeSelector = ProtobufMessage("NodeSelector", [
        1: .messages("nodeSelectorTerms", .nodeSelectorTerm),
    ])
    static let nodeSelectorTerm = ProtobufMessage("NodeSelectorTerm", [
        1: .messages("matchExpressions", .nodeSelectorRequirement),
        2: .messages("matchFields", .nodeSelectorRequirement),
    ])
    static let nodeSelectorRequirement = ProtobufMessage("NodeSelectorRequirement", [
        1: .string("key", keep: true), 2: .string("operator", keep: true), 3: .strings("values"),
    ])
    static let preferredSchedulingTerm = ProtobufMessage("PreferredSchedulingTerm", [
        1: .int("weight", keep: true), 2: .message("preference", .nodeSelectorTerm),
    ])
    static let podAffinity = ProtobufMessage("PodAffinity", [
        1: .messages("requiredDuringSchedulingIgnoredDuringExecution", .podAffinityTerm),
        2: .messages("preferredDuringSchedulingIgnoredDuringExecution", .weightedPodAffinityTerm),
    ])
    static let podAntiAffinity = ProtobufMessage("PodAntiAffinity", [
        1: .messages("requiredDuringSchedulingIgnoredDuringExecution", .podAffinityTerm),
        2: .messages("preferredDuringSchedulingIgnoredDuringExecution", .weightedPodAffinityTerm),
    ])
    static let podAffinityTerm = ProtobufMessage("PodAffinityTerm", [
        1: .message("labelSelector", .labelSelector), 2: .strings("namespaces"),
        3: .string("topologyKey", keep: true), 4: .message("namespaceSelector", .labelSelector),
        5: .strings("matchLabelKeys"), 6: .strings("mismatchLabelKeys"),
    ])
    static let weightedPodAffinityTerm = ProtobufMessage("WeightedPodAffinityTerm", [
        1: .int("weight", keep: true), 2: .message("podAffinityTerm", .podAffinityTerm),
    ])
}
