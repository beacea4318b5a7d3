// The top-level kinds the protobuf decoder knows, keyed by apiVersion and kind.

extension ProtobufMessage {
    /// Schemas of whole objects by "apiVersion/kind" (e.g. "apps/v1/Deployment").
    static let topLevelKinds: [String: ProtobufMessage] = [
        "v1/Namespace": .namespace,
        "v1/ServiceAccount": .serviceAccount,
        "v1/Secret": .secret,
        "v1/ConfigMap": .configMap,
        "v1/Service": .service,
        "v1/Pod": .pod,
        "apps/v1/Deployment": .deployment,
    ]

    /// What every top-level object shares by convention: field 1 is its ObjectMeta.
    static let unknownObject = ProtobufMessage("object of unknown kind", [
        1: .message("metadata", .objectMeta),
    ])

    /// The schema for an apiVersion and kind, or nil when the kind is not described.
    static func topLevel(apiVersion: String, kind: String) -> ProtobufMessage? {
        topLevelKinds["\(apiVersion)/\(kind)"]
    }
}
