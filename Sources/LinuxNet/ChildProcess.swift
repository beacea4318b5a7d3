// Child processes the node starts (containers, probes, exec sessions). Each one leads a new session
// and process group, so a signal reaches every process it started; it begins with default signal
// dispositions and only the standard descriptors it was given. Its end is observed through a
// pidfd, and the node reaps exactly this pid — a grandchild that outlives it (still holding
// inherited descriptors) cannot hide the exit, and no other code's children are taken.
// When it exits, what is left of its process group is killed, as a container runtime does.
import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Why a process could not be started.
public struct SpawnError: Error, CustomStringConvertible {
    /// What failed, with the program's path.
    public let description: String
    /// An error saying `description`.
    public init(description: String) { self.description = description }
}

/// A started child process.
public final class ChildProcess: Sendable {
    /// Its pid, which is also its session and process-group id.
    public let pid: Int32
    private let state = Mutex<(code: Int32?, waiters: [CheckedContinuation<Int32, Never>])>((nil, []))

    /// Starts `argv` (argv[0] an absolute path) with `environment` in `directory`; -1 for a
    /// standard descriptor means /dev/null. The caller keeps ownership of the descriptors passed.
    public init(argv: [String], environment: [String: String], directory: String = "/",
                stdin: Int32 = -1, stdout: Int32 = -1, stderr: Int32 = -1) throws(SpawnError) {
        pid = try Spawn.start(argv: argv, environment: environment, directory: directory, stdio: [stdin, stdout, stderr])
        watchExit()
    }

    /// The exit code once it exited (128 + signal when a signal ended it).
    public var exitCode: Int32? { state.withLock { $0.code } }

    /// Waits for it to exit; returns the exit code.
    public func wait() async -> Int32 {
        await withCheckedContinuation { c in
            let done = state.withLock { s -> Int32? in
                if let code = s.code { return code }
                s.waiters.append(c)
                return nil
            }
            if let done { c.resume(returning: done) }
        }
    }

    /// Sends `signal` to its whole process group, and to descendants that left the group.
    public func signalTree(_ signal: Int32) {
        guard exitCode == nil else { return }
        for child in Self.descendants(of: pid) { kill(child, signal) }
        kill(-pid, signal)
    }

    /// Watches the pid for its exit: a pidfd becomes readable when the process ends (a blocking
    /// wait on a thread of its own where pidfds are unavailable).
    private func watchExit() {
        let pid = self.pid
        if let open = Spawn.pidfdOpen, case let fd = open(pid, 0), fd >= 0 {
            let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: Spawn.reaperQueue)
            // The handler keeps the source (and self) alive until the exit is seen and it is cancelled.
            source.setEventHandler { if self.reap(blocking: false) { source.cancel() } }
            source.setCancelHandler { close(fd) }
            source.resume()
        } else {
            Thread.detachNewThread { _ = self.reap(blocking: true) }
        }
    }

    /// Kills what is left of its group, reaps it and wakes the waiters; false if it still runs.
    private func reap(blocking: Bool) -> Bool {
        var status: Int32 = 0
        if !blocking { kill(-pid, SIGKILL) }
        var r: pid_t
        repeat { r = waitpid(pid, &status, blocking ? 0 : WNOHANG) } while r < 0 && errno == EINTR
        if r == 0 { return false }
        if blocking { kill(-pid, SIGKILL) }
        let signal = status & 0x7f
        let code: Int32 = r < 0 ? 255 : signal == 0 ? (status >> 8) & 0xff : 128 + signal
        let waiters = state.withLock { s -> [CheckedContinuation<Int32, Never>] in
            s.code = code
            defer { s.waiters = [] }
            return s.waiters
        }
        for w in waiters { w.resume(returning: code) }
        return true
    }

    /// Every process whose ancestry leads to `root` (from /proc).
    public static func descendants(of root: Int32) -> [Int32] {
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
