// The controller's scale benchmark (run by `osm bench-controller`, figures in bench/): a
// synthetic mesh of many proxies, pushed through the real registry and policy engine, with each
// config encoded as the stream would send it.
import Foundation
import KubeModel
import MeshPolicy
import MeshProtocol
import Synchronization

/// A synthetic mesh and the figures of pushing it.
public enum ControllerBenchmark {
    /// What one run measured.
    public struct Figures: Sendable {
        public var proxies: Int
        public var services: Int
        public var pushSeconds: Double
        public var bytesSent: Int
        public var rssBeforeKB: Int
        public var rssAfterKB: Int
    }

    /// `proxies` pods behind `services` Services spread over `namespaces` namespaces, permissive
    /// mode (every proxy gets every service): registers them all, then times one full push.
    public static func run(proxies: Int, services: Int, namespaces: Int) async -> Figures {
        var pods: [JSON] = [], svcs: [JSON] = [], eps: [JSON] = []
        let nsNames = (0..<namespaces).map { "bench-\($0)" }
        for s in 0..<services {
            let ns = nsNames[s % namespaces]
            svcs.append(["metadata": ["name": .string("svc-\(s)"), "namespace": .string(ns)],
                         "spec": ["clusterIP": .string("10.96.\(s / 250).\(s % 250 + 1)"), "selector": ["app": .string("svc-\(s)")],
                                  "ports": [["name": "tcp", "port": 9000, "appProtocol": "tcp"]]]])
        }
        var addresses: [[JSON]] = Array(repeating: [], count: services)
        for p in 0..<proxies {
            let s = p % services, ns = nsNames[s % namespaces], ip = "10.244.\(p / 250).\(p % 250 + 2)"
            pods.append(["metadata": ["name": .string("pod-\(p)"), "namespace": .string(ns), "labels": ["app": .string("svc-\(s)")]],
                         "spec": ["serviceAccountName": .string("sa-\(s)")], "status": ["podIP": .string(ip)]])
            addresses[s].append(["ip": .string(ip), "targetRef": ["kind": "Pod", "namespace": .string(ns), "name": .string("pod-\(p)")]])
        }
        for s in 0..<services {
            eps.append(["metadata": ["name": .string("svc-\(s)"), "namespace": .string(nsNames[s % namespaces])],
                        "subsets": [["addresses": .array(addresses[s]), "ports": [["name": "tcp", "port": 9000]]]]])
        }
        let snapshot = MeshSnapshot(
            settings: MeshSettings(permissive: true),
            namespaces: nsNames.map { ["metadata": ["name": .string($0), "labels": ["openservicemesh.io/monitored-by": "osm"]]] },
            services: svcs, endpoints: eps, pods: pods)
        let registry = ProxyRegistry()
        let sent = Mutex(0)
        let rssBefore = residentKB()
        for p in pods {
            _ = await registry.register(namespace: p.namespace, pod: p.name, identity: MeshCatalog.identity(of: p)) { message in
                let bytes = (try? ConfigStreamFraming.frame(message).count) ?? 0
                sent.withLock { $0 += bytes }
            }
        }
        let start = ContinuousClock.now
        await registry.update(snapshot)
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Figures(proxies: proxies, services: services, pushSeconds: seconds, bytesSent: sent.withLock { $0 },
                       rssBeforeKB: rssBefore, rssAfterKB: residentKB())
    }

    /// This process's resident memory in kB.
    static func residentKB() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    }
}
