// ChildProcess against real processes: exits are seen even when a grandchild outlives its parent
// holding every inherited descriptor, signals reach the whole group, dispositions start at default.
import Foundation
import LinuxNet
import Testing

@Suite("Child processes")
struct ChildProcessTests {
    @Test func exitCodesAndSignals() async throws {
        #expect(try await ChildProcess(argv: ["/bin/sh", "-c", "exit 3"], environment: [:]).wait() == 3)
        let sleeper = try ChildProcess(argv: ["/bin/sleep", "30"], environment: [:])
        sleeper.signalTree(SIGKILL)
        #expect(await sleeper.wait() == 128 + SIGKILL)
        #expect(sleeper.exitCode == 128 + SIGKILL)
    }

    @Test func aGrandchildThatOutlivesItsParentDoesNotHideTheExitAndIsKilledWithIt() async throws {
        let out = Pipe()
        // The shell starts a long sleep in the background and exits at once.
        let child = try ChildProcess(argv: ["/bin/sh", "-c", "/bin/sleep 300 >/dev/null & echo $!"], environment: [:],
                                     stdout: out.fileHandleForWriting.fileDescriptor)
        try out.fileHandleForWriting.close()
        #expect(await child.wait() == 0)
        let line = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let grandchild = try #require(Int32(line.trimmingCharacters(in: .whitespacesAndNewlines)))
        var gone = false
        for _ in 0..<100 where !gone {
            gone = kill(grandchild, 0) != 0 || (try? String(contentsOfFile: "/proc/\(grandchild)/stat", encoding: .utf8))?.contains(") Z ") == true
            if !gone { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(gone, "the rest of the process group is killed when the child exits")
    }

    @Test func signalsReachTheWholeGroupAndStartAtTheirDefaults() async throws {
        // This process ignores SIGTERM (as the node does); the child must not inherit that.
        let previous = signal(SIGTERM, SIG_IGN)
        defer { signal(SIGTERM, previous) }
        let child = try ChildProcess(argv: ["/bin/sh", "-c", "/bin/sleep 300; /bin/sleep 300"], environment: [:])
        try await Task.sleep(for: .milliseconds(200))
        child.signalTree(SIGTERM)
        let code = await child.wait()
        #expect(code == 128 + SIGTERM, "the shell and its sleep end on SIGTERM: \(code)")
    }

    @Test func onlyTheStandardDescriptorsAreInherited() async throws {
        let out = Pipe()
        let stray = open("/dev/null", O_RDONLY)  // not close-on-exec
        defer { close(stray) }
        let child = try ChildProcess(argv: ["/bin/sh", "-c", "ls /proc/$$/fd"], environment: [:], directory: "/tmp",
                                     stdout: out.fileHandleForWriting.fileDescriptor)
        try out.fileHandleForWriting.close()
        #expect(await child.wait() == 0)
        let fds = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n")
        #expect(!fds.contains(Substring(String(stray))), "\(fds)")
    }

    @Test func aMissingProgramIsAClearError() {
        #expect(throws: SpawnError.self) { try ChildProcess(argv: ["/nonexistent/program"], environment: [:]) }
        #expect(throws: SpawnError.self) { try ChildProcess(argv: ["relative"], environment: [:]) }
    }
}
