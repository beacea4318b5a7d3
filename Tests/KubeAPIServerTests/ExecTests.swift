import Foundation
import NodeAPI
import NodeRuntime
import Testing

/// A stand-in node: runs exec commands as local processes and serves a fixed log.
final class LocalCommandRunner: PodStreamProvider {
    static let log = "line one\nline two\n"

    func exec(_ request: ExecRequest, input: AsyncStream<ExecInput>,
              output: @escaping @Sendable (ExecStream, [UInt8]) async -> Void) async throws -> Int32 {
        try await ExecRelay.run(argv: ["/bin/sh", "-c", "exec \"$@\"", "sh"] + request.command,
                                environment: ProcessInfo.processInfo.environment, keepStdin: request.stdin,
                                input: input, output: output)
    }

    func logs(_ request: LogRequest) async throws -> AsyncThrowingStream<[UInt8], any Error> {
        AsyncThrowingStream { c in
            c.yield(Array(Self.log.utf8))
            c.finish()
        }
    }
}

@Suite("kubectl: exec and logs", .serialized)
struct ExecTests {
    static let pod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: curl
          namespace: x
        spec:
          nodeName: node-1
          containers:
          - name: curl
            image: curlimages/curl
          - name: sidecar
            image: example/sidecar
        """

    @Test func execRunsCommandsAndReportsExitCodes() async throws {
        let c = try await TestCluster.start(streams: LocalCommandRunner())
        defer { c.shutdown() }
        _ = try await c.kubectl("create", "ns", "x")
        var r = try await c.kubectl("apply", "-f", "-", stdin: Self.pod)
        #expect(r.code == 0, "\(r)")
        r = try await c.kubectl("exec", "-n", "x", "curl", "--", "sh", "-c", "echo hello; echo oops >&2; exit 3")
        #expect(r.code == 3, "\(r)")
        #expect(r.out == "hello\n")
        #expect(r.err.contains("oops") && r.err.contains("command terminated with exit code 3"), "\(r)")
        r = try await c.kubectl("exec", "-i", "-n", "x", "curl", "-c", "sidecar", "--", "sh", "-c", "read l; echo got:$l", stdin: "ping\n")
        #expect(r.code == 0 && r.out == "got:ping\n", "stdin reaches the command and EOF closes it: \(r)")
        // A command that reads its stdin only after a while: kubectl is held back meanwhile (at most
        // a few frames wait in the API server) and every byte arrives.
        let big = String(repeating: "0123456789abcdef", count: 1 << 18)
        r = try await c.kubectl("exec", "-i", "-n", "x", "curl", "--", "sh", "-c", "sleep 1; wc -c", stdin: big)
        #expect(r.code == 0 && r.out.trimmingCharacters(in: .whitespacesAndNewlines) == "\(big.utf8.count)", "\(r.code) \(r.out) \(r.err)")
        r = try await c.kubectl("exec", "-n", "x", "curl", "-c", "nope", "--", "true")
        #expect(r.code == 1 && r.err.contains("container nope is not valid for pod curl"), "\(r)")
        r = try await c.kubectl("logs", "-n", "x", "curl")
        #expect(r.code == 0 && r.out == LocalCommandRunner.log, "\(r)")
    }

    @Test func withoutANodeExecAnswersAClearStatus() async throws {
        let c = try await TestCluster.start()
        defer { c.shutdown() }
        _ = try await c.kubectl("create", "ns", "x")
        _ = try await c.kubectl("apply", "-f", "-", stdin: Self.pod)
        var r = try await c.kubectl("exec", "-n", "x", "curl", "--", "true")
        #expect(r.code == 1 && r.err.contains("not running on any node"), "\(r)")
        r = try await c.kubectl("logs", "-n", "x", "curl")
        #expect(r.code == 1 && r.err.contains("no node is running this pod"), "\(r)")
    }
}
