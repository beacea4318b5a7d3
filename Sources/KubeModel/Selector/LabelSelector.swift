// Label selectors: requirements over an object's labels, matched as kube-apiserver matches them.

/// A set of requirements on labels (`app=web,tier in (a,b),!canary`); all must hold for a match.
public struct LabelSelector: Sendable, Equatable, CustomStringConvertible {
    /// How a requirement relates a label to its values.
    public enum Operator: String, Sendable, Equatable {
        /// `key=value`
        case equals = "="
        /// `key==value`
        case doubleEquals = "=="
        /// `key!=value` (also true when the label is absent)
        case notEquals = "!="
        /// `key in (a,b)`
        case `in` = "in"
        /// `key notin (a,b)` (also true when the label is absent)
        case notIn = "notin"
        /// `key`
        case exists = "exists"
        /// `!key`
        case doesNotExist = "!"
        /// `key>n` (integers)
        case greaterThan = "gt"
        /// `key<n` (integers)
        case lessThan = "lt"
    }

    /// One condition on one label key.
    public struct Requirement: Sendable, Equatable, CustomStringConvertible {
        /// The label key.
        public var key: String
        /// The relation.
        public var op: Operator
        /// The values (sorted; empty for exists and doesNotExist).
        public var values: [String]

        /// Whether a label set satisfies this requirement.
        public func matches(_ labels: [String: String]) -> Bool {
            let value = labels[key]
            switch op {
            case .equals, .doubleEquals, .in:
                guard let value else { return false }
                return values.contains(value)
            case .notEquals, .notIn:
                guard let value else { return true }
                return !values.contains(value)
            case .exists:
                return value != nil
            case .doesNotExist:
                return value == nil
            case .greaterThan, .lessThan:
                guard let value, let have = Int64(value), values.count == 1, let want = Int64(values[0]) else { return false }
                return op == .greaterThan ? have > want : have < want
            }
        }

        /// The requirement in selector syntax, e.g. `tier in (a,b)`.
        public var description: String {
            let list = values.sorted().joined(separator: ",")
            switch op {
            case .equals: return "\(key)=\(list)"
            case .doubleEquals: return "\(key)==\(list)"
            case .notEquals: return "\(key)!=\(list)"
            case .in: return "\(key) in (\(list))"
            case .notIn: return "\(key) notin (\(list))"
            case .exists: return key
            case .doesNotExist: return "!\(key)"
            case .greaterThan: return "\(key)>\(list)"
            case .lessThan: return "\(key)<\(list)"
            }
        }
    }

    /// The requirements, sorted by key.
    public private(set) var requirements: [Requirement]
    /// True for the selector of an absent (null) LabelSelector, which matches nothing.
    private var selectsNothing: Bool

    /// The selector that matches everything.
    public init() {
        requirements = []
        selectsNothing = false
    }

    /// A selector requiring exactly these labels (`labels.SelectorFromSet`; no validation).
    public init(matchLabels: [String: String]) {
        self.init(requirements: matchLabels.map { Requirement(key: $0.key, op: .equals, values: [$0.value]) })
    }

    init(requirements: [Requirement], selectsNothing: Bool = false) {
        self.requirements = requirements.enumerated()
            .sorted { $0.element.key != $1.element.key ? $0.element.key < $1.element.key : $0.offset < $1.offset }
            .map(\.element)
        self.selectsNothing = selectsNothing
    }

    /// The selector for a null LabelSelector: it matches no objects at all.
    static let nothing = LabelSelector(requirements: [], selectsNothing: true)

    /// Whether every requirement holds for a label set.
    public func matches(_ labels: [String: String]) -> Bool {
        !selectsNothing && requirements.allSatisfy { $0.matches(labels) }
    }

    /// True when the selector places no restriction (it matches every object).
    public var isEmpty: Bool { !selectsNothing && requirements.isEmpty }

    /// The canonical text (`a=b,c in (d,e)`), as kubectl and the printers show it.
    public var description: String { requirements.map(\.description).joined(separator: ",") }
}
