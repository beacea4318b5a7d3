// The cluster as the controller's informers see it at one moment: the objects the policy engine
// reads, as the API returned them.
import KubeModel

/// One consistent view of the objects that shape proxy configs.
public struct MeshSnapshot: Sendable {
    /// Mesh-wide settings (from MeshConfig).
    public var settings: MeshSettings
    /// Namespace objects (those labelled `openservicemesh.io/monitored-by: <mesh>` are in the mesh).
    public var namespaces: [JSON]
    /// Services of every namespace.
    public var services: [JSON]
    /// Endpoints of every namespace.
    public var endpoints: [JSON]
    /// Pods of every namespace.
    public var pods: [JSON]
    /// SMI TrafficTargets.
    public var trafficTargets: [JSON]
    /// SMI TCPRoutes.
    public var tcpRoutes: [JSON]
    /// SMI HTTPRouteGroups.
    public var httpRouteGroups: [JSON]
    /// SMI TrafficSplits.
    public var trafficSplits: [JSON]
    /// OSM policy objects: Egress.
    public var egresses: [JSON]

    /// A snapshot; lists default to empty.
    public init(settings: MeshSettings, namespaces: [JSON] = [], services: [JSON] = [], endpoints: [JSON] = [], pods: [JSON] = [],
                trafficTargets: [JSON] = [], tcpRoutes: [JSON] = [], httpRouteGroups: [JSON] = [], trafficSplits: [JSON] = [],
                egresses: [JSON] = []) {
        self.egresses = egresses
        self.settings = settings
        self.namespaces = namespaces
        self.services = services
        self.endpoints = endpoints
        self.pods = pods
        self.trafficTargets = trafficTargets
        self.tcpRoutes = tcpRoutes
        self.httpRouteGroups = httpRouteGroups
        self.trafficSplits = trafficSplits
    }

    /// The label that puts a namespace in a mesh.
    public static let monitoredByLabel = "openservicemesh.io/monitored-by"

    /// The namespaces in this mesh.
    public var monitoredNamespaces: Set<String> {
        Set(namespaces.filter { $0.labels[Self.monitoredByLabel] == settings.meshName }.map(\.name))
    }
}
