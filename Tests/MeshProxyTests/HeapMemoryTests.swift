// Free heap memory goes back to the kernel: `HeapMemory.trim` on this process, and the runtime
// doing it on its own once what malloc holds free passes the threshold.
import Foundation
import LinuxNet
import Logging
import MeshProtocol
import MeshProxy
import NIOPosix
import Testing

@Suite("Heap memory", .serialized)
struct HeapMemoryTests {
    /// Allocates twice `megabytes` in 64 KiB blocks (below malloc's mmap threshold, so they come
    /// from an arena), touches them, then frees every other one: the kept blocks sit between the
    /// freed ones, so those neither merge nor reach the top of the arena, where malloc would give
    /// them back by itself (what long-lived objects between buffers do in a proxy). Pins of the
    /// same size as the freed blocks land where those do even in a fragmented heap; smaller pins
    /// went into old holes there, left the freed blocks contiguous at the top, and malloc handed
    /// them back on free. Answers the kept blocks, to free afterwards.
    static func leaveFreeHeap(megabytes: Int) -> [UnsafeMutableRawPointer] {
        var kept: [UnsafeMutableRawPointer] = [], freed: [UnsafeMutableRawPointer] = []
        for index in 0..<(megabytes * 32) {
            let block = UnsafeMutableRawPointer.allocate(byteCount: 64 << 10, alignment: 16)
            block.initializeMemory(as: UInt8.self, repeating: 0xA5, count: 64 << 10)
            if index.isMultiple(of: 2) { freed.append(block) } else { kept.append(block) }
        }
        for block in freed { block.deallocate() }
        return kept
    }

    /// Leaves 400 free 8 KiB holes, each held apart by a small block, as a process that has run
    /// for a while has; answers the small blocks, to free afterwards.
    static func fragmentHeap() -> [UnsafeMutableRawPointer] {
        var holes: [UnsafeMutableRawPointer] = [], pins: [UnsafeMutableRawPointer] = []
        for _ in 0..<400 {
            holes.append(UnsafeMutableRawPointer.allocate(byteCount: 8 << 10, alignment: 16))
            pins.append(UnsafeMutableRawPointer.allocate(byteCount: 100, alignment: 16))
        }
        for hole in holes { hole.deallocate() }
        return pins
    }

    /// This process's private anonymous resident memory, in kB.
    static func anonymousKB() throws -> Int {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("RssAnon:") })
        return try #require(Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]))
    }

    @Test func freedBlocksStayResidentUntilTrimmed() throws {
        let pins = Self.fragmentHeap() + Self.leaveFreeHeap(megabytes: 16)
        defer { for pin in pins { pin.deallocate() } }
        #expect(HeapMemory.freeBytes >= 12 << 20, "malloc holds the freed blocks: \(HeapMemory.freeBytes)")
        let before = try Self.anonymousKB()
        #expect(HeapMemory.trim())
        let after = try Self.anonymousKB()
        #expect(before - after >= 8 << 10, "at least 8 MB went back: \(before) kB -> \(after) kB")
        #expect(HeapMemory.freeBytes >= 12 << 20, "still free for malloc to reuse, only no longer resident")
    }

    @Test func theRuntimeTrimsOnceMoreThanTheThresholdIsFreeAndResident() async throws {
        var logger = Logger(label: "test.heap")
        logger.logLevel = .warning
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var options = ProxyOptions(outbound: ("127.0.0.1", 0), inbound: ("127.0.0.1", 0), admin: nil)
        options.trimHeapEvery = .milliseconds(50)
        let config = ProxyConfig(
            version: 1, meshName: "osm", identity: ServiceIdentity(serviceAccount: "a", namespace: "b"), trustDomain: "cluster.local",
            permissive: false, egressPassthrough: false, tls: TLSSettings(), certificates: nil,
            timeouts: Timeouts(connectTimeoutMillis: 1000, idleTimeoutMillis: 0))
        let runtime = ProxyRuntime(
            state: ProxyState(config: config), telemetry: ProxyTelemetry(accessLog: false, logger: logger),
            options: options, group: group, logger: logger)
        try await runtime.start()
        func trimsAfterWaiting(atMost periods: Int, for wanted: Int) async throws -> Int {
            var trims = await runtime.heapTrims
            for _ in 0..<periods where trims < wanted {
                try await Task.sleep(for: .milliseconds(50))
                trims = await runtime.heapTrims
            }
            return trims
        }
        var pins = Self.leaveFreeHeap(megabytes: 3 * ProxyRuntime.heapTrimThreshold >> 20)
        defer { for pin in pins { pin.deallocate() } }
        let first = try await trimsAfterWaiting(atMost: 100, for: 1)
        #expect(first >= 1, "the runtime handed the free heap back")
        // What was handed back is still free in malloc's books, but no longer resident: ten more
        // checks find nothing worth a trim.
        #expect(HeapMemory.freeBytes > ProxyRuntime.heapTrimThreshold)
        let checks = await runtime.heapChecks
        var later = checks
        for _ in 0..<600 where later < checks + 10 {
            try await Task.sleep(for: .milliseconds(50))
            later = await runtime.heapChecks
        }
        #expect(later >= checks + 10, "ten more checks ran")
        #expect(await runtime.heapTrims == first, "no trim while nothing more is resident")
        // A new burst leaves resident free memory again: trimmed again.
        pins += Self.leaveFreeHeap(megabytes: 3 * ProxyRuntime.heapTrimThreshold >> 20)
        #expect(try await trimsAfterWaiting(atMost: 100, for: first + 1) > first, "the next burst is handed back too")
        await runtime.drain(grace: .milliseconds(10))
        try await group.shutdownGracefully()
    }
}
