import Foundation
import LinuxNet

/// A network namespace made for one test (and removed by it), plus helpers to run commands inside it.
/// Tests in this target need root (CAP_NET_ADMIN), `ip` and the nft iptables tools.
final class NetnsFixture: @unchecked Sendable {
    let name: String

    /// Why these tests cannot run here, or nil when they can.
    static var unavailableReason: String? {
        if getuid() != 0 { return "needs root (CAP_NET_ADMIN) to create network namespaces" }
        for tool in ["/usr/sbin/ip", "/usr/sbin/iptables-nft-save"] where !FileManager.default.isExecutableFile(atPath: tool) {
            return "\(tool) is not installed (scripts/setup.sh installs iproute2 and iptables)"
        }
        return nil
    }

    /// Whether the tests can run; prints the reason when they cannot.
    static var available: Bool {
        if let reason = unavailableReason {
            print("skipping network-namespace tests: \(reason)")
            return false
        }
        return true
    }

    init() throws {
        name = "osmtest-\(UUID().uuidString.prefix(8).lowercased())"
        try Self.check(Self.run("/usr/sbin/ip", ["netns", "add", name]))
        try Self.check(Self.run("/usr/sbin/ip", ["netns", "exec", name, "ip", "link", "set", "lo", "up"]))
    }

    /// Deletes the namespace (and with it every rule and interface inside).
    func remove() {
        _ = try? Self.run("/usr/sbin/ip", ["netns", "del", name])
    }

    /// Runs a program inside the namespace.
    func exec(_ program: String, _ args: [String]) throws -> (code: Int32, out: String, err: String) {
        try Self.run("/usr/sbin/ip", ["netns", "exec", name, program] + args)
    }

    static func check(_ r: (code: Int32, out: String, err: String)) throws {
        if r.code != 0 { throw NSError(domain: "netns", code: Int(r.code), userInfo: [NSLocalizedDescriptionKey: r.err]) }
    }

    /// Runs a program to its end (both outputs read at once); one stuck for 10 minutes is killed, so
    /// a hang fails its test instead of stalling the whole run.
    static func run(_ program: String, _ args: [String]) throws -> (code: Int32, out: String, err: String) {
        let r = try Command.run(program, args, timeoutSeconds: 600)
        return (r.code, r.stdout, r.stderr)
    }
}
