// The interception program as data: the chains it owns, their rules, and the few rules it
// adds to the built-in PREROUTING and OUTPUT chains. Every rule is written exactly as
// `iptables-save` prints it back, so an installed table can be compared text for text.

/// One rule of one chain, in `iptables-save`'s canonical spelling.
public struct IptablesRule: Sendable, Hashable, CustomStringConvertible {
    /// The chain the rule lives in.
    public var chain: String
    /// Everything after `-A <chain> `, e.g. `-p tcp -m tcp --dport 15010 -j RETURN`.
    public var spec: String

    /// A rule of a chain.
    public init(chain: String, spec: String) {
        self.chain = chain
        self.spec = spec
    }

    /// `-A <chain> <spec>`, the line `iptables-save` prints for it.
    public var description: String { "-A \(chain) \(spec)" }

    /// The chain this rule jumps or goes to (`-j`/`-g`), if any.
    public var target: String? {
        let tokens = spec.split(separator: " ")
        guard let index = tokens.firstIndex(where: { $0 == "-j" || $0 == "-g" }), index + 1 < tokens.count
        else { return nil }
        return String(tokens[index + 1])
    }
}

/// A rule the program adds to a built-in chain, and where it goes.
public struct HookRule: Sendable, Hashable {
    /// Where in the built-in chain the rule is placed.
    public enum Position: Sendable, Hashable {
        /// Appended (`-A`), after rules that other software placed.
        case append
        /// Inserted first (`-I <chain> 1`), before every other rule.
        case first
    }

    /// The rule.
    public var rule: IptablesRule
    /// Where it goes.
    public var position: Position

    /// A hook rule.
    public init(_ rule: IptablesRule, position: Position) {
        self.rule = rule
        self.position = position
    }
}

/// A nat-table program: chains it owns outright plus rules it adds to built-in chains.
public struct IptablesProgram: Sendable, Hashable {
    /// The table, always `nat` here.
    public var table: String
    /// The chains the program owns, in declaration order; their whole content is `rules`.
    public var chains: [String]
    /// The content of the owned chains, in order (grouped by chain).
    public var rules: [IptablesRule]
    /// The rules added to built-in chains; each must be present exactly once.
    public var hooks: [HookRule]
    /// Recognises a built-in-chain rule that an earlier version of this program may have left
    /// (the pod-IP DNAT rule with a different address); such rules are removed when not in `hooks`.
    public var staleHookPrefixes: [IptablesRule]

    /// A program.
    public init(
        table: String = "nat", chains: [String], rules: [IptablesRule], hooks: [HookRule],
        staleHookPrefixes: [IptablesRule] = []
    ) {
        self.table = table
        self.chains = chains
        self.rules = rules
        self.hooks = hooks
        self.staleHookPrefixes = staleHookPrefixes
    }

    /// The rule specs of one owned chain, in order.
    public func rules(in chain: String) -> [String] {
        rules.filter { $0.chain == chain }.map(\.spec)
    }

    /// The built-in chains the program hooks into, first-use order.
    public var hookedChains: [String] { unique(hooks.map(\.rule.chain)) }

    /// Whether a rule found in a built-in chain belongs to this program: it jumps to an owned
    /// chain, or it matches a stale-hook prefix.
    public func owns(hookRule rule: IptablesRule) -> Bool {
        if let target = rule.target, chains.contains(target) { return true }
        return staleHookPrefixes.contains { $0.chain == rule.chain && rule.spec.hasPrefix($0.spec) }
    }
}
