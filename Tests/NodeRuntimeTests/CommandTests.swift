// Command against real helper processes: a child that stops reading its input early, and one that
// fills both output pipes, both finish with their status and output (no crash, no wait forever).
import Foundation
import LinuxNet
import Testing

@Suite("Helper commands")
struct CommandTests {
    @Test func aChildThatExitsWithoutReadingItsInputIsAnExitStatus() throws {
        // 1 MiB is far more than a pipe holds, so writing it meets a closed pipe (EPIPE).
        let input = String(repeating: "*nat\n", count: 1 << 18)
        let r = try Command.run("/bin/sh", ["-c", "echo gone >&2; exit 4"], input: input)
        #expect(r.code == 4)
        #expect(r.stderr == "gone\n")
    }

    @Test func inputOutputAndErrorLargerThanAPipeAllArrive() throws {
        // The child echoes 1 MiB of input to stdout and writes 256 KiB to stderr meanwhile.
        let input = String(repeating: "0123456789abcdef", count: 1 << 16)
        let r = try Command.run("/bin/sh", ["-c", "head -c 262144 /dev/zero | tr '\\0' e >&2; cat"], input: input)
        #expect(r.code == 0)
        #expect(r.stdout == input)
        #expect(r.stderr.count == 262_144)
    }

    @Test func aSignalEndingTheChildIsReportedAs128PlusTheSignal() throws {
        // SIGKILL: a disposition this process ignores (inherited across exec) cannot hide it.
        #expect(try Command.run("/bin/sh", ["-c", "kill -KILL $$"]).code == 128 + SIGKILL)
    }

    @Test func aProgramPastItsTimeoutIsKilled() throws {
        let r = try Command.run("/bin/sleep", ["30"], timeoutSeconds: 0.5)
        #expect(r.code == 128 + SIGKILL)
        let quick = try Command.run("/bin/sh", ["-c", "echo quick"], timeoutSeconds: 30)
        #expect(quick.code == 0 && quick.stdout == "quick\n")
    }

    @Test func aMissingProgramIsAnErrorNamingIt() {
        #expect(throws: SpawnError.self) { try Command.run("/nonexistent/iptables-restore", []) }
    }
}
