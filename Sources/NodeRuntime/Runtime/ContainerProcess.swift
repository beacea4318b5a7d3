// One running container: a process started in the pod's network namespace (`ip netns exec`, which
// also gives it the pod's /etc/resolv.conf and /etc/hosts) as the container's user, with its
// environment and working directory, its output written to the container's log (ContainerLog). It runs as
// a ChildProcess: its own process group, so stopping it reaches every process it started.
import Foundation
import LinuxNet

/// How to start a container's process.
public struct ContainerLaunch: Sendable, Equatable {
    /// The pod's network namespace.
    public var namespace: String
    /// The resolved program and its arguments.
    public var commandLine: [String]
    /// Environment variables.
    public var environment: [String: String]
    /// Working directory ("/" when empty or missing).
    public var workingDir: String
    /// uid and gid to run as.
    public var uid: UInt32
    public var gid: UInt32
    /// Capabilities to keep for a non-root user (lower case, e.g. `net_admin`).
    public var capabilities: [String]
    /// The log file its stdout and stderr are appended to.
    public var logPath: String
    /// The pod's host name (set in a UTS namespace of its own).
    public var hostname: String = ""
    /// Volumes bound into its private mount namespace.
    public var mounts: [VolumeMount] = []

    /// The directory it starts in: the working directory where it exists, else "/".
    public var directory: String {
        var isDir: ObjCBool = false
        let dir = workingDir.isEmpty ? "/" : workingDir
        return FileManager.default.fileExists(atPath: dir, isDirectory: &isDir) && isDir.boolValue ? dir : "/"
    }

    /// Quotes a word for /bin/sh.
    static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// A launch description.
    public init(namespace: String, commandLine: [String], environment: [String: String], workingDir: String,
                uid: UInt32, gid: UInt32, capabilities: [String], logPath: String) {
        self.namespace = namespace
        self.commandLine = commandLine
        self.environment = environment
        self.workingDir = workingDir
        self.uid = uid
        self.gid = gid
        self.capabilities = capabilities
        self.logPath = logPath
    }

    /// The argv that runs it: `ip netns exec NS [unshare --uts sh -c …] [setpriv …] program args…`.
    /// (ChildProcess starts it with default signal dispositions: the node ignores SIGTERM/SIGINT,
    /// handling them itself, and ignored signals would be inherited across exec.)
    public var argv: [String] {
        // An empty namespace is a hostNetwork pod: the node's own network, a private mount namespace.
        var argv = namespace.isEmpty
            ? ["/usr/bin/unshare", "--mount", "--propagation", "private"]
            : ["/usr/sbin/ip", "netns", "exec", namespace]
        if namespace.isEmpty, !mounts.isEmpty {
            var script: [String] = []
            for m in mounts {
                let t = Self.quote(m.target), s = Self.quote(m.source)
                script.append("/usr/bin/mount --bind \(s) \(t)" + (m.readOnly ? " && /usr/bin/mount -o remount,bind,ro \(t)" : ""))
            }
            script.append("exec \"$@\"")
            argv += ["/bin/sh", "-c", script.joined(separator: "\n"), "container"]
        } else if !namespace.isEmpty, !hostname.isEmpty || !mounts.isEmpty {
            // `ip netns exec` already runs it in a private mount namespace (mounts do not reach the
            // node); a UTS namespace gives it the pod's host name. Then the program is exec'd.
            // The node made the mount points beforehand (PodRuntime.makeMountPoints); the node's
            // own mount and hostname programs are named by path (the image's PATH may hold BusyBox's).
            var script = ["/usr/bin/hostname \(Self.quote(hostname)) 2>/dev/null"]
            for m in mounts {
                let t = Self.quote(m.target), s = Self.quote(m.source)
                script.append("/usr/bin/mount --bind \(s) \(t)" + (m.readOnly ? " && /usr/bin/mount -o remount,bind,ro \(t)" : ""))
            }
            script.append("exec \"$@\"")
            argv += ["/usr/bin/unshare", "--uts", "/bin/sh", "-c", script.joined(separator: "\n"), "container"]
        }
        if uid != 0 || gid != 0 {
            argv += ["/usr/bin/setpriv", "--reuid=\(uid)", "--regid=\(gid)", "--clear-groups"]
            if !capabilities.isEmpty {
                let caps = capabilities.map { "+\($0)" }.joined(separator: ",")
                argv += ["--inh-caps=\(caps)", "--ambient-caps=\(caps)"]
            }
        }
        return argv + commandLine
    }
}

/// A started container process.
public final class ContainerProcess: Sendable {
    /// The process id (the container's main process once `ip` and `setpriv` have exec'd).
    public var pid: Int32 { child.pid }
    /// When it started.
    public let startedAt: Date
    private let child: ChildProcess

    /// Starts a container; throws when the process cannot be started at all.
    public init(_ launch: ContainerLaunch) throws {
        // Probes run with "/dev/null": their output is not kept.
        let (stdout, stderr) = launch.logPath == "/dev/null" ? (-1, -1) : try ContainerLog.start(path: launch.logPath)
        defer { if stdout >= 0 { close(stdout); close(stderr) } }
        child = try ChildProcess(argv: launch.argv, environment: launch.environment, directory: launch.directory,
                                 stdout: stdout, stderr: stderr)
        startedAt = Date()
    }

    /// The exit code once it exited (128 + signal when killed by one).
    public var exitCode: Int32? { child.exitCode }

    /// Waits for the process to exit; returns its exit code.
    public func wait() async -> Int32 { await child.wait() }

    /// Sends `signal` to every process of the container.
    public func signalTree(_ signal: Int32) { child.signalTree(signal) }

    /// Stops it: SIGTERM to the tree, then SIGKILL after `grace` if it is still running.
    public func stop(grace: Duration) async {
        guard exitCode == nil else { return }
        signalTree(SIGTERM)
        let deadline = ContinuousClock.now + grace
        while exitCode == nil, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        if exitCode == nil { signalTree(SIGKILL) }
        _ = await wait()
    }
}
