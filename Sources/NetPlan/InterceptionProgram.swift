// From an InterceptionSpec to the nat-table program, rule for rule OSM's (osm-behaviour §1.3.4):
// inbound TCP goes PREROUTING → INBOUND → IN_REDIRECT → 15003, outbound TCP goes
// OUTPUT → OUTBOUND → OUT_REDIRECT → 15001, with every exclusion placed before the redirect.

/// `multiport` accepts at most 15 ports in one match; longer lists become several rules.
let multiportLimit = 15

/// Builds the interception program for a spec.
public func interceptionProgram(_ spec: InterceptionSpec) -> IptablesProgram {
    let c = spec.chains
    let x = spec.exclusions
    let uid = spec.proxyUID
    var rules: [IptablesRule] = []
    func add(_ chain: String, _ text: String) { rules.append(IptablesRule(chain: chain, spec: text)) }

    // Inbound: everything left after the bypasses is redirected to the inbound listener.
    add(c.inRedirect, "-p tcp -j REDIRECT --to-ports \(spec.inboundPort)")
    for interface in x.networkInterfaceExclusions {
        add(c.inbound, "-i \(interface) -j RETURN")
    }
    for ports in portChunks(x.inboundPortExclusions) {
        add(c.inbound, "-p tcp -m multiport --dports \(ports) -j RETURN")
    }
    for port in spec.inboundBypassPorts {
        add(c.inbound, "-p tcp -m tcp --dport \(port) -j RETURN")
    }
    add(c.inbound, "-p tcp -j \(c.inRedirect)")

    // Outbound redirect. The ACCEPT for the admin port is OSM's and can never match (REDIRECT
    // ends the traversal); it is kept so the program reads like OSM's in `iptables-save`.
    add(c.outRedirect, "-p tcp -j REDIRECT --to-ports \(spec.outboundPort)")
    add(c.outRedirect, "-p tcp -m tcp --dport \(spec.adminPort) -j ACCEPT")

    // Outbound: loopback handling first, then exclusions, then what is redirected.
    let loopback = IPv4CIDR.loopbackHost
    // The sidecar dialling a local non-127.0.0.1 address (the pod's own IP, after an app
    // called its own Service) goes through the sidecar's inbound listener: app → outbound
    // listener → inbound listener → app, as between two pods.
    add(c.outbound, "! -d \(loopback) -o lo -m owner --uid-owner \(uid) -j \(c.inRedirect)")
    // The app calling itself over lo (its own pod IP) bypasses the sidecar.
    add(c.outbound, "-o lo -m owner ! --uid-owner \(uid) -j RETURN")
    // The sidecar's own connects are never re-captured.
    add(c.outbound, "-m owner --uid-owner \(uid) -j RETURN")
    // 127.0.0.1 is never redirected.
    add(c.outbound, "-d \(loopback) -j RETURN")
    for interface in x.networkInterfaceExclusions {
        add(c.outbound, "-o \(interface) -j RETURN")
    }
    for range in x.outboundIPRangeExclusions {
        add(c.outbound, "-d \(range) -j RETURN")
    }
    for ports in portChunks(x.outboundPortExclusions) {
        add(c.outbound, "-p tcp -m multiport --dports \(ports) -j RETURN")
    }
    let ranges = x.outboundIPRangeInclusions.map { "-d \($0) " }
    let portMatches = portChunks(x.outboundPortInclusions).map { "-p tcp -m multiport --dports \($0) " }
    if ranges.isEmpty && portMatches.isEmpty {
        add(c.outbound, "-j \(c.outRedirect)")
    } else {
        // Only what matches an included range and (when given) an included port is redirected.
        for range in ranges.isEmpty ? [""] : ranges {
            for ports in portMatches.isEmpty ? [""] : portMatches {
                add(c.outbound, "\(range)\(ports)-j \(c.outRedirect)")
            }
        }
        add(c.outbound, "-j RETURN")
    }

    var hooks = [
        HookRule(IptablesRule(chain: "PREROUTING", spec: "-p tcp -j \(c.inbound)"), position: .append),
        HookRule(IptablesRule(chain: "OUTPUT", spec: "-p tcp -j \(c.outbound)"), position: .append),
    ]
    let dnatPrefix = IptablesRule(
        chain: "OUTPUT", spec: "-d \(loopback) -o lo -p tcp -m owner --uid-owner \(uid) -j DNAT ")
    if case .podIP(let podIP) = spec.localProxyMode {
        // The sidecar's connects to 127.0.0.1 go to the pod IP instead; first in OUTPUT so the
        // DNAT happens before the jump into the outbound chain.
        let rule = IptablesRule(chain: "OUTPUT", spec: dnatPrefix.spec + "--to-destination \(podIP)")
        hooks.insert(HookRule(rule, position: .first), at: 1)
    }
    return IptablesProgram(
        chains: [c.inbound, c.inRedirect, c.outbound, c.outRedirect],
        rules: orderedByChain(rules, [c.inRedirect, c.inbound, c.outRedirect, c.outbound]),
        hooks: hooks,
        staleHookPrefixes: [dnatPrefix])
}

/// Ports as comma-separated groups of at most `multiportLimit`.
func portChunks(_ ports: [UInt16]) -> [String] {
    stride(from: 0, to: ports.count, by: multiportLimit).map { start in
        ports[start..<min(start + multiportLimit, ports.count)].map(String.init).joined(separator: ",")
    }
}

/// The rules grouped by chain in the given chain order, keeping their order within a chain.
func orderedByChain(_ rules: [IptablesRule], _ order: [String]) -> [IptablesRule] {
    order.flatMap { chain in rules.filter { $0.chain == chain } }
}
