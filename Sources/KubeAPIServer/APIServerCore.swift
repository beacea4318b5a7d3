import Foundation
import KubeModel
import KubeStorage
import Logging
import NodeAPI
import Synchronization

/// The API server's state and request dispatch, independent of HTTP framing.
final class APIServerCore: Sendable {
    let store: KubeStore
    let registry: ResourceRegistry
    let serviceIPs = RangeAllocator(low: IPv4.parse("10.96.0.1")!, high: IPv4.parse("10.111.255.254")!,
                                    reserved: [IPv4.parse("10.96.0.10")!])
    let nodePorts = RangeAllocator(low: 30000, high: 32767)
    let logger: Logger
    /// The address clients reach this server at (for the `kubernetes` Service endpoints and discovery).
    let advertiseAddress: String
    let port: Int
    let webhooks: WebhookDispatcher
    let tokens: TokenAuthority
    /// Ends open watches when the server shuts down.
    let shutdown = ShutdownSignal()
    private let streams = Mutex<(any PodStreamProvider)?>(nil)
    private let dialer = Mutex<PodNetworkDialer?>(nil)
    /// Signals background controllers that something was deleted or is terminating.
    let controllerKick: AsyncStream<Void>.Continuation
    let controllerKicks: AsyncStream<Void>

    /// How many changes a watch may have waiting for a client that does not read (§2, streamed responses).
    let watchBacklog: Int
    /// Watch responses being written now.
    let openWatches = Atomic<Int>(0)

    init(store: KubeStore, tokens: TokenAuthority, logger: Logger, advertiseAddress: String, port: Int,
         watchBacklog: Int = 10_000) {
        self.store = store
        self.watchBacklog = watchBacklog
        self.tokens = tokens
        self.registry = ResourceRegistry()
        self.logger = logger
        self.advertiseAddress = advertiseAddress
        self.port = port
        self.webhooks = WebhookDispatcher(logger: logger)
        (controllerKicks, controllerKick) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// The node that serves exec and logs, once one registers.
    var podStreams: (any PodStreamProvider)? {
        get { streams.withLock { $0 } }
    }

    /// Connects (or disconnects) the node that serves exec and log streams.
    func setPodStreams(_ provider: (any PodStreamProvider)?) {
        streams.withLock { $0 = provider }
    }

    /// How webhooks served by pods are reached (nil: connect directly).
    var podNetworkDialer: PodNetworkDialer? { dialer.withLock { $0 } }

    /// Sets how webhooks served by pods are reached.
    func setPodNetworkDialer(_ dial: PodNetworkDialer?) { dialer.withLock { $0 = dial } }

    /// Seconds since the epoch.
    var now: Double { Date().timeIntervalSince1970 }

    /// A fresh object uid.
    func newUID() -> String { UUID().uuidString.lowercased() }

    /// Answers one request.
    func handle(_ req: APIRequest) async -> APIResponse {
        do {
            return try await dispatch(req)
        } catch let e as APIError {
            return .error(e)
        } catch {
            logger.error("request failed", metadata: ["path": "\(req.path)", "error": "\(error)"])
            return .error(.internalError("\(error)"))
        }
    }

    private func dispatch(_ req: APIRequest) async throws -> APIResponse {
        let path = req.path.count > 1 && req.path.hasSuffix("/") ? String(req.path.dropLast()) : req.path
        switch path {
        case "/version":
            return .ok(Self.versionInfo)
        case "/healthz", "/livez", "/readyz":
            return .bytes(200, Array("ok".utf8), contentType: "text/plain; charset=utf-8")
        case "/api", "/apis":
            let discovery = Discovery(resources: registry.all)
            if (req.headers["accept"] ?? "").contains("as=APIGroupDiscoveryList") {
                return .json(200, discovery.aggregated(core: path == "/api"),
                             contentType: "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList")
            }
            return .ok(path == "/api" ? discovery.legacyCore(serverAddress: "\(advertiseAddress):\(port)")
                                      : discovery.legacyGroups())
        case "/openapi/v3":
            return .ok(openAPI().root())
        case "/openapi/v2":
            // An empty OpenAPI v2 document (protobuf): kubectl then validates nothing client-side and relies on
            // server-side field validation, and reports unknown kinds as mapping errors, as against a real server.
            return .bytes(200, [], contentType: "application/com.github.proto-openapi.spec.v2.v1.0+protobuf")
        default:
            break
        }
        if path.hasPrefix("/openapi/v3/") {
            guard let doc = openAPI().document(for: String(path.dropFirst("/openapi/v3/".count))) else {
                throw APIError.pathNotFound
            }
            return .ok(doc)
        }
        // Legacy per-group discovery (`/api/v1`, `/apis/<g>`, `/apis/<g>/<v>`); resource paths skip building it.
        let comps = path.split(separator: "/").map(String.init)
        if comps.count == 2 || (comps.count == 3 && comps[0] == "apis") {
            let discovery = Discovery(resources: registry.all)
            if comps.count == 2, comps[0] == "api", let list = discovery.resourceList(group: "", version: comps[1]) {
                return .ok(list)
            }
            if comps.count == 2, comps[0] == "apis", let g = discovery.legacyGroup(comps[1]) { return .ok(g) }
            if comps.count == 3, let list = discovery.resourceList(group: comps[1], version: comps[2]) {
                return .ok(list)
            }
        }
        guard let info = RequestInfo(path: path),
            let resource = registry.lookup(group: info.group, version: info.version, resource: info.resource)
        else { throw APIError.pathNotFound }
        return try await handleResource(req, info, resource)
    }

    func openAPI() -> OpenAPIDocuments {
        var schemas: [String: JSON] = [:]
        for r in registry.all where r.isCustom {
            if let s = registry.custom(group: r.group, version: r.version, resource: r.resource)?.schema {
                schemas["\(r.group)/\(r.version)/\(r.kind)"] = s
            }
        }
        return OpenAPIDocuments(resources: registry.all, customSchemas: schemas)
    }

    static let versionInfo: JSON = [
        "major": "1", "minor": "32", "gitVersion": "v1.32.4-swift-osm", "gitCommit": "0000000000000000000000000000000000000000",
        "gitTreeState": "clean", "buildDate": "2026-11-29T00:00:00Z", "goVersion": "go1.23.8", "compiler": "gc",
        "platform": "linux/amd64",
    ]
}
