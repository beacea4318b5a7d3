import MeshProtocol
import MeshProxy
import Testing

@Suite("LeastLoaded endpoint choice")
struct LeastLoadedTests {
    let cluster = Cluster(
        service: ServiceRef(namespace: "tcp-demo", name: "tcp-echo"), targetPort: 9000, serverIdentities: [],
        endpoints: [Endpoint(address: "10.244.0.5", port: 9000), Endpoint(address: "10.244.0.6", port: 9000),
                    Endpoint(address: "10.244.0.7", port: 9000)])

    @Test func prefersTheLessLoadedOfTwoSamples() {
        var rng = SystemRandomNumberGenerator()
        let load = ["10.244.0.5:9000": 10, "10.244.0.6:9000": 0, "10.244.0.7:9000": 10]
        var picks: [String: Int] = [:]
        for _ in 0..<3000 {
            let e = LeastLoaded.pick(cluster, load: { load[$0] ?? 0 }, random: { rng.next() })!
            picks[LeastLoaded.key(e), default: 0] += 1
        }
        // The idle endpoint wins whenever it is sampled, which is in 2 of 3 draws.
        #expect(picks["10.244.0.6:9000", default: 0] > 1800, "\(picks)")
    }

    @Test func spreadsEvenlyWhenIdleAndSkipsZeroWeights() {
        var c = cluster
        c.endpoints[2].weight = 0
        var rng = SystemRandomNumberGenerator()
        var picks: [String: Int] = [:]
        for _ in 0..<2000 {
            let e = LeastLoaded.pick(c, load: { _ in 0 }, random: { rng.next() })!
            picks[LeastLoaded.key(e), default: 0] += 1
        }
        #expect(picks["10.244.0.7:9000"] == nil)
        #expect(abs(picks["10.244.0.5:9000", default: 0] - picks["10.244.0.6:9000", default: 0]) < 300, "\(picks)")
        c.endpoints = []
        #expect(LeastLoaded.pick(c, load: { _ in 0 }, random: { rng.next() }) == nil)
    }
}
