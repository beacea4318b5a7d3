// ResidentPages: which smaps mappings may be dropped, and a release on this very process, which
// must unmap resident file pages and keep everything working.
import Foundation
import LinuxNet
import Testing

@Suite struct ResidentPagesTests {
    static let sample = """
        55d0c0a00000-55d0c0a21000 r--p 00000000 fd:01 1234                       /usr/bin/osm proxy
        Size:                132 kB
        Rss:                 120 kB
        Anonymous:             0 kB
        VmFlags: rd mr mw me dw
        55d0c0a21000-55d0c1000000 r-xp 00021000 fd:01 1234                       /usr/bin/osm proxy
        Rss:                4000 kB
        Anonymous:             0 kB
        VmFlags: rd ex mr mw me dw
        55d0c1000000-55d0c1100000 r--p 00600000 fd:01 1234                       /usr/bin/osm proxy
        Rss:                1024 kB
        Anonymous:           800 kB
        VmFlags: rd mr mw me dw ac
        55d0c1100000-55d0c1200000 rw-p 00700000 fd:01 1234                       /usr/bin/osm proxy
        Rss:                 512 kB
        Anonymous:           100 kB
        7f0000000000-7f0000100000 rw-p 00000000 00:00 0
        Rss:                 300 kB
        Anonymous:           300 kB
        7f0000200000-7f0000300000 r-xp 00000000 fd:01 99                         /usr/lib/libssl.so
        Rss:                 200 kB
        Anonymous:             0 kB
        VmFlags: rd ex mr mw me lo
        7f0000300000-7f0000301000 r--s 00000000 fd:01 98                         /etc/shared
        Rss:                   4 kB
        Anonymous:             0 kB
        7f0000400000-7f0000401000 r-xp 00000000 00:00 0                          [vdso]
        Rss:                   4 kB
        Anonymous:             0 kB
        7f0000500000-7f0000600000 r-xp 00000000 fd:01 97                         /usr/lib/cold.so
        Rss:                   0 kB
        Anonymous:             0 kB
        7f0000600000-7f0000700000 r--p 00000000 fd:01 96                         /usr/share/data.bin
        Rss:                  64 kB
        Anonymous:             0 kB
        7f0000700000-7f0000800000 r-xp 00000000 fd:01 95                         /usr/lib/libz.so.1.2
        Rss:                  32 kB
        Anonymous:             0 kB
        not a mapping line
        """

    @Test func parsesMappingsAndTheirCounters() {
        let maps = ResidentPages.mappings(smaps: Self.sample)
        #expect(maps.count == 11)
        #expect(maps[0] == ResidentPages.Mapping(
            start: 0x55d0_c0a0_0000, end: 0x55d0_c0a2_1000, permissions: "r--p", path: "/usr/bin/osm proxy",
            residentKB: 120, anonymousKB: 0, locked: false))
        #expect(maps[2].anonymousKB == 800)
        #expect(maps[4].path == "")
        #expect(maps[5].locked)
        #expect(maps[7].path == "[vdso]")
    }

    @Test func onlyCleanPrivateReadOnlyFileMappingsAreReleasable() {
        let releasable = ResidentPages.mappings(smaps: Self.sample).filter(\.isReleasable).map(\.start)
        // Code and constants of the executable; not relocated data (copied pages), not writable
        // data, not anonymous memory, not locked, not shared, not the vDSO, not what is not resident.
        #expect(releasable == [0x55d0_c0a0_0000, 0x55d0_c0a2_1000, 0x7f00_0060_0000, 0x7f00_0070_0000])
    }

    @Test func onlyTheExecutableAndSharedObjectsAreReleased() {
        let all = ResidentPages.mappings(smaps: Self.sample)
        let code = ResidentPages.releasable(all, executable: "/usr/bin/osm proxy").map(\.start)
        // A data file mapped at run time may be unmapped, and its addresses reused, at any time.
        #expect(code == [0x55d0_c0a0_0000, 0x55d0_c0a2_1000, 0x7f00_0070_0000])
        #expect(ResidentPages.releasable(all, executable: nil).map(\.start) == [0x7f00_0070_0000])
    }

    @Test func garbageParsesToNothingWithoutCrashing() {
        for text in ["", "\n\n", "zz-yy r-xp 0 0 0 /x", "Rss: 12 kB", "1-0 r-xp 0 0 0 /x", String(repeating: "-", count: 500)] {
            #expect(ResidentPages.mappings(smaps: text).filter(\.isReleasable).isEmpty)
        }
    }

    @Test func releasingThisProcessUnmapsFilePagesAndKeepsItWorking() throws {
        let smaps = { try String(contentsOfFile: "/proc/self/smaps", encoding: .utf8) }
        let before = ResidentPages.mappings(smaps: try smaps()).filter(\.isReleasable)
        let residentBefore = before.reduce(0) { $0 + $1.residentKB }
        #expect(residentBefore > 1024, "a test process has more than 1 MB of code resident")
        let released = try #require(ResidentPages.release())
        #expect(released.mappings > 0)
        #expect(released.fileKB >= residentBefore / 2)
        // The code runs again (faulted back from the page cache) and relocated data is intact.
        let after = ResidentPages.mappings(smaps: try smaps())
        let residentAfter = after.filter { $0.path.hasPrefix("/") && $0.permissions.hasPrefix("r-x") }
            .reduce(0) { $0 + $1.residentKB }
        #expect(residentAfter < residentBefore)
        #expect(JSONSerialization.isValidJSONObject(["still": ["working", 1]]))
        #expect("\(Double.pi)".hasPrefix("3.14"))
    }
}
