import MeshProtocol

/// Endpoint choice: power of two choices over least-loaded — sample two endpoints (by weight), take the one with
/// fewer active connections. Pure; the caller supplies the random numbers and the load.
public enum LeastLoaded {
    /// Picks an endpoint of `cluster`, or nil when it has none with weight.
    /// - Parameters:
    ///   - load: active connections per endpoint key (`EndpointKey`).
    ///   - random: yields uniformly random numbers.
    public static func pick(_ cluster: Cluster, load: (String) -> Int, random: () -> UInt64) -> Endpoint? {
        let usable = cluster.endpoints.filter { $0.weight > 0 }
        guard !usable.isEmpty else { return nil }
        if usable.count == 1 { return usable[0] }
        let a = weighted(usable, random())
        var b = weighted(usable, random())
        if b == a { b = usable[(usable.firstIndex(of: a)! + 1) % usable.count] }
        let la = Double(load(key(a))) / Double(a.weight)
        let lb = Double(load(key(b))) / Double(b.weight)
        return lb < la ? b : a
    }

    /// The key under which an endpoint's load is counted: `address:port`.
    public static func key(_ e: Endpoint) -> String { "\(e.address):\(e.port)" }

    private static func weighted(_ endpoints: [Endpoint], _ point: UInt64) -> Endpoint {
        let total = endpoints.reduce(UInt64(0)) { $0 + UInt64($1.weight) }
        var remaining = point % total
        for e in endpoints {
            if remaining < UInt64(e.weight) { return e }
            remaining -= UInt64(e.weight)
        }
        return endpoints[endpoints.count - 1]
    }
}
