// Protobuf field tables (k8s.io/api v0.32) for Container: env, ports, resources, probes, lifecycle, security.

extension ProtobufMessage {
    static let container = ProtobufMessage("Container", [
        1: .string("name", keep: true), 2: .string("image"), 3: .strings("command"), 4: .strings("args"),
        5: .string("workingDir"), 6: .messages("ports", .containerPort), 7: .messages("env", .envVar),
        8: .message("resources", .resourceRequirements), 9: .messages("volumeMounts", .volumeMount),
        10: .message("livenessProbe", .probe), 11: .message("readinessProbe", .probe),
        12: .message("lifecycle", .lifecycle), 13: .string("terminationMessagePath"), 14: .string("imagePullPolicy"),
        15: .message("securityContext", .securityContext), 16: .bool("stdin"), 17: .bool("stdinOnce"),
        18: .bool("tty"), 19: .messages("envFrom", .envFromSource), 20: .string("terminationMessagePolicy"),
        21: .messages("volumeDevices", .volumeDevice), 22: .message("startupProbe", .probe),
        23: .messages("resizePolicy", .containerResizePolicy), 24: .string("restartPolicy", keep: true),
    ])
    static let containerPort = ProtobufMessage("ContainerPort", [
        1: .string("name"), 2: .int("hostPort"), 3: .int("containerPort", keep: true), 4: .string("protocol"),
        5: .string("hostIP"),
    ])
    static let envVar = ProtobufMessage("EnvVar", [
        1: .string("name", keep: true), 2: .string("value"), 3: .message("valueFrom", .envVarSource),
    ])
    static let envVarSource = ProtobufMessage("EnvVarSource", [
        1: .message("fieldRef", .objectFieldSelector), 2: .message("resourceFieldRef", .resourceFieldSelector),
        3: .message("configMapKeyRef", .configMapKeySelector), 4: .message("secretKeyRef", .secretKeySelector),
    ])
    static let objectFieldSelector = ProtobufMessage("ObjectFieldSelector", [
        1: .string("apiVersion"), 2: .string("fieldPath", keep: true),
    ])
    static let resourceFieldSelector = ProtobufMessage("ResourceFieldSelector", [
        1: .string("containerName"), 2: .string("resource", keep: true), 3: .quantity("divisor"),
    ])
    static let configMapKeySelector = ProtobufMessage("ConfigMapKeySelector", [
        1: .inline(.localObjectReference), 2: .string("key", keep: true), 3: .bool("optional", keep: true),
    ])
    static let secretKeySelector = ProtobufMessage("SecretKeySelector", [
        1: .inline(.localObjectReference), 2: .string("key", keep: true), 3: .bool("optional", keep: true),
    ])
    static let envFromSource = ProtobufMessage("EnvFromSource", [
        1: .string("prefix"), 2: .message("configMapRef", .configMapEnvSource),
        3: .message("secretRef", .secretEnvSource),
    ])
    static let configMapEnvSource = ProtobufMessage("ConfigMapEnvSource", [
        1: .inline(.localObjectReference), 2: .bool("optional", keep: true),
    ])
    static let secretEnvSource = ProtobufMessage("SecretEnvSource", [
        1: .inline(.localObjectReference), 2: .bool("optional", keep: true),
    ])
    static let resourceRequirements = ProtobufMessage("ResourceRequirements", [
        1: .quantityMap("limits"), 2: .quantityMap("requests"), 3: .messages("claims", .resourceClaim),
    ])
    static let resourceClaim = ProtobufMessage("ResourceClaim", [
        1: .string("name", keep: true), 2: .string("request"),
    ])
    static let containerResizePolicy = ProtobufMessage("ContainerResizePolicy", [
        1: .string("resourceName", keep: true), 2: .string("restartPolicy", keep: true),
    ])
    static let volumeMount = ProtobufMessage("VolumeMount", [
        1: .string("name", keep: true), 2: .bool("readOnly"), 3: .string("mountPath", keep: true),
        4: .string("subPath"), 5: .string("mountPropagation", keep: true), 6: .string("subPathExpr"),
        7: .string("recursiveReadOnly", keep: true),
    ])
    static let volumeDevice = ProtobufMessage("VolumeDevice", [
        1: .string("name", keep: true), 2: .string("devicePath", keep: true),
    ])
    static let probe = ProtobufMessage("Probe", [
        1: .inline(.probeHandler), 2: .int("initialDelaySeconds"), 3: .int("timeoutSeconds"),
        4: .int("periodSeconds"), 5: .int("successThreshold"), 6: .int("failureThreshold"),
        7: .int("terminationGracePeriodSeconds", keep: true),
    ])
    static let probeHandler = ProtobufMessage("ProbeHandler", [
        1: .message("exec", .execAction), 2: .message("httpGet", .httpGetAction),
        3: .message("tcpSocket", .tcpSocketAction), 4: .message("grpc", .grpcAction),
    ])
    static let lifecycle = ProtobufMessage("Lifecycle", [
        1: .message("postStart", .lifecycleHandler), 2: .message("preStop", .lifecycleHandler),
    ])
    static let lifecycleHandler = ProtobufMessage("LifecycleHandler", [
        1: .message("exec", .execAction), 2: .message("httpGet", .httpGetAction),
        3: .message("tcpSocket", .tcpSocketAction), 4: .message("sleep", .sleepAction),
    ])
    static let execAction = ProtobufMessage("ExecAction", [
        1: .strings("command"),
    ])
    static let httpGetAction = ProtobufMessage("HTTPGetAction", [
        1: .string("path"), 2: .intOrString("port", keep: true), 3: .string("host"), 4: .string("scheme"),
        5: .messages("httpHeaders", .httpHeader),
    ])
    static let httpHeader = ProtobufMessage("HTTPHeader", [
        1: .string("name", keep: true), 2: .string("value", keep: true),
    ])
    static let tcpSocketAction = ProtobufMessage("TCPSocketAction", [
        1: .intOrString("port", keep: true), 2: .string("host"),
    ])
    static let grpcAction = ProtobufMessage("GRPCAction", [
        1: .int("port", keep: true), 2: .string("service", keep: true),
    ])
    static let sleepAction = ProtobufMessage("SleepAction", [
        1: .int("seconds", keep: true),
    ])
    static let securityContext = ProtobufMessage("SecurityContext", [
        1: .message("capabilities", .capabilities), 2: .bool("privileged", keep: true),
        3: .message("seLinuxOptions", .seLinuxOptions), 4: .int("runAsUser", keep: true),
        5: .bool("runAsNonRoot", keep: true), 6: .bool("readOnlyRootFilesystem", keep: true),
        7: .bool("allowPrivilegeEscalation", keep: true), 8: .int("runAsGroup", keep: true),
        9: .string("procMount", keep: true), 10: .message("windowsOptions", .windowsSecurityContextOptions),
        11: .message("seccompProfile", .seccompProfile), 12: .message("appArmorProfile", .appArmorProfile),
    ])
    static let capabilities = ProtobufMessage("Capabilities", [
        1: .strings("add"), 2: .strings("drop"),
    ])
}
