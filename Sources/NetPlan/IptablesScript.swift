// The `iptables-restore --noflush` transactions that install and remove a program.
//
// How re-applying stays idempotent:
// - Owned chains are declared with `:<CHAIN> - [0:0]`. Under `--noflush`, iptables-restore
//   (both the nft and the legacy backend, checked with 1.8.9) creates a declared user chain
//   when it is missing and FLUSHES it when it exists, so the `-A` lines that follow rebuild
//   the chain's whole content every time: never duplicated, never stale.
// - Built-in chains (PREROUTING, OUTPUT) cannot be flushed without destroying other
//   software's rules, and restore has no "add if absent". So the planner reads the current
//   table (`iptables-save -t nat`, passed as `current`) and emits a hook rule only when it is
//   absent, `-D` for every extra copy, and `-D` for stale rules of this program (an old
//   pod-IP DNAT). Each rule is spelled as iptables-save prints it, so "present" is an exact
//   text match. Without `current`, the table is assumed to hold none of the program.
// - The whole thing is one transaction: it applies entirely or not at all (a failing line,
//   e.g. a `-D` of a rule that vanished since the dump, leaves the table untouched; re-plan
//   from a fresh dump and retry).

/// The lines of an `iptables-restore` input.
struct RestoreLines {
    var lines: [String]

    init(comment: String, table: String) { lines = ["# \(comment)", "*\(table)"] }

    mutating func declare(_ chain: String) { lines.append(":\(chain) - [0:0]") }
    mutating func append(_ rule: IptablesRule) { lines.append("-A \(rule.chain) \(rule.spec)") }
    mutating func insertFirst(_ rule: IptablesRule) { lines.append("-I \(rule.chain) 1 \(rule.spec)") }
    mutating func delete(_ rule: IptablesRule) { lines.append("-D \(rule.chain) \(rule.spec)") }
    mutating func deleteChain(_ chain: String) { lines.append("-X \(chain)") }

    /// The text, ending in COMMIT and a newline.
    func text() -> String { (lines + ["COMMIT"]).joined(separator: "\n") + "\n" }
}

extension IptablesProgram {
    /// The transaction that leaves the table holding this program exactly once, given the
    /// table's current content (nil: a table without any of it, e.g. a fresh pod).
    public func restoreScript(current: NatTable? = nil) -> String {
        var out = RestoreLines(comment: "swift-osm sidecar interception rules", table: table)
        chains.forEach { out.declare($0) }
        rules.forEach { out.append($0) }
        let table = current ?? NatTable()
        for hook in hooks {
            let present = table.count(hook.rule)
            if present == 0 {
                switch hook.position {
                case .append: out.append(hook.rule)
                case .first: out.insertFirst(hook.rule)
                }
            }
            for _ in 0..<max(0, present - 1) { out.delete(hook.rule) }
        }
        for stale in staleHooks(in: table) { out.delete(stale) }
        return out.text()
    }

    /// The transaction that removes every trace of this program, given the table's current
    /// content (nil: assume the program is installed exactly once, as `restoreScript` leaves it).
    ///
    /// Hook rules are deleted first (a chain that is still jumped to cannot be deleted), then
    /// each owned chain is declared (created-or-flushed, so this works whether or not it
    /// exists) and deleted with `-X`.
    public func removalScript(current: NatTable? = nil) -> String {
        var out = RestoreLines(comment: "swift-osm sidecar interception removal", table: table)
        if let table = current {
            for chain in hookedChains {
                for spec in table.rules(in: chain) {
                    let rule = IptablesRule(chain: chain, spec: spec)
                    if owns(hookRule: rule) { out.delete(rule) }
                }
            }
        } else {
            hooks.forEach { out.delete($0.rule) }
        }
        chains.forEach { out.declare($0) }
        chains.forEach { out.deleteChain($0) }
        return out.text()
    }
}

/// The `iptables-restore --noflush` input that installs a spec's interception program.
/// Pass the current `iptables-save -t nat` dump (parsed) to make re-applying a no-op.
public func iptablesRestoreScript(_ spec: InterceptionSpec, current: NatTable? = nil) -> String {
    interceptionProgram(spec).restoreScript(current: current)
}

/// The `iptables-restore --noflush` input that removes exactly what `iptablesRestoreScript` added.
public func removalScript(_ spec: InterceptionSpec, current: NatTable? = nil) -> String {
    interceptionProgram(spec).removalScript(current: current)
}
