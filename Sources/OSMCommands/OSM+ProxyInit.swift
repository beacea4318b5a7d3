import ArgumentParser
import LinuxNet
import NetPlan

extension OSM {
    /// `osm proxy-init`: programs the pod's network namespace so TCP goes through the sidecar (the init container).
    struct ProxyInit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "proxy-init",
            abstract: "Redirect the pod's TCP traffic to the sidecar (outbound → 15001, inbound → 15003).",
            discussion: "Runs in the pod's network namespace with CAP_NET_ADMIN. Idempotent; --remove undoes it.")

        @Option(help: "Comma-separated outbound IP ranges (CIDR) never redirected.")
        var outboundIPRangeExclusionList = ""
        @Option(help: "Comma-separated outbound IP ranges (CIDR); when set, only these are redirected.")
        var outboundIPRangeInclusionList = ""
        @Option(help: "Comma-separated outbound ports never redirected.")
        var outboundPortExclusionList = ""
        @Option(help: "Comma-separated outbound ports; when set, only these are redirected.")
        var outboundPortInclusionList = ""
        @Option(help: "Comma-separated inbound ports never redirected.")
        var inboundPortExclusionList = ""
        @Option(help: "Comma-separated network interfaces whose traffic is never redirected.")
        var networkInterfaceExclusionList = ""
        @Option(help: "The sidecar's uid (its own traffic is never redirected).")
        var proxyUID: UInt32 = MeshPorts.proxyUID
        @Flag(help: "Remove the rules instead of installing them.")
        var remove = false

        func spec() throws -> InterceptionSpec {
            func interfaces(_ list: String) throws -> [String] {
                try list.split(separator: ",").map { try TrafficExclusions.parseInterface(String($0), source: "--network-interface-exclusion-list") }
            }
            let exclusions = TrafficExclusions(
                outboundIPRangeExclusions: try TrafficExclusions.parseIPRanges(outboundIPRangeExclusionList, source: "--outbound-ip-range-exclusion-list"),
                outboundIPRangeInclusions: try TrafficExclusions.parseIPRanges(outboundIPRangeInclusionList, source: "--outbound-ip-range-inclusion-list"),
                outboundPortExclusions: try TrafficExclusions.parsePorts(outboundPortExclusionList, source: "--outbound-port-exclusion-list"),
                outboundPortInclusions: try TrafficExclusions.parsePorts(outboundPortInclusionList, source: "--outbound-port-inclusion-list"),
                inboundPortExclusions: try TrafficExclusions.parsePorts(inboundPortExclusionList, source: "--inbound-port-exclusion-list"),
                networkInterfaceExclusions: try interfaces(networkInterfaceExclusionList))
            return InterceptionSpec(exclusions: exclusions, proxyUID: proxyUID)
        }

        func run() throws {
            let spec: InterceptionSpec
            do { spec = try self.spec() } catch { throw CLIError("\(error)") }
            do {
                if remove {
                    try LinuxNet.ProxyInit.remove(spec)
                    print("traffic interception removed")
                } else {
                    try LinuxNet.ProxyInit.install(spec)
                    print("traffic interception installed: outbound TCP → \(spec.outboundPort), inbound TCP → \(spec.inboundPort), uid \(spec.proxyUID) excluded")
                }
            } catch {
                throw CLIError("\(error)")
            }
        }
    }
}
