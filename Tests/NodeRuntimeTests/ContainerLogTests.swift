// Container logs: the record format (split, partial lines, rendering for kubectl logs) and the
// writer against real pipes (records, rotation).
import Foundation
@testable import NodeRuntime
import Testing

@Suite("Container logs")
struct ContainerLogTests {
    let t1 = "2026-11-29T10:00:00.000000001Z", t2 = "2026-11-29T10:00:05.000000000Z"

    @Test func linesBecomeRecordsAndUnfinishedOnesWait() {
        var pending: [UInt8] = []
        var out = ContainerLogFormat.encode(Array("one\ntw".utf8), pending: &pending, stream: "stdout", time: t1)
        #expect(String(decoding: out, as: UTF8.self) == "\(t1) stdout F one\n")
        #expect(pending == Array("tw".utf8))
        out = ContainerLogFormat.encode(Array("o\n".utf8), pending: &pending, stream: "stdout", time: t2)
        #expect(String(decoding: out, as: UTF8.self) == "\(t2) stdout F two\n")
        out = ContainerLogFormat.encode(Array("tail".utf8), pending: &pending, stream: "stderr", time: t2, flush: true)
        #expect(String(decoding: out, as: UTF8.self) == "\(t2) stderr P tail\n" && pending.isEmpty)
    }

    @Test func longLinesAreSplitAndJoinedAgain() {
        var pending: [UInt8] = []
        let long = [UInt8](repeating: UInt8(ascii: "x"), count: ContainerLogFormat.maxLine * 2 + 10) + [0x0A]
        let encoded = ContainerLogFormat.encode(long, pending: &pending, stream: "stdout", time: t1)
        #expect(encoded.split(separator: 0x0A).count == 3)
        #expect(ContainerLogFormat.render(encoded, timestamps: false) == long)
    }

    @Test func renderingHonoursTimestampsTailAndSince() {
        let file = Array("\(t1) stdout F a\n\(t1) stderr F b\nnot a record\n\(t2) stdout P c\n\(t2) stdout F d\n".utf8)
        #expect(String(decoding: ContainerLogFormat.render(file, timestamps: false), as: UTF8.self) == "a\nb\ncd\n")
        #expect(String(decoding: ContainerLogFormat.render(file, timestamps: false, tail: 1), as: UTF8.self) == "cd\n")
        #expect(String(decoding: ContainerLogFormat.render(file, timestamps: true, tail: 2), as: UTF8.self) == "\(t1) b\n\(t2) cd\n")
        #expect(String(decoding: ContainerLogFormat.render(file, timestamps: false, since: "2026-11-29T10:00:01"), as: UTF8.self) == "cd\n")
        #expect(ContainerLogFormat.timestamp(0) == "1970-01-01T00:00:00.000000000Z")
        #expect(ContainerLogFormat.previousPath("/p/logs/main.log") == "/p/logs/main.previous.log")
    }

    @Test func theWriterRecordsBothStreamsAndRotates() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("osm-log-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/main.log"
        func text(_ file: String) -> String { String(decoding: FileManager.default.contents(atPath: file) ?? Data(), as: UTF8.self) }
        /// Waits until `done` holds; usually a few ms, but the unit-test process's other suites can
        /// keep the machine busy for many seconds on 2 cores.
        func waitFor(_ done: () -> Bool) async throws {
            let deadline = ContinuousClock.now + .seconds(60)
            while !done(), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        }
        let (out, err) = try ContainerLog.start(path: path, maxBytes: 4096)
        // 30 records of 140 bytes: a little more than the limit, so at most one rotation happens
        // while they arrive, however the reads cut them, and none is lost.
        let line = Array((String(repeating: "y", count: 99) + "\n").utf8)
        for _ in 0..<30 { _ = line.withUnsafeBytes { write(out, $0.baseAddress, $0.count) } }
        try await waitFor { (text(path) + text(path + ".1")).components(separatedBy: " stdout F y").count - 1 == 30 }
        // Only then stderr: the two pipes are read on their own threads, so a line written to one
        // stream is not ordered with a line written to the other.
        _ = "oops\n".withCString { write(err, $0, 5) }
        close(out)
        close(err)
        try await waitFor { text(path).contains("stderr F oops") }
        let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        #expect(size <= 4096, "the current file stays under the limit: \(size)")
        #expect(FileManager.default.fileExists(atPath: path + ".1"), "a full file is rotated")
        #expect(text(path).contains("stderr F oops"))
    }
}
