// Applying twice changes nothing, duplicates and stale rules are repaired, removal removes
// exactly the program and keeps everyone else's rules.
import NetPlan
import Testing

@Suite("idempotent install and removal")
struct IdempotencyTests {
    /// A fresh pod's nat table with one rule of someone else in each hooked chain.
    static let foreign = NatTable(iptablesSave: """
        *nat
        :PREROUTING ACCEPT [0:0]
        :INPUT ACCEPT [0:0]
        :OUTPUT ACCEPT [0:0]
        :POSTROUTING ACCEPT [0:0]
        -A PREROUTING -p udp -m udp --dport 53 -j RETURN
        -A OUTPUT -p udp -j RETURN
        COMMIT
        """)

    @Test func applyingTwiceIsANoOp() throws {
        let spec = InterceptionSpec(exclusions: TrafficExclusions(outboundPortExclusions: [5432]))
        let program = interceptionProgram(spec)
        let once = try RestoreSimulator.apply(iptablesRestoreScript(spec, current: Self.foreign), to: Self.foreign)
        #expect(program.problems(installedIn: once) == [])
        let second = iptablesRestoreScript(spec, current: once)
        #expect(!second.contains("PREROUTING") && !second.contains("-A OUTPUT"))
        let twice = try RestoreSimulator.apply(second, to: once)
        #expect(twice == once)
        #expect(twice.rules(in: "PREROUTING") == ["-p udp -m udp --dport 53 -j RETURN", "-p tcp -j OSM_PROXY_INBOUND"])
    }

