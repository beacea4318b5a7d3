// posix_spawn as the node uses it: a new session, default signal dispositions and an empty signal
// mask (the node itself ignores or handles some), the three standard descriptors and no others,
// and a working directory. The GNU extensions it needs are looked up in libc at run time (the
// Glibc module does not export them).
import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Process-starting primitives for ChildProcess.
enum Spawn {
    /// `POSIX_SPAWN_SETSID` from <spawn.h> (a GNU extension).
    static let setSession: Int32 = 0x80

    /// The queue on which exits are observed.
    static let reaperQueue = DispatchQueue(label: "osm.child-reaper")

    /// A GNU libc function by name (the process's own symbols), if libc has it.
    private static func symbol<F>(_ name: String, as type: F.Type) -> F? {
        dlsym(dlopen(nil, RTLD_NOW), name).map { unsafeBitCast($0, to: type) }
    }

    /// glibc's `pidfd_open(2)` wrapper, where libc has one.
    static let pidfdOpen = symbol("pidfd_open", as: (@convention(c) (pid_t, UInt32) -> Int32).self)

    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private typealias ChangeDirectory = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    private static let closeFrom = symbol("posix_spawn_file_actions_addclosefrom_np", as: CloseFrom.self)
    private static let changeDirectory = symbol("posix_spawn_file_actions_addchdir_np", as: ChangeDirectory.self)

    /// Starts the process; returns its pid.
    static func start(argv: [String], environment: [String: String], directory: String, stdio: [Int32]) throws(SpawnError) -> pid_t {
        guard let program = argv.first, program.hasPrefix("/") else { throw SpawnError(description: "not an absolute program path: \(argv.first ?? "")") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }

        for (target, fd) in stdio.enumerated() {
            if fd >= 0 {
                posix_spawn_file_actions_adddup2(&actions, fd, Int32(target))
            } else {
                posix_spawn_file_actions_addopen(&actions, Int32(target), "/dev/null", target == 0 ? O_RDONLY : O_WRONLY, 0)
            }
        }
        _ = closeFrom?(&actions, 3)
        _ = changeDirectory?(&actions, directory)

        var defaults = sigset_t(), empty = sigset_t()
        sigfillset(&defaults)
        sigdelset(&defaults, SIGKILL)
        sigdelset(&defaults, SIGSTOP)
        sigemptyset(&empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | setSession))

        let args = argv.map { strdup($0) } + [nil]
        let env = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            args.forEach { free($0) }
            env.forEach { free($0) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, program, &actions, &attributes, args, env)
        guard rc == 0 else { throw SpawnError(description: "cannot start \(program): \(String(cString: strerror(rc)))") }
        return pid
    }
}
