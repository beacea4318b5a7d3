// Runs leader election for the controller replicas: one holds the Lease `osm-controller-leader` and does the
// mesh-wide chores (Events about ignored policies); every replica serves its own proxies regardless.
import Foundation
import KubeClient
import KubeModel
import Logging
import Synchronization

/// Campaigns for a Lease and reports leadership changes.
public final class LeaderElector: Sendable {
    /// The Lease's name.
    public static let leaseName = "osm-controller-leader"
    let client: KubeClient
    let namespace: String
    /// This replica's identity in the Lease.
    public let candidate: String
    let durationSeconds: Int64
    private let leading = Atomic<Bool>(false)
    let logger: Logger

    /// An elector for `candidate` in `namespace`; the lease lasts `durationSeconds` and is renewed every third of it.
    public init(client: KubeClient, namespace: String, candidate: String, durationSeconds: Int64 = 15, logger: Logger) {
        self.client = client
        self.namespace = namespace
        self.candidate = candidate
        self.durationSeconds = durationSeconds
        self.logger = logger
    }

    /// Whether this replica leads now.
    public var isLeader: Bool { leading.load(ordering: .relaxed) }

    private static let leases = ResourcePath(group: "coordination.k8s.io", version: "v1", resource: "leases")

    /// Campaigns until cancelled; `onChange` hears every change of leadership. On cancellation a leader releases
    /// the Lease (empty holder) so another replica takes over at once; leadership is also lost when renewals fail
    /// for the lease's whole duration.
    public func run(onChange: @escaping @Sendable (Bool) async -> Void) async {
        var lastRenewal = 0.0, acquired = 0.0
        while !Task.isCancelled {
            let now = Date().timeIntervalSince1970
            let won = await attempt(now: now, acquired: &acquired)
            if won { lastRenewal = now }
            // A leader that could not renew for a whole lease duration must assume someone else leads.
            let leadsNow = won || (isLeader && now - lastRenewal < Double(durationSeconds))
            if leadsNow != isLeader {
                leading.store(leadsNow, ordering: .relaxed)
                logger.info(leadsNow ? "leading the controller replicas" : "no longer leading", metadata: ["lease": "\(namespace)/\(Self.leaseName)"])
                await onChange(leadsNow)
            }
            try? await Task.sleep(for: .milliseconds(Int64(durationSeconds) * 1000 / 3))
        }
        if isLeader {
            leading.store(false, ordering: .relaxed)
            await onChange(false)
            await release()
        }
    }

    /// Gives the Lease up (empty holder), unless someone else holds it by now.
    func release() async {
        let path = Self.leases.object(Self.leaseName, namespace: namespace)
        guard var lease = try? await client.get(path), lease[["spec", "holderIdentity"]].stringValue == candidate else { return }
        lease[["spec", "holderIdentity"]] = ""
        do {
            _ = try await client.update(path, lease)
            logger.info("leader lease released", metadata: ["lease": "\(namespace)/\(Self.leaseName)"])
        } catch {
            logger.warning("cannot release the leader lease; it expires by itself", metadata: ["error": "\(error)"])
        }
    }

    /// One round: read the Lease and act on the decision; true when this candidate holds it afterwards.
    /// `acquired` is when this candidate's current leadership began.
    func attempt(now: Double, acquired: inout Double) async -> Bool {
        let path = Self.leases.object(Self.leaseName, namespace: namespace)
        var lease: JSON?
        do { lease = try await client.get(path) } catch let e as KubeClientError where e.isNotFound {
            lease = nil
        } catch {
            logger.warning("cannot read the leader lease", metadata: ["error": "\(error)"])
            return false
        }
        do {
            switch LeaseDecision.decide(lease: lease, candidate: candidate, now: now) {
            case .create:
                acquired = now
                let object: JSON = ["apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
                                    "metadata": ["name": .string(Self.leaseName), "namespace": .string(namespace)],
                                    "spec": LeaseDecision.spec(candidate: candidate, durationSeconds: durationSeconds, acquired: now, now: now, transitions: 0)]
                _ = try await client.create(Self.leases.collection(namespace: namespace), object)
                return true
            case .renew:
                var next = lease!
                let since = acquired == 0 ? now : acquired
                next["spec"] = LeaseDecision.spec(candidate: candidate, durationSeconds: durationSeconds, acquired: since, now: now,
                                                  transitions: next[["spec", "leaseTransitions"]].intValue ?? 0)
                _ = try await client.update(path, next)
                return true
            case .takeOver(let transitions):
                acquired = now
                var next = lease!
                next["spec"] = LeaseDecision.spec(candidate: candidate, durationSeconds: durationSeconds, acquired: now, now: now, transitions: transitions)
                _ = try await client.update(path, next)
                return true
            case .follow:
                return false
            }
        } catch let e as KubeClientError where e.isConflict {
            return false  // another candidate wrote first
        } catch {
            logger.warning("cannot write the leader lease", metadata: ["error": "\(error)"])
            return false
        }
    }
}
