import Foundation
import KubeTestSupport
import Synchronization

/// Runs the real kubectl.
enum Kubectl {
    /// Output and exit status of one kubectl run.
    struct Result: CustomStringConvertible {
        var out: String
        var err: String
        var code: Int32
        var description: String { "rc=\(code)\nstdout:\n\(out)\nstderr:\n\(err)" }
    }

    static let path = KubectlBinary.path

    static func run(_ args: [String], stdin: String?, env: [String: String]) async throws -> Result {
        try await runProgram(path, args, stdin: stdin, env: env)
    }

    /// Runs any program with the same I/O handling.
    static func runProgram(_ program: String, _ args: [String], stdin: String?, env: [String: String]) async throws -> Result {
        // Blocking process I/O runs on a Dispatch thread, never on the (small) cooperative pool the server needs.
        try await withCheckedThrowingContinuation { (cont: CheckedContinuation<Result, any Error>) in
            DispatchQueue.global().async {
                do { cont.resume(returning: try runBlocking(program, args, stdin: stdin, env: env)) } catch { cont.resume(throwing: error) }
            }
        }
    }

    private static func runBlocking(_ program: String, _ args: [String], stdin: String?, env: [String: String]) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: program)
        p.arguments = args
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "KUBECONFIG")
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        let out = Pipe(), err = Pipe(), inp = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = inp
        try p.run()
        // A watchdog: a command that hangs fails its test instead of stalling the whole run.
        let watchdog = DispatchWorkItem { if p.isRunning { p.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 120, execute: watchdog)
        defer { watchdog.cancel() }
        if let stdin { inp.fileHandleForWriting.write(Data(stdin.utf8)) }
        try? inp.fileHandleForWriting.close()
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        return Result(out: String(decoding: outData, as: UTF8.self), err: String(decoding: errData, as: UTF8.self),
                      code: p.terminationStatus)
    }

    /// A kubectl (or other) process whose output is collected while it runs.
    final class Background: Sendable {
        private let process: Process
        private final class Buffer: Sendable {
            let text = Mutex("")
        }
        private let output = Buffer()

        init(program: String = Kubectl.path, _ args: [String]) throws {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: program)
            p.arguments = args
            let out = Pipe()
            p.standardOutput = out
            p.standardError = out
            process = p
            let handle = out.fileHandleForReading
            handle.readabilityHandler = { [output] h in
                let d = h.availableData
                output.text.withLock { $0 += String(decoding: d, as: UTF8.self) }
            }
            try p.run()
        }

        /// Everything printed so far.
        var text: String { output.text.withLock { $0 } }

        /// Waits until the output contains `needle` (up to `seconds`).
        func waitFor(_ needle: String, seconds: Double = 10) async -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if text.contains(needle) { return true }
                try? await Task.sleep(nanoseconds: 50_000_000)
            }
            return text.contains(needle)
        }

        /// Stops kubectl.
        func stop() {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
    }
}
