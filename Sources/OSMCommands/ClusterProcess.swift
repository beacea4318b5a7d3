import Foundation

/// Starting, finding and stopping the detached API server process.
enum ClusterProcess {
    /// The pid in the pid file, if that process is alive and is an `osm` process.
    static func runningPID(_ files: ClusterFiles) -> pid_t? {
        guard let text = try? String(contentsOfFile: files.pidFile, encoding: .utf8),
            let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 0, kill(pid, 0) == 0
        else { return nil }
        let cmdline = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))) ?? Data()
        let args = String(decoding: cmdline, as: UTF8.self)
        return args.contains("cluster") ? pid : nil
    }

    /// Starts this executable with `args` in the background, output appended to `log`.
    static func spawnDetached(args: [String], log: String) throws -> pid_t {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        p.arguments = args
        if !FileManager.default.fileExists(atPath: log) { _ = FileManager.default.createFile(atPath: log, contents: nil) }
        guard let out = FileHandle(forWritingAtPath: log) else { throw CLIError("cannot open log \(log)") }
        out.seekToEndOfFile()
        p.standardOutput = out
        p.standardError = out
        p.standardInput = FileHandle.nullDevice
        try p.run()
        return p.processIdentifier
    }

    /// Sends SIGTERM, waits up to `grace` seconds, then SIGKILL.
    @discardableResult
    static func stop(pid: pid_t, grace: Int) throws -> Bool {
        guard kill(pid, SIGTERM) == 0 else { throw CLIError("cannot signal pid \(pid): \(String(cString: strerror(errno)))") }
        for _ in 0..<(grace * 10) {
            if kill(pid, 0) != 0 { return true }
            var status: Int32 = 0
            _ = waitpid(pid, &status, WNOHANG)
            usleep(100_000)
        }
        kill(pid, SIGKILL)
        return false
    }
}
