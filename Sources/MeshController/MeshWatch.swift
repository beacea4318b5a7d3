// MeshController: osm-controller's parts — informers on the API (MeshWatch), the policy engine
// run on every change (ProxyRegistry), and the config stream that pushes each proxy its
// ProxyConfig over mTLS (ConfigStreamServer).
//
// This file: the informers, and a snapshot of everything they hold after each change.
import KubeClient
import KubeModel
import MeshPolicy

/// Watches what shapes proxy configs and hands out consistent snapshots.
public actor MeshWatch {
    /// The resource collections watched (CRDs at the versions OSM serves).
    public static let resources: [String: ResourcePath] = [
        "namespaces": .namespaces, "services": .services, "endpoints": .endpoints, "pods": .pods,
        "meshconfigs": ResourcePath(group: "config.openservicemesh.io", version: "v1alpha2", resource: "meshconfigs"),
        "traffictargets": ResourcePath(group: "access.smi-spec.io", version: "v1alpha3", resource: "traffictargets"),
        "tcproutes": ResourcePath(group: "specs.smi-spec.io", version: "v1alpha4", resource: "tcproutes"),
        "egresses": ResourcePath(group: "policy.openservicemesh.io", version: "v1alpha1", resource: "egresses"),
        "httproutegroups": ResourcePath(group: "specs.smi-spec.io", version: "v1alpha4", resource: "httproutegroups"),
        "trafficsplits": ResourcePath(group: "split.smi-spec.io", version: "v1alpha2", resource: "trafficsplits"),
    ]

    let informers: [String: Informer]
    let meshName: String
    let osmNamespace: String
    let trustDomain: String

    /// Informers through `client` for the mesh `meshName` whose MeshConfig lives in `osmNamespace`.
    public init(client: KubeClient, meshName: String = "osm", osmNamespace: String = "osm-system", trustDomain: String = "cluster.local") {
        var informers: [String: Informer] = [:]
        for (name, path) in Self.resources { informers[name] = Informer(client: client, path: path.collection()) }
        self.informers = informers
        self.meshName = meshName
        self.osmNamespace = osmNamespace
        self.trustDomain = trustDomain
    }

    /// The current snapshot.
    public func snapshot() async -> MeshSnapshot {
        func items(_ name: String) async -> [JSON] { await informers[name]?.items ?? [] }
        let meshConfig = await informers["meshconfigs"]?.get(namespace: osmNamespace, name: "osm-mesh-config") ?? [:]
        return MeshSnapshot(
            settings: MeshSettings(meshConfig: meshConfig, meshName: meshName, trustDomain: trustDomain),
            namespaces: await items("namespaces"), services: await items("services"), endpoints: await items("endpoints"),
            pods: await items("pods"), trafficTargets: await items("traffictargets"), tcpRoutes: await items("tcproutes"),
            httpRouteGroups: await items("httproutegroups"), trafficSplits: await items("trafficsplits"), egresses: await items("egresses"))
    }

    /// Starts the informers and calls `onChange` with a snapshot once all are in sync (none
    /// earlier: a partial view would revoke what proxies allow), then after every change. Changes
    /// arriving while `onChange` runs are folded into one new snapshot. Returns when cancelled.
    public func run(onChange: @escaping @Sendable (MeshSnapshot) async -> Void) async {
        let (changes, signal) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        var feeds: [Task<Void, Never>] = []
        for informer in informers.values {
            let events = await informer.events()
            await informer.start()
            feeds.append(Task { for await _ in events { signal.yield() } })
        }
        for informer in informers.values { await informer.waitForSync() }
        await onChange(await snapshot())
        for await _ in changes {
            if Task.isCancelled { break }
            await onChange(await snapshot())
        }
        for feed in feeds { feed.cancel() }
        for informer in informers.values { await informer.stop() }
    }
}
