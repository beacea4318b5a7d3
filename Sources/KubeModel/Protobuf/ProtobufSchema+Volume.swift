// Protobuf field tables (k8s.io/api v0.32) for Volume and its sources (legacy in-tree cloud sources omitted).

extension ProtobufMessage {
    static let volume = ProtobufMessage("Volume", [
        1: .string("name", keep: true), 2: .inline(.volumeSource),
    ])
    static let volumeSource = ProtobufMessage("VolumeSource", [
        1: .message("hostPath", .hostPathVolumeSource), 2: .message("emptyDir", .emptyDirVolumeSource),
        6: .message("secret", .secretVolumeSource), 7: .message("nfs", .nfsVolumeSource),
        10: .message("persistentVolumeClaim", .persistentVolumeClaimVolumeSource),
        16: .message("downwardAPI", .downwardAPIVolumeSource), 19: .message("configMap", .configMapVolumeSource),
        26: .message("projected", .projectedVolumeSource), 28: .message("csi", .csiVolumeSource),
        29: .message("ephemeral", .ephemeralVolumeSource), 30: .message("image", .imageVolumeSource),
    ])
    static let hostPathVolumeSource = ProtobufMessage("HostPathVolumeSource", [
        1: .string("path", keep: true), 2: .string("type", keep: true),
    ])
    static let emptyDirVolumeSource = ProtobufMessage("EmptyDirVolumeSource", [
        1: .string("medium"), 2: .quantity("sizeLimit", keep: true),
    ])
    static let secretVolumeSource = ProtobufMessage("SecretVolumeSource", [
        1: .string("secretName"), 2: .messages("items", .keyToPath), 3: .int("defaultMode", keep: true),
        4: .bool("optional", keep: true),
    ])
    static let configMapVolumeSource = ProtobufMessage("ConfigMapVolumeSource", [
        1: .inline(.localObjectReference), 2: .messages("items", .keyToPath), 3: .int("defaultMode", keep: true),
        4: .bool("optional", keep: true),
    ])
    static let nfsVolumeSource = ProtobufMessage("NFSVolumeSource", [
        1: .string("server", keep: true), 2: .string("path", keep: true), 3: .bool("readOnly"),
    ])
    static let persistentVolumeClaimVolumeSource = ProtobufMessage("PersistentVolumeClaimVolumeSource", [
        1: .string("claimName", keep: true), 2: .bool("readOnly"),
    ])
    static let downwardAPIVolumeSource = ProtobufMessage("DownwardAPIVolumeSource", [
        1: .messages("items", .downwardAPIVolumeFile), 2: .int("defaultMode", keep: true),
    ])
    static let downwardAPIVolumeFile = ProtobufMessage("DownwardAPIVolumeFile", [
        1: .string("path", keep: true), 2: .message("fieldRef", .objectFieldSelector),
        3: .message("resourceFieldRef", .resourceFieldSelector), 4: .int("mode", keep: true),
    ])
    static let keyToPath = ProtobufMessage("KeyToPath", [
        1: .string("key", keep: true), 2: .string("path", keep: true), 3: .int("mode", keep: true),
    ])
    static let projectedVolumeSource = ProtobufMessage("ProjectedVolumeSource", [
        1: .messages("sources", .volumeProjection), 2: .int("defaultMode", keep: true),
    ])
    static let volumeProjection = ProtobufMessage("VolumeProjection", [
        1: .message("secret", .secretProjection), 2: .message("downwardAPI", .downwardAPIProjection),
        3: .message("configMap", .configMapProjection),
        4: .message("serviceAccountToken", .serviceAccountTokenProjection),
        5: .message("clusterTrustBundle", .clusterTrustBundleProjection),
    ])
    static let secretProjection = ProtobufMessage("SecretProjection", [
        1: .inline(.localObjectReference), 2: .messages("items", .keyToPath), 4: .bool("optional", keep: true),
    ])
    static let configMapProjection = ProtobufMessage("ConfigMapProjection", [
        1: .inline(.localObjectReference), 2: .messages("items", .keyToPath), 4: .bool("optional", keep: true),
    ])
    static let downwardAPIProjection = ProtobufMessage("DownwardAPIProjection", [
        1: .messages("items", .downwardAPIVolumeFile),
    ])
    static let serviceAccountTokenProjection = ProtobufMessage("ServiceAccountTokenProjection", [
        1: .string("audience"), 2: .int("expirationSeconds", keep: true), 3: .string("path", keep: true),
    ])
    static let clusterTrustBundleProjection = ProtobufMessage("ClusterTrustBundleProjection", [
        1: .string("name", keep: true), 2: .string("signerName", keep: true),
        3: .message("labelSelector", .labelSelector), 4: .string("path", keep: true),
        5: .bool("optional", keep: true),
    ])
    static let csiVolumeSource = ProtobufMessage("CSIVolumeSource", [
        1: .string("driver", keep: true), 2: .bool("readOnly", keep: true), 3: .string("fsType", keep: true),
        4: .stringMap("volumeAttributes"), 5: .message("nodePublishSecretRef", .localObjectReference),
    ])
    static let ephemeralVolumeSource = ProtobufMessage("EphemeralVolumeSource", [
        1: .message("volumeClaimTemplate", .persistentVolumeClaimTemplate),
    ])
    static let persistentVolumeClaimTemplate = ProtobufMessage("PersistentVolumeClaimTemplate", [
        1: .message("metadata", .objectMeta), 2: .message("spec", .persistentVolumeClaimSpec),
    ])
    static let persistentVolumeClaimSpec = ProtobufMessage("PersistentVolumeClaimSpec", [
        1: .strings("accessModes"), 2: .message("resources", .volumeResourceRequirements), 3: .string("volumeName"),
        4: .message("selector", .labelSelector), 5: .string("storageClassName", keep: true),
        6: .string("volumeMode", keep: true), 7: .message("dataSource", .typedLocalObjectReference),
        8: .message("dataSourceRef", .typedObjectReference), 9: .string("volumeAttributesClassName", keep: true),
    ])
    static let volumeResourceRequirements = ProtobufMessage("VolumeResourceRequirements", [
        1: .quantityMap("limits"), 2: .quantityMap("requests"),
    ])
    static let typedLocalObjectReference = ProtobufMessage("TypedLocalObjectReference", [
        1: .string("apiGroup", keep: true), 2: .string("kind", keep: true), 3: .string("name", keep: true),
    ])
    static let typedObjectReference = ProtobufMessage("TypedObjectReference", [
        1: .string("apiGroup", keep: true), 2: .string("kind", keep: true), 3: .string("name", keep: true),
        4: .string("namespace", keep: true),
    ])
    static let imageVolumeSource = ProtobufMessage("ImageVolumeSource", [
        1: .string("reference"), 2: .string("pullPolicy"),
    ])
}
