// What a pod spec says about running one of its containers, resolved against the image catalog:
// the command line, environment (values and the downward-API fields), user, capabilities.
import KubeModel

/// A container of a pod, ready to launch (or the reason it cannot be).
public struct ContainerSpec: Sendable, Equatable {
    /// The container's name.
    public var name: String
    /// Its image reference.
    public var image: String
    /// The program and arguments; empty when the image or program is unknown.
    public var commandLine: [String]
    /// Environment, PATH included.
    public var environment: [String: String]
    /// Working directory.
    public var workingDir: String
    /// The user and group.
    public var uid: UInt32
    public var gid: UInt32
    /// Added capabilities, lower case.
    public var capabilities: [String]
    /// Its probes.
    public var readiness: Probe?
    public var liveness: Probe?
    public var startup: Probe?
    /// Volumes bound into it (set once the pod's volumes are prepared).
    public var mounts: [VolumeMount] = []
    /// The pod's host name.
    public var hostname = ""
    /// Why it cannot start (`ErrImagePull`, `CreateContainerError`), with a message.
    public var problem: (reason: String, message: String)?

    public static func == (a: Self, b: Self) -> Bool {
        a.name == b.name && a.image == b.image && a.commandLine == b.commandLine && a.environment == b.environment
            && a.uid == b.uid && a.gid == b.gid && a.capabilities == b.capabilities && a.problem?.reason == b.problem?.reason
    }

    /// How to run `commandLine` as this container in `namespace` (its user, environment, host
    /// name and mounts), appending output to `logPath`.
    public func launch(namespace: String, commandLine: [String], logPath: String) -> ContainerLaunch {
        var launch = ContainerLaunch(namespace: namespace, commandLine: commandLine, environment: environment,
                                     workingDir: workingDir, uid: uid, gid: gid, capabilities: capabilities, logPath: logPath)
        launch.hostname = hostname
        launch.mounts = mounts
        return launch
    }

    /// Resolves `container` of `pod` (running at `podIP`) with `catalog`.
    public static func resolve(_ container: JSON, pod: JSON, podIP: String, catalog: ImageCatalog) -> ContainerSpec {
        let name = container["name"].stringValue ?? ""
        let imageRef = container["image"].stringValue ?? ""
        let security = container["securityContext"], podSecurity = pod[["spec", "securityContext"]]
        let rawUID = security["runAsUser"].intValue ?? podSecurity["runAsUser"].intValue ?? 0
        let rawGID = security["runAsGroup"].intValue ?? podSecurity["runAsGroup"].intValue ?? rawUID
        // Out of range ids start nothing: the container reports why (below) instead of running as anyone.
        let uid = UInt32(exactly: rawUID), gid = UInt32(exactly: rawGID)
        let caps = (security[["capabilities", "add"]].arrayValue ?? []).compactMap { $0.stringValue?.lowercased() }
        var spec = ContainerSpec(name: name, image: imageRef, commandLine: [], environment: [:],
                                 workingDir: container["workingDir"].stringValue ?? "/", uid: uid ?? 0, gid: gid ?? 0,
                                 capabilities: caps, problem: nil)
        spec.hostname = pod[["spec", "hostNetwork"]].boolValue == true ? "" : pod[["spec", "hostname"]].stringValue ?? pod.name
        spec.readiness = Probe.from(container["readinessProbe"], container: container)
        spec.liveness = Probe.from(container["livenessProbe"], container: container)
        spec.startup = Probe.from(container["startupProbe"], container: container)
        guard uid != nil, gid != nil else {
            spec.problem = ("CreateContainerConfigError", "securityContext: runAsUser \(rawUID) / runAsGroup \(rawGID) is not a valid id (0 to 4294967295)")
            return spec
        }
        guard let image = catalog.image(imageRef) else {
            spec.problem = ("ErrImagePull", "image \"\(imageRef)\" is not in the node's image catalog; "
                + "register it in images.json in the cluster's data directory (see docs/architecture.md §12)")
            return spec
        }
        let command = container["command"].arrayValue?.compactMap(\.stringValue)
        let args = container["args"].arrayValue?.compactMap(\.stringValue)
        var line = ImageCatalog.commandLine(image, command: command, args: args)
        guard let program = line.first, let resolved = ImageCatalog.resolve(program, in: image) else {
            spec.problem = ("CreateContainerError", "executable \"\(line.first ?? "")\" not found in image \(imageRef)")
            return spec
        }
        line[0] = resolved
        spec.commandLine = line
        var env: [String: String] = [
            "PATH": image.path.joined(separator: ":"), "HOSTNAME": pod.name,
            "KUBERNETES_SERVICE_HOST": "10.96.0.1", "KUBERNETES_SERVICE_PORT": "443", "KUBERNETES_SERVICE_PORT_HTTPS": "443",
            "HOME": uid == 0 ? "/root" : "/",
        ]
        for variable in container["env"].arrayValue ?? [] {
            guard let key = variable["name"].stringValue else { continue }
            if let value = variable["value"].stringValue {
                env[key] = value
            } else if let field = variable[["valueFrom", "fieldRef", "fieldPath"]].stringValue {
                env[key] = fieldValue(field, pod: pod, podIP: podIP)
            }
        }
        spec.environment = env
        return spec
    }

    /// The downward-API fields a container's environment may name.
    static func fieldValue(_ path: String, pod: JSON, podIP: String) -> String {
        switch path {
        case "metadata.name": return pod.name
        case "metadata.namespace": return pod.namespace
        case "metadata.uid": return pod.uid
        case "status.podIP": return podIP
        case "spec.nodeName": return pod[["spec", "nodeName"]].stringValue ?? ""
        case "spec.serviceAccountName": return pod[["spec", "serviceAccountName"]].stringValue ?? "default"
        default:
            if path.hasPrefix("metadata.labels['"), path.hasSuffix("']") {
                return pod.labels[String(path.dropFirst("metadata.labels['".count).dropLast(2))] ?? ""
            }
            return ""
        }
    }
}
