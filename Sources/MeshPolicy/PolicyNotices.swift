// What the mesh tells users about their policy objects: every TrafficTarget or Egress (part) it ignores, and
// TrafficTargets naming TCPRoutes that do not exist, as Warning Events on the object (written by the leading
// controller replica).
import KubeModel

/// One warning about a policy object.
public struct PolicyNotice: Sendable, Hashable {
    /// The object's apiVersion.
    public var apiVersion: String
    /// The object's kind.
    public var kind: String
    /// The object's namespace.
    public var namespace: String
    /// The object's name.
    public var name: String
    /// The object's uid.
    public var uid: String
    /// The Event reason (`IgnoredPolicy`).
    public var reason: String
    /// One sentence.
    public var message: String

    /// The object reference an Event carries.
    public var involvedObject: JSON {
        ["apiVersion": .string(apiVersion), "kind": .string(kind), "metadata": ["namespace": .string(namespace), "name": .string(name), "uid": .string(uid)]]
    }
}

/// The notices of a snapshot.
public enum PolicyNotices {
    /// Every notice for the snapshot's TrafficTargets and Egress objects, in a stable order.
    public static func of(_ snapshot: MeshSnapshot, rules: [AccessRule], problems: [AccessRuleProblem], egress: EgressPolicies) -> [PolicyNotice] {
        func notice(_ objects: [JSON], _ ref: String, _ message: String) -> PolicyNotice? {
            guard let object = objects.first(where: { "\($0.namespace)/\($0.name)" == ref }) else { return nil }
            return PolicyNotice(apiVersion: object["apiVersion"].stringValue ?? "", kind: object["kind"].stringValue ?? "",
                                namespace: object.namespace, name: object.name, uid: object.uid, reason: "IgnoredPolicy", message: message)
        }
        var out: [PolicyNotice] = []
        for problem in problems {
            if let n = notice(snapshot.trafficTargets, problem.target, problem.description) { out.append(n) }
        }
        for rule in rules where !rule.authorizesInbound {
            let message = "TrafficTarget \(rule.name): a TCPRoute it names does not exist, so the destination admits nobody by it"
            if let n = notice(snapshot.trafficTargets, rule.name, message) { out.append(n) }
        }
        for problem in egress.problems {
            if let n = notice(snapshot.egresses, problem.object, problem.message) { out.append(n) }
        }
        return out
    }
}

extension AccessRuleProblem {
    /// The TrafficTarget concerned, `<namespace>/<name>`.
    public var target: String {
        switch self {
        case .namespaceMismatch(let t, _), .noRules(let t), .unsupportedRuleKind(let t, _), .destinationNotServiceAccount(let t, _),
             .notMonitored(let t):
            t
        }
    }
}
