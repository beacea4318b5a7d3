// A small model of `iptables-restore --noflush` on one table, covering the lines NetPlan
// emits, so idempotency and removal can be checked without root. Its rules follow what was
// observed with iptables 1.8.9 (nft and legacy): a declared user chain is created or flushed,
// a declared built-in chain is left alone, `-D`/`-X` of something missing fails the whole
// transaction, and a failed transaction changes nothing.
import NetPlan

struct RestoreError: Error, CustomStringConvertible {
    var description: String
}

enum RestoreSimulator {
    static let builtins = ["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"]
    static let targets: Set<String> = ["ACCEPT", "DROP", "RETURN", "REDIRECT", "DNAT", "SNAT", "MASQUERADE"]

    /// The table after applying a restore script, or an error (the table is then unchanged).
    static func apply(_ script: String, to table: NatTable) throws -> NatTable {
        var order = table.chainNames
        var rules = table.rulesByChain
        for name in builtins where rules[name] == nil {
            order.append(name)
            rules[name] = []
        }
        func requireChain(_ chain: String) throws {
            guard rules[chain] != nil else { throw RestoreError(description: "chain \(chain) does not exist") }
        }
        func requireTarget(_ spec: String) throws {
            if let target = IptablesRule(chain: "", spec: spec).target, !targets.contains(target) {
                try requireChain(target)
            }
        }
        var committed = false
        for raw in script.split(separator: "\n") {
            let line = String(raw)
            if line.hasPrefix("#") || line == "*nat" { continue }
            if line == "COMMIT" { committed = true; continue }
            if line.hasPrefix(":") {
                let name = String(line.dropFirst().split(separator: " ")[0])
                if builtins.contains(name) { continue }
                if rules[name] == nil { order.append(name) }
                rules[name] = []
                continue
            }
            let words = line.split(separator: " ", maxSplits: 2).map(String.init)
            switch words[0] {
            case "-A":
                try requireChain(words[1]); try requireTarget(words[2])
                rules[words[1]]!.append(words[2])
            case "-I":
                let parts = words[2].split(separator: " ", maxSplits: 1).map(String.init)
                guard parts[0] == "1" else { throw RestoreError(description: "only -I <chain> 1 is modelled") }
                try requireChain(words[1]); try requireTarget(parts[1])
                rules[words[1]]!.insert(parts[1], at: 0)
            case "-D":
                try requireChain(words[1])
                guard let index = rules[words[1]]!.firstIndex(of: words[2]) else {
                    throw RestoreError(description: "bad rule (does a matching rule exist in that chain?): \(line)")
                }
                rules[words[1]]!.remove(at: index)
            case "-X":
                try requireChain(words[1])
                guard rules[words[1]]!.isEmpty else { throw RestoreError(description: "chain \(words[1]) not empty") }
                let referenced = rules.values.joined().contains { IptablesRule(chain: "", spec: $0).target == words[1] }
                guard !referenced else { throw RestoreError(description: "chain \(words[1]) is referenced") }
                rules[words[1]] = nil
                order.removeAll { $0 == words[1] }
            default:
                throw RestoreError(description: "unmodelled line: \(line)")
            }
        }
        guard committed else { throw RestoreError(description: "no COMMIT") }
        return NatTable(iptablesSave: dump(order: order, rules: rules))
    }

    /// An `iptables-save` style dump of chains and rules.
    static func dump(order: [String], rules: [String: [String]]) -> String {
        var lines = ["*nat"]
        for name in order { lines.append(":\(name) \(builtins.contains(name) ? "ACCEPT" : "-") [0:0]") }
        for name in order { for spec in rules[name] ?? [] { lines.append("-A \(name) \(spec)") } }
        return (lines + ["COMMIT"]).joined(separator: "\n")
    }
}
