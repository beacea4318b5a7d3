// Protobuf field tables (k8s.io/api v0.32) for Namespace, ServiceAccount, Secret, ConfigMap and Service.

extension ProtobufMessage {
    static let namespace = ProtobufMessage("Namespace", [
        1: .message("metadata", .objectMeta), 2: .message("spec", .namespaceSpec),
        3: .message("status", .namespaceStatus),
    ])
    static let namespaceSpec = ProtobufMessage("NamespaceSpec", [
        1: .strings("finalizers"),
    ])
    static let namespaceStatus = ProtobufMessage("NamespaceStatus", [
        1: .string("phase"), 2: .messages("conditions", .namespaceCondition),
    ])
    static let namespaceCondition = ProtobufMessage("NamespaceCondition", [
        1: .string("type", keep: true), 2: .string("status", keep: true), 4: .time("lastTransitionTime"),
        5: .string("reason"), 6: .string("message"),
    ])
    static let serviceAccount = ProtobufMessage("ServiceAccount", [
        1: .message("metadata", .objectMeta), 2: .messages("secrets", .objectReference),
        3: .messages("imagePullSecrets", .localObjectReference),
        4: .bool("automountServiceAccountToken", keep: true),
    ])
    static let objectReference = ProtobufMessage("ObjectReference", [
        1: .string("kind"), 2: .string("namespace"), 3: .string("name"), 4: .string("uid"), 5: .string("apiVersion"),
        6: .string("resourceVersion"), 7: .string("fieldPath"),
    ])
    static let localObjectReference = ProtobufMessage("LocalObjectReference", [
        1: .string("name"),
    ])
    static let secret = ProtobufMessage("Secret", [
        1: .message("metadata", .objectMeta), 2: .bytesMap("data"), 3: .string("type"), 4: .stringMap("stringData"),
        5: .bool("immutable", keep: true),
    ])
    static let configMap = ProtobufMessage("ConfigMap", [
        1: .message("metadata", .objectMeta), 2: .stringMap("data"), 3: .bytesMap("binaryData"),
        4: .bool("immutable", keep: true),
    ])
    static let service = ProtobufMessage("Service", [
        1: .message("metadata", .objectMeta), 2: .message("spec", .serviceSpec),
        3: .message("status", .serviceStatus),
    ])
    static let serviceSpec = ProtobufMessage("ServiceSpec", [
        1: .messages("ports", .servicePort), 2: .stringMap("selector"), 3: .string("clusterIP"), 4: .string("type"),
        5: .strings("externalIPs"), 7: .string("sessionAffinity"), 8: .string("loadBalancerIP"),
        9: .strings("loadBalancerSourceRanges"), 10: .string("externalName"), 11: .string("externalTrafficPolicy"),
        12: .int("healthCheckNodePort"), 13: .bool("publishNotReadyAddresses"),
        14: .message("sessionAffinityConfig", .sessionAffinityConfig), 17: .string("ipFamilyPolicy", keep: true),
        18: .strings("clusterIPs"), 19: .strings("ipFamilies"),
        20: .bool("allocateLoadBalancerNodePorts", keep: true), 21: .string("loadBalancerClass", keep: true),
        22: .string("internalTrafficPolicy", keep: true), 23: .string("trafficDistribution", keep: true),
    ])
    static let servicePort = ProtobufMessage("ServicePort", [
        1: .string("name"), 2: .string("protocol"), 3: .int("port", keep: true), 4: .intOrString("targetPort"),
        5: .int("nodePort"), 6: .string("appProtocol", keep: true),
    ])
    static let sessionAffinityConfig = ProtobufMessage("SessionAffinityConfig", [
        1: .message("clientIP", .clientIPConfig),
    ])
    static let clientIPConfig = ProtobufMessage("ClientIPConfig", [
        1: .int("timeoutSeconds", keep: true),
    ])
    static let serviceStatus = ProtobufMessage("ServiceStatus", [
        1: .message("loadBalancer", .loadBalancerStatus), 2: .messages("conditions", .condition),
    ])
    static let loadBalancerStatus = ProtobufMessage("LoadBalancerStatus", [
        1: .messages("ingress", .loadBalancerIngress),
    ])
    static let loadBalancerIngress = ProtobufMessage("LoadBalancerIngress", [
        1: .string("ip"), 2: .string("hostname"), 3: .string("ipMode", keep: true),
        4: .messages("ports", .portStatus),
    ])
    static let portStatus = ProtobufMessage("PortStatus", [
        1: .int("port", keep: true), 2: .string("protocol", keep: true), 3: .string("error", keep: true),
    ])
}
