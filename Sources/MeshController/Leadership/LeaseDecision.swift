// Leader election over a coordination.k8s.io/v1 Lease, as client-go's leaderelection does it: the holder renews
// the lease well within its duration; another candidate takes it over only once it has expired. The decision is a
// pure function of the Lease as last read, the candidate and the time.
import KubeModel

/// What a candidate does next with the Lease it read.
public enum LeaseDecision: Sendable, Equatable {
    /// No Lease exists: create it, holding it.
    case create
    /// This candidate holds it: renew it (a PUT of the Lease as read, so a concurrent write conflicts).
    case renew
    /// The holder let it expire (or released it): take it over, counting one more transition.
    case takeOver(transitions: Int64)
    /// Another candidate holds a live lease.
    case follow(holder: String)

    /// The decision for `candidate` at `now` (seconds since the epoch) given the Lease (nil: none exists).
    public static func decide(lease: JSON?, candidate: String, now: Double) -> LeaseDecision {
        guard let lease else { return .create }
        let spec = lease["spec"]
        let holder = spec["holderIdentity"].stringValue ?? ""
        if holder == candidate { return .renew }
        let duration = Double(spec["leaseDurationSeconds"].intValue ?? 15)
        let renewed = spec["renewTime"].stringValue.flatMap(Timestamp.parse) ?? spec["acquireTime"].stringValue.flatMap(Timestamp.parse) ?? 0
        if holder.isEmpty || renewed + duration < now {
            return .takeOver(transitions: (spec["leaseTransitions"].intValue ?? 0) &+ 1)
        }
        return .follow(holder: holder)
    }

    /// The Lease spec for `candidate` holding it from `acquired` with the latest renewal at `now`.
    public static func spec(candidate: String, durationSeconds: Int64, acquired: Double, now: Double, transitions: Int64) -> JSON {
        ["holderIdentity": .string(candidate), "leaseDurationSeconds": .int(durationSeconds),
         "acquireTime": .string(microTime(acquired)), "renewTime": .string(microTime(now)), "leaseTransitions": .int(transitions)]
    }

    /// A Kubernetes MicroTime: RFC 3339 with microseconds, UTC.
    public static func microTime(_ seconds: Double) -> String {
        let whole = seconds.rounded(.down)
        let micros = Int((seconds - whole) * 1_000_000)
        let digits = String(micros)
        return String(Timestamp.format(whole).dropLast()) + "." + String(repeating: "0", count: 6 - digits.count) + digits + "Z"
    }
}
