// One running container: a process started in the pod's network namespace (`ip netns exec`, which
// also gives it the pod's /etc/resolv.conf and /etc/hosts) as the container's user, with its
// environment and working directory, its output appended to the container's log file.
import Foundation
import Synchronization

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

    /// The argv that runs it: `env --default-signal ip netns exec NS [setpriv …] program args…`.
    /// The node process ignores SIGTERM/SIGINT (it handles them itself) and ignored signals are
    /// inherited across exec, so `env --default-signal` gives the container default dispositions:
    /// otherwise apps could not be stopped gracefully.
    public var argv: [String] {
        // An empty namespace is a hostNetwork pod: the node's own network, a private mount namespace.
        var argv = namespace.isEmpty
            ? ["/usr/bin/env", "--default-signal", "/usr/bin/unshare", "--mount", "--propagation", "private"]
            : ["/usr/bin/env", "--default-signal", "/usr/sbin/ip", "netns", "exec", namespace]
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
public final class ContainerProcess: @unchecked Sendable {
    /// The process id (the container's main process once `ip` and `setpriv` have exec'd).
    public let pid: Int32
    /// When it started.
    public let startedAt: Date
    private let process: Process
    private let exit = ExitBox()

    /// Starts a container; throws when the process cannot be started at all.
    public init(_ launch: ContainerLaunch) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: launch.argv[0])
        p.arguments = Array(launch.argv.dropFirst())
        p.environment = launch.environment
        var isDir: ObjCBool = false
        let dir = launch.workingDir.isEmpty ? "/" : launch.workingDir
        p.currentDirectoryURL = URL(fileURLWithPath: FileManager.default.fileExists(atPath: dir, isDirectory: &isDir) && isDir.boolValue ? dir : "/")
        if !FileManager.default.fileExists(atPath: launch.logPath) {
            FileManager.default.createFile(atPath: launch.logPath, contents: nil)
        }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: launch.logPath))
        log.seekToEndOfFile()
        p.standardOutput = log
        p.standardError = log
        p.standardInput = FileHandle.nullDevice
        process = p
        let box = exit
        p.terminationHandler = { done in
            let code = done.terminationReason == .uncaughtSignal ? 128 + done.terminationStatus : done.terminationStatus
            let waiters = box.state.withLock { state -> [CheckedContinuation<Int32, Never>] in
                state.code = code
                let w = state.waiters
                state.waiters = []
                return w
            }
            for w in waiters { w.resume(returning: code) }
        }
        try p.run()
        try? log.close()
        pid = p.processIdentifier
        startedAt = Date()
    }

    /// The exit code once it exited (128 + signal when killed by one).
    public var exitCode: Int32? { exit.state.withLock { $0.code } }

    /// Waits for the process to exit; returns its exit code.
    public func wait() async -> Int32 {
        await withCheckedContinuation { c in
            let done = exit.state.withLock { state -> Int32? in
                if let code = state.code { return code }
                state.waiters.append(c)
                return nil
            }
            if let done { c.resume(returning: done) }
        }
    }

    /// Sends `signal` to the process and every descendant.
    public func signalTree(_ signal: Int32) {
        for pid in Self.descendants(of: pid) + [pid] { kill(pid, signal) }
    }

    /// Stops it: SIGTERM to the tree, then SIGKILL after `grace` if it is still running.
    public func stop(grace: Duration) async {
        guard exitCode == nil else { return }
        signalTree(SIGTERM)
        let deadline = ContinuousClock.now + grace
        while exitCode == nil, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        if exitCode == nil { signalTree(SIGKILL) }
        _ = await wait()
    }

    /// Every process whose ancestry leads to `root` (from /proc).
    static func descendants(of root: Int32) -> [Int32] {
        var parent: [Int32: Int32] = [:]
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int32(entry),
                  let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")")
            else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, let ppid = Int32(fields[1]) { parent[pid] = ppid }
        }
        var result: [Int32] = []
        var frontier = [root]
        while let next = frontier.popLast() {
            let children = parent.filter { $0.value == next }.map(\.key)
            result += children
            frontier += children
        }
        return result
    }
}

/// The exit code and who waits for it, shared with the termination handler.
final class ExitBox: Sendable {
    let state = Mutex<(code: Int32?, waiters: [CheckedContinuation<Int32, Never>])>((nil, []))
}
