// When a trim is worth it: more than the threshold free, and (after a trim) more than the
// threshold resident again beyond the blocks in use.
import MeshProxy
import Testing

@Suite("Heap trim policy")
struct HeapTrimPolicyTests {
    let mb = 1 << 20

    /// The policy's answers to a sequence of (free, unaccounted) readings, after `trimmedAt`.
    func answers(_ readings: [(free: Int, unaccounted: Int)], trimmedAt: Int? = nil) -> [Bool] {
        var policy = HeapTrimPolicy(threshold: 4 * mb)
        if let trimmedAt { policy.trimmed(unaccounted: trimmedAt) }
        return readings.map { policy.shouldTrim(free: $0.free, unaccounted: $0.unaccounted) }
    }

    @Test func theFirstTrimNeedsOnlyMoreThanTheThresholdFree() {
        #expect(answers([(4 * mb, 50 * mb)]) == [false])
        #expect(answers([(4 * mb + 1, 0)]) == [true])
    }

    @Test func afterATrimOnlyMemoryResidentAgainCounts() {
        // Handed back but still free: nothing to do. 4 MiB resident again is not more than the
        // threshold; a byte more is. Resident but not free is memory in use elsewhere.
        #expect(answers([(20 * mb, 3 * mb)], trimmedAt: 3 * mb) == [false])
        #expect(answers([(20 * mb, 7 * mb)], trimmedAt: 3 * mb) == [false])
        #expect(answers([(20 * mb, 7 * mb + 1)], trimmedAt: 3 * mb) == [true])
        #expect(answers([(4 * mb, 30 * mb)], trimmedAt: 3 * mb) == [false])
    }

    @Test func theBaselineFollowsTheLowestSeen() {
        // Down to 2 MiB after a trim at 10 MiB: 7 MiB is then 5 MiB above the low.
        #expect(answers([(20 * mb, 2 * mb), (20 * mb, 7 * mb)], trimmedAt: 10 * mb) == [false, true])
        var policy = HeapTrimPolicy(threshold: 4 * mb)
        policy.trimmed(unaccounted: 10 * mb)
        _ = policy.shouldTrim(free: 20 * mb, unaccounted: 2 * mb)
        #expect(policy.baseline == 2 * mb)
    }
}
