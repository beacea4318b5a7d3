import KubeModel
import MeshController
import Testing

@Suite("Leader lease decisions")
struct LeaseDecisionTests {
    static func lease(holder: String, renewed: Double, duration: Int64 = 15, transitions: Int64 = 2) -> JSON {
        ["metadata": ["name": "osm-controller-leader", "resourceVersion": "7"],
         "spec": LeaseDecision.spec(candidate: holder, durationSeconds: duration, acquired: renewed - 100, now: renewed, transitions: transitions)]
    }

    @Test func decisions() {
        let now = 1_800_000_000.0
        #expect(LeaseDecision.decide(lease: nil, candidate: "a", now: now) == .create)
        #expect(LeaseDecision.decide(lease: Self.lease(holder: "a", renewed: now - 1), candidate: "a", now: now) == .renew)
        #expect(LeaseDecision.decide(lease: Self.lease(holder: "b", renewed: now - 5), candidate: "a", now: now) == .follow(holder: "b"))
        #expect(LeaseDecision.decide(lease: Self.lease(holder: "b", renewed: now - 16), candidate: "a", now: now)
                == .takeOver(transitions: 3), "expired: taken over, one more transition")
        #expect(LeaseDecision.decide(lease: Self.lease(holder: "", renewed: now), candidate: "a", now: now)
                == .takeOver(transitions: 3), "released")
    }

    @Test func microTimeHasMicroseconds() {
        #expect(LeaseDecision.microTime(1_800_000_000.25) == "2027-01-15T08:00:00.250000Z")
        #expect(LeaseDecision.microTime(0) == "1970-01-01T00:00:00.000000Z")
        #expect(Timestamp.parse(LeaseDecision.microTime(1_800_000_000.5)) == 1_800_000_000.5)
    }
}
