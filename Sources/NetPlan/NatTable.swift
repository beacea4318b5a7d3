// The nat table as `iptables-save -t nat` prints it, and checks of a program against it:
// installed exactly once, or fully removed.

/// The chains and rules of one table, read from `iptables-save` output.
public struct NatTable: Sendable, Hashable {
    /// Chain names in the order the dump declares them (built-in chains included).
    public private(set) var chainNames: [String] = []
    /// Each chain's rule specs (the text after `-A <chain> `), in order.
    public private(set) var rulesByChain: [String: [String]] = [:]

    /// An empty table (what a fresh network namespace has).
    public init() {}

    /// Reads the `*<table>` section of an `iptables-save` dump; other tables, comments and
    /// counters are ignored. A dump without that section is an empty table.
    public init(iptablesSave dump: String, table: String = "nat") {
        var inTable = false
        for raw in dump.split(whereSeparator: \.isNewline) {
            let line = TrafficExclusions.trimmed(String(raw))
            if line.hasPrefix("*") {
                inTable = line.dropFirst() == table[...]
            } else if !inTable || line.hasPrefix("#") || line.isEmpty {
                continue
            } else if line == "COMMIT" {
                inTable = false
            } else if line.hasPrefix(":") {
                let name = line.dropFirst().split(separator: " ").first.map(String.init) ?? ""
                declare(name)
            } else if line.hasPrefix("-A ") {
                let rest = line.dropFirst(3)
                let chain = rest.split(separator: " ", maxSplits: 1)
                guard let name = chain.first else { continue }
                append(IptablesRule(chain: String(name), spec: chain.count > 1 ? String(chain[1]) : ""))
            }
        }
    }

    /// Adds a chain (no-op when it exists).
    public mutating func declare(_ chain: String) {
        if rulesByChain[chain] == nil {
            chainNames.append(chain)
            rulesByChain[chain] = []
        }
    }

    /// Appends a rule, declaring its chain if needed.
    public mutating func append(_ rule: IptablesRule) {
        declare(rule.chain)
        rulesByChain[rule.chain, default: []].append(rule.spec)
    }

    /// Whether the chain exists.
    public func hasChain(_ chain: String) -> Bool { rulesByChain[chain] != nil }

    /// The rule specs of a chain (empty when it does not exist).
    public func rules(in chain: String) -> [String] { rulesByChain[chain] ?? [] }

    /// How many times an identical rule appears in its chain.
    public func count(_ rule: IptablesRule) -> Int { rules(in: rule.chain).filter { $0 == rule.spec }.count }
}

extension IptablesProgram {
    /// Rules in the hooked built-in chains that belong to this program but are not its hooks.
    public func staleHooks(in table: NatTable) -> [IptablesRule] {
        let wanted = Set(hooks.map(\.rule))
        return hookedChains.flatMap { chain in
            table.rules(in: chain).map { IptablesRule(chain: chain, spec: $0) }
                .filter { owns(hookRule: $0) && !wanted.contains($0) }
        }
    }

    /// What differs between the table and this program installed exactly once; empty when it is.
    public func problems(installedIn table: NatTable) -> [String] {
        var problems: [String] = []
        for chain in chains {
            guard table.hasChain(chain) else {
                problems.append("chain \(chain) is missing")
                continue
            }
            let want = rules(in: chain)
            let have = table.rules(in: chain)
            if want != have {
                let index = zip(want, have).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                    ?? min(want.count, have.count)
                let expected = index < want.count ? "\"\(want[index])\"" : "nothing"
                let found = index < have.count ? "\"\(have[index])\"" : "nothing"
                problems.append(
                    "chain \(chain) has \(have.count) rules, expected \(want.count); "
                        + "rule \(index + 1) is \(found), expected \(expected)")
            }
        }
        for hook in hooks {
            let n = table.count(hook.rule)
            if n == 0 { problems.append("rule \"\(hook.rule)\" is missing") }
            if n > 1 { problems.append("rule \"\(hook.rule)\" appears \(n) times") }
        }
        for rule in staleHooks(in: table) {
            problems.append("stale rule \"\(rule)\" is present")
        }
        return problems
    }

    /// What of this program is still in the table; empty when it is fully removed.
    public func problems(removedFrom table: NatTable) -> [String] {
        var problems = chains.filter(table.hasChain).map { "chain \($0) still exists" }
        for chain in hookedChains {
            for spec in table.rules(in: chain) where owns(hookRule: IptablesRule(chain: chain, spec: spec)) {
                problems.append("rule \"-A \(chain) \(spec)\" is still present")
            }
        }
        return problems
    }
}
