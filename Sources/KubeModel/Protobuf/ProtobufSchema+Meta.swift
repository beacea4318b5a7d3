// Protobuf field tables (k8s.io/apimachinery v0.32) for ObjectMeta, LabelSelector and other meta/v1 messages.

extension ProtobufMessage {
    static let objectMeta = ProtobufMessage("ObjectMeta", [
        1: .string("name"), 2: .string("generateName"), 3: .string("namespace"), 4: .string("selfLink"),
        5: .string("uid"), 6: .string("resourceVersion"), 7: .int("generation"), 8: .time("creationTimestamp"),
        9: .time("deletionTimestamp", keep: true), 10: .int("deletionGracePeriodSeconds", keep: true),
        11: .stringMap("labels"), 12: .stringMap("annotations"), 13: .messages("ownerReferences", .ownerReference),
        14: .strings("finalizers"), 17: .messages("managedFields", .managedFieldsEntry),
    ])
    static let ownerReference = ProtobufMessage("OwnerReference", [
        1: .string("kind", keep: true), 3: .string("name", keep: true), 4: .string("uid", keep: true),
        5: .string("apiVersion", keep: true), 6: .bool("controller", keep: true),
        7: .bool("blockOwnerDeletion", keep: true),
    ])
    static let managedFieldsEntry = ProtobufMessage("ManagedFieldsEntry", [
        1: .string("manager"), 2: .string("operation"), 3: .string("apiVersion"), 4: .time("time", keep: true),
        6: .string("fieldsType"), 7: .rawJSON("fieldsV1", keep: true), 8: .string("subresource"),
    ])
    static let labelSelector = ProtobufMessage("LabelSelector", [
        1: .stringMap("matchLabels"), 2: .messages("matchExpressions", .labelSelectorRequirement),
    ])
    static let labelSelectorRequirement = ProtobufMessage("LabelSelectorRequirement", [
        1: .string("key", keep: true), 2: .string("operator", keep: true), 3: .strings("values"),
    ])
    static let condition = ProtobufMessage("Condition", [
        1: .string("type", keep: true), 2: .string("status", keep: true), 3: .int("observedGeneration"),
        4: .time("lastTransitionTime", keep: true), 5: .string("reason", keep: true),
        6: .string("message", keep: true),
    ])
}
