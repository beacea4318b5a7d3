// Protobuf field tables (k8s.io/api v0.32) for apps/v1 Deployment.

extension ProtobufMessage {
    static let deployment = ProtobufMessage("Deployment", [
        1: .message("metadata", .objectMeta), 2: .message("spec", .deploymentSpec),
        3: .message("status", .deploymentStatus),
    ])
    static let deploymentSpec = ProtobufMessage("DeploymentSpec", [
        1: .int("replicas", keep: true), 2: .message("selector", .labelSelector),
        3: .message("template", .podTemplateSpec), 4: .message("strategy", .deploymentStrategy),
        5: .int("minReadySeconds"), 6: .int("revisionHistoryLimit", keep: true), 7: .bool("paused"),
        9: .int("progressDeadlineSeconds", keep: true),
    ])
    static let deploymentStrategy = ProtobufMessage("DeploymentStrategy", [
        1: .string("type"), 2: .message("rollingUpdate", .rollingUpdateDeployment),
    ])
    static let rollingUpdateDeployment = ProtobufMessage("RollingUpdateDeployment", [
        1: .intOrString("maxUnavailable", keep: true), 2: .intOrString("maxSurge", keep: true),
    ])
    static let deploymentStatus = ProtobufMessage("DeploymentStatus", [
        1: .int("observedGeneration"), 2: .int("replicas"), 3: .int("updatedReplicas"), 4: .int("availableReplicas"),
        5: .int("unavailableReplicas"), 6: .messages("conditions", .deploymentCondition), 7: .int("readyReplicas"),
        8: .int("collisionCount", keep: true),
    ])
    static let deploymentCondition = ProtobufMessage("DeploymentCondition", [
        1: .string("type", keep: true), 2: .string("status", keep: true), 4: .string("reason"),
        5: .string("message"), 6: .time("lastUpdateTime"), 7: .time("lastTransitionTime"),
    ])
}
