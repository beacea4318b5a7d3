import Foundation
import NetPlan

/// A failure applying or reading iptables rules, worded for the person who must fix it.
public struct IptablesError: Error, Sendable, CustomStringConvertible {
    /// What went wrong and what to do.
    public var description: String
}

/// Runs the nft backend of iptables in the current network namespace (never iptables-legacy: the two must not mix).
public struct Iptables: Sendable {
    /// `iptables-save` to use.
    public var save: String
    /// `iptables-restore` to use.
    public var restore: String

    /// Picks `iptables-nft-save`/`-restore` when installed, else the plain names (nft on current Debian).
    public static func nft() -> Iptables {
        let dirs = ["/usr/sbin", "/sbin", "/usr/bin", "/bin"]
        func find(_ names: [String]) -> String {
            for n in names { for d in dirs where FileManager.default.isExecutableFile(atPath: "\(d)/\(n)") { return "\(d)/\(n)" } }
            return names.last!
        }
        return Iptables(save: find(["iptables-nft-save", "iptables-save"]), restore: find(["iptables-nft-restore", "iptables-restore"]))
    }

    /// Creates a runner with explicit program paths.
    public init(save: String, restore: String) {
        self.save = save
        self.restore = restore
    }

    /// The current nat table.
    public func natTable() throws -> NatTable {
        let (code, out, err) = try Self.run(save, ["-t", "nat"], input: nil)
        guard code == 0 else { throw Self.failure("read the nat table", err) }
        return NatTable(iptablesSave: out)
    }

    /// Applies a script with `iptables-restore --noflush` (one atomic transaction).
    public func apply(_ script: String) throws {
        let (code, _, err) = try Self.run(restore, ["--noflush"], input: script)
        guard code == 0 else { throw Self.failure("apply the interception rules", err) }
    }

    static func failure(_ what: String, _ stderr: String) -> IptablesError {
        let detail = stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        if detail.contains("Permission denied") || detail.contains("must be root") || detail.contains("Operation not permitted") {
            return IptablesError(description: "cannot \(what): CAP_NET_ADMIN is missing in this network namespace "
                + "(give the init container securityContext.capabilities.add: [\"NET_ADMIN\"]): \(detail)")
        }
        return IptablesError(description: "cannot \(what): \(detail.isEmpty ? "iptables failed" : detail)")
    }

    static func run(_ program: String, _ args: [String], input: String?) throws -> (Int32, String, String) {
        do {
            let r = try Command.run(program, args, input: input)
            return (r.code, r.stdout, r.stderr)
        } catch {
            throw IptablesError(description: "\(error.description) (install the iptables package)")
        }
    }
}

/// Installs and removes a pod's traffic interception, checking the result against a fresh dump.
public enum ProxyInit {
    /// Installs (or repairs) the interception program; idempotent. Throws when the result is not exactly right.
    public static func install(_ spec: InterceptionSpec, iptables: Iptables = .nft()) throws {
        let script = iptablesRestoreScript(spec, current: try iptables.natTable())
        try iptables.apply(script)
        let problems = interceptionProgram(spec).problems(installedIn: try iptables.natTable())
        if !problems.isEmpty {
            throw IptablesError(description: "interception rules are not as planned: " + problems.joined(separator: "; "))
        }
    }

    /// Removes exactly what `install` added; a no-op when nothing is installed.
    public static func remove(_ spec: InterceptionSpec, iptables: Iptables = .nft()) throws {
        let current = try iptables.natTable()
        let program = interceptionProgram(spec)
        if program.problems(removedFrom: current).isEmpty { return }
        try iptables.apply(removalScript(spec, current: current))
        let problems = program.problems(removedFrom: try iptables.natTable())
        if !problems.isEmpty {
            throw IptablesError(description: "interception rules were not fully removed: " + problems.joined(separator: "; "))
        }
    }
}