    @Test func blindReapplyDuplicatesHooksAndThePlannerRepairsThem() throws {
        let spec = InterceptionSpec()
        let program = interceptionProgram(spec)
        let blind = iptablesRestoreScript(spec)
        let doubled = try RestoreSimulator.apply(blind, to: RestoreSimulator.apply(blind, to: NatTable()))
        #expect(program.problems(installedIn: doubled) == [
            "rule \"-A PREROUTING -p tcp -j OSM_PROXY_INBOUND\" appears 2 times",
            "rule \"-A OUTPUT -p tcp -j OSM_PROXY_OUTBOUND\" appears 2 times",
        ])
        let repair = iptablesRestoreScript(spec, current: doubled)
        #expect(repair.contains("-D PREROUTING -p tcp -j OSM_PROXY_INBOUND\n"))
        let repaired = try RestoreSimulator.apply(repair, to: doubled)
        #expect(program.problems(installedIn: repaired) == [])
    }

    @Test func changedChainContentIsReportedAndRebuilt() throws {
        let spec = InterceptionSpec()
        let program = interceptionProgram(spec)
        var table = try RestoreSimulator.apply(iptablesRestoreScript(spec), to: NatTable())
        table.append(IptablesRule(chain: "OSM_PROXY_INBOUND", spec: "-p tcp -j ACCEPT"))
        #expect(program.problems(installedIn: table) == [
            "chain OSM_PROXY_INBOUND has 7 rules, expected 6; rule 7 is \"-p tcp -j ACCEPT\", expected nothing"
        ])
        let rebuilt = try RestoreSimulator.apply(iptablesRestoreScript(spec, current: table), to: table)
        #expect(program.problems(installedIn: rebuilt) == [])
    }

    @Test func staleDNATIsReplacedWhenThePodIPChangesAndRemovedForLocalhost() throws {
        let a = InterceptionSpec(localProxyMode: .podIP(IPv4Address("10.244.0.5")!))
        let b = InterceptionSpec(localProxyMode: .podIP(IPv4Address("10.244.0.9")!))
        let withA = try RestoreSimulator.apply(iptablesRestoreScript(a), to: Self.foreign)
        let withB = try RestoreSimulator.apply(iptablesRestoreScript(b, current: withA), to: withA)
        #expect(interceptionProgram(b).problems(installedIn: withB) == [])
        #expect(withB.rules(in: "OUTPUT").first?.hasSuffix("--to-destination 10.244.0.9") == true)
        let plain = InterceptionSpec()
        let withPlain = try RestoreSimulator.apply(iptablesRestoreScript(plain, current: withB), to: withB)
        #expect(interceptionProgram(plain).problems(installedIn: withPlain) == [])
        #expect(withPlain.rules(in: "OUTPUT") == ["-p udp -j RETURN", "-p tcp -j OSM_PROXY_OUTBOUND"])
    }

    @Test func removalGoldenWithoutCurrentState() {
        #expect(removalScript(InterceptionSpec()) == """
            # swift-osm sidecar interception removal
            *nat
            -D PREROUTING -p tcp -j OSM_PROXY_INBOUND
            -D OUTPUT -p tcp -j OSM_PROXY_OUTBOUND
            :OSM_PROXY_INBOUND - [0:0]
            :OSM_PROXY_IN_REDIRECT - [0:0]
            :OSM_PROXY_OUTBOUND - [0:0]
            :OSM_PROXY_OUT_REDIRECT - [0:0]
            -X OSM_PROXY_INBOUND
            -X OSM_PROXY_IN_REDIRECT
            -X OSM_PROXY_OUTBOUND
            -X OSM_PROXY_OUT_REDIRECT
            COMMIT

            """)
    }

    @Test func removalRestoresTheTableExactly() throws {
        let spec = InterceptionSpec(
            exclusions: TrafficExclusions(outboundIPRangeInclusions: [IPv4CIDR("10.96.0.0/12")!]),
            localProxyMode: .podIP(IPv4Address("10.244.0.5")!))
        let installed = try RestoreSimulator.apply(iptablesRestoreScript(spec, current: Self.foreign), to: Self.foreign)
        let removed = try RestoreSimulator.apply(removalScript(spec), to: installed)
        #expect(removed == Self.foreign)
        #expect(interceptionProgram(spec).problems(removedFrom: removed) == [])
    }

    @Test func removalWithCurrentStateHandlesDuplicatesAndAbsence() throws {
        let spec = InterceptionSpec()
        let blind = iptablesRestoreScript(spec)
        let doubled = try RestoreSimulator.apply(blind, to: RestoreSimulator.apply(blind, to: Self.foreign))
        #expect(interceptionProgram(spec).problems(removedFrom: doubled).count == 8)
        let removed = try RestoreSimulator.apply(removalScript(spec, current: doubled), to: doubled)
        #expect(removed == Self.foreign)
        // Removing from a table that never had it is also safe when the state is given...
        let again = try RestoreSimulator.apply(removalScript(spec, current: removed), to: removed)
        #expect(again == Self.foreign)
        // ...and a blind removal of a missing hook fails as one transaction.
        #expect(throws: RestoreError.self) { try RestoreSimulator.apply(removalScript(spec), to: Self.foreign) }
    }

    /// A dump from iptables-nft-save 1.8.9 in a namespace where the program was applied.
    @Test func parsesARealIptablesSaveDump() {
        let dump = """
            # Generated by iptables-nft-save v1.8.9 (nf_tables) on Sun Nov 29 13:02:18 2026
            *mangle
            :PREROUTING ACCEPT [0:0]
            -A PREROUTING -j MARK --set-xmark 0x1/0xffffffff
            COMMIT
            *nat
            :PREROUTING ACCEPT [0:0]
            :INPUT ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            :POSTROUTING ACCEPT [0:0]
            :OSM_PROXY_INBOUND - [0:0]
            -A PREROUTING -p tcp -j OSM_PROXY_INBOUND
            -A OSM_PROXY_INBOUND -p tcp -m tcp --dport 15010 -j RETURN
            COMMIT
            # Completed on Sun Nov 29 13:02:18 2026
            """
        let table = NatTable(iptablesSave: dump)
        #expect(table.chainNames == ["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING", "OSM_PROXY_INBOUND"])
        #expect(table.rules(in: "PREROUTING") == ["-p tcp -j OSM_PROXY_INBOUND"])
        #expect(table.rules(in: "OSM_PROXY_INBOUND") == ["-p tcp -m tcp --dport 15010 -j RETURN"])
        #expect(NatTable(iptablesSave: "") == NatTable())
    }
}
