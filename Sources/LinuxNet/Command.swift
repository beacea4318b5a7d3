// Runs a short helper program (ip, iptables) to its end: input written to its stdin while stdout
// and stderr are read (a child filling one pipe while another is served would wait forever), and
// a child that exits before reading all its input is an exit status, not a crash.
// Its stdin is one end of a socket pair written with MSG_NOSIGNAL, so a child that stopped reading
// gives EPIPE whether or not this process ignores SIGPIPE (no process-wide signal state changes).
import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// What a finished helper program left: its exit status and both outputs.
public struct CommandResult: Sendable, Equatable {
    /// The exit status (128 + signal when a signal ended it).
    public var code: Int32
    /// Everything it wrote to stdout.
    public var stdout: String
    /// Everything it wrote to stderr.
    public var stderr: String
}

/// Starts helper programs and waits for them.
public enum Command {
    /// Runs `program` with `args`, feeding `input` (if any) to its stdin; throws only when it cannot start.
    /// With `timeoutSeconds`, a program still running then is killed (SIGKILL; its status says so).
    public static func run(_ program: String, _ args: [String], input: String? = nil,
                           timeoutSeconds: Double? = nil) throws(SpawnError) -> CommandResult {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: program)
        p.arguments = args
        var ends: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0 else {
            throw SpawnError(description: "cannot run \(program): socketpair: \(String(cString: strerror(errno)))")
        }
        let feed = ends[0]
        defer { close(feed) }
        let childInput = FileHandle(fileDescriptor: ends[1], closeOnDealloc: true)
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = childInput
        do { try p.run() } catch { throw SpawnError(description: "cannot run \(program): \(error.localizedDescription)") }
        // The child has its copy; with ours closed, a child that exits makes the feed fail instead of block.
        try? childInput.close()
        let pid = p.processIdentifier
        let watchdog = DispatchWorkItem { kill(pid, SIGKILL) }
        if let timeoutSeconds { DispatchQueue.global().asyncAfter(deadline: .now() + timeoutSeconds, execute: watchdog) }
        defer { watchdog.cancel() }
        let outputs = Outputs()
        let readers = DispatchGroup()
        DispatchQueue.global().async(group: readers) {
            let data = (try? out.fileHandleForReading.readToEnd()) ?? Data()
            outputs.bytes.withLock { $0.stdout = data }
        }
        DispatchQueue.global().async(group: readers) {
            let data = (try? err.fileHandleForReading.readToEnd()) ?? Data()
            outputs.bytes.withLock { $0.stderr = data }
        }
        // A child that stops reading (it failed, or never reads stdin) ends the feed with EPIPE; its
        // exit status and stderr say why, so the send's error adds nothing.
        if let input { sendAll(Array(input.utf8), to: feed) }
        shutdown(feed, Int32(SHUT_WR))
        readers.wait()
        p.waitUntilExit()
        let code = p.terminationReason == .uncaughtSignal ? 128 + p.terminationStatus : p.terminationStatus
        let (o, e) = outputs.bytes.withLock { ($0.stdout, $0.stderr) }
        return CommandResult(code: code, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// Writes `bytes` to the socket `fd` until all are sent or the peer is gone.
    private static func sendAll(_ bytes: [UInt8], to fd: Int32) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if n > 0 { offset += n } else if n < 0 && errno == EINTR { continue } else { return }
            }
        }
    }
}

/// stdout's and stderr's bytes, handed from the threads that read them to the caller.
private final class Outputs: Sendable {
    let bytes = Mutex((stdout: Data(), stderr: Data()))
}
