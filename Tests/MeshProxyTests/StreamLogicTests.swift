// The pure stream logic: flow-control accounting and the closing rules.
import MeshProxy
import Testing

@Suite("Stream window and lifecycle")
struct StreamLogicTests {
    @Test func creditBlocksAndGrantsResume() {
        var w = StreamWindow(window: 1000, slack: 500)
        #expect(w.maySend)
        w.sent(600)
        w.sent(600)  // one read overshoots
        #expect(!w.maySend && w.sendCredit == -200)
        #expect(w.granted(100) == false)
        #expect(w.granted(300) == true)
    }

    @Test func receiverGrantsInQuarterWindowBatchesAndCatchesViolations() {
        var w = StreamWindow(window: 1000, slack: 500)
        let first = w.received(900)
        #expect(first)
        #expect(w.written(100) == nil)
        #expect(w.written(200) == 300)
        let atLimit = w.received(900)  // 600 + 900 = 1500: at the limit
        let over = w.received(1)
        #expect(atLimit && !over)
    }

    @Test func finsTravelOnTheirOwnAndTheStreamEndsWhenBothAreDone() {
        var s = StreamLifecycle()
        #expect(s.localFin() == [.sendFin])
        #expect(s.remoteFin() == [.closeLocalOutput])
        #expect(s.localOutputShut() == [.closeLocal, .finish(clean: true, reason: nil)])
        #expect(s.finished)
        #expect(s.localFailed("late") == [])
    }

    @Test func remoteFinFirstThenLocal() {
        var s = StreamLifecycle()
        #expect(s.remoteFin() == [.closeLocalOutput])
        #expect(s.localOutputShut() == [])
        #expect(s.localFin() == [.sendFin, .closeLocal, .finish(clean: true, reason: nil)])
    }

    @Test func failuresResetTheOtherSideOnce() {
        var a = StreamLifecycle()
        #expect(a.localFailed("rst") == [.sendReset("rst"), .finish(clean: false, reason: "rst")])
        #expect(a.remoteReset("x") == [])
        var b = StreamLifecycle()
        #expect(b.remoteReset("denied") == [.resetLocal, .finish(clean: false, reason: "denied")])
        var c = StreamLifecycle()
        _ = c.localFin()
        #expect(c.abort("revoked") == [.sendReset("revoked"), .resetLocal, .finish(clean: false, reason: "revoked")])
    }
}
