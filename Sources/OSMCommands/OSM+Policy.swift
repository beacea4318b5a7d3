// `osm policy check-pods SRC DST`: whether the mesh lets one pod reach another, and why — the
// TrafficTargets that allow it with their ports, or exactly what is missing.
import ArgumentParser
import KubeClient
import KubeModel
import MeshController
import MeshPolicy
import MeshProtocol

extension OSM {
    /// `osm policy`.
    struct Policy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check the mesh's traffic policies.", subcommands: [CheckPods.self])
    }
}

extension OSM.Policy {
    /// `osm policy check-pods`.
    struct CheckPods: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check-pods", abstract: "Check whether a pod may reach another (pods as NAMESPACE/NAME or NAME in default).")
        @OptionGroup var kube: KubeOptions
        @Option(name: .customLong("mesh-name"), help: "The mesh.") var meshName = "osm"
        @Argument(help: "The source pod.") var source: String
        @Argument(help: "The destination pod.") var destination: String

        static func split(_ text: String) -> (namespace: String, name: String) {
            let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
            return parts.count == 2 ? (parts[0], parts[1]) : ("default", text)
        }

        func run() async throws {
            let client = try kube.client()
            defer { client.shutdown() }
            let (sns, sname) = Self.split(source), (dns, dname) = Self.split(destination)
            func pod(_ ns: String, _ name: String) async throws -> JSON {
                do { return try await client.get(ResourcePath.pods.object(name, namespace: ns)) } catch let e as KubeClientError where e.isNotFound {
                    throw CLIError("pod \(ns)/\(name) does not exist")
                }
            }
            let src = try await pod(sns, sname), dst = try await pod(dns, dname)
            let meshConfig = (try? await client.get(ObjectApply.paths["MeshConfig"]!.object("osm-mesh-config", namespace: kube.osmNamespace))) ?? [:]
            let namespaces = (try await client.get(ResourcePath.namespaces.collection()))["items"].arrayValue ?? []
            // The same collections, at the same versions, as the controller watches.
            func list(_ resource: String) async -> [JSON] {
                guard let path = MeshWatch.resources[resource] else { return [] }
                return (try? await client.get(path.collection(namespace: dns)))?["items"].arrayValue ?? []
            }
            let snapshot = MeshSnapshot(
                settings: MeshSettings(meshConfig: meshConfig, meshName: meshName), namespaces: namespaces,
                trafficTargets: await list("traffictargets"), tcpRoutes: await list("tcproutes"))
            let monitored = snapshot.monitoredNamespaces
            for (ns, name) in [(sns, sname), (dns, dname)] where !monitored.contains(ns) {
                print("Pod '\(ns)/\(name)' is not in mesh [\(meshName)]: namespace \(ns) is not monitored (osm namespace add \(ns))")
                return
            }
            let from = MeshCatalog.identity(of: src), to = MeshCatalog.identity(of: dst)
            let pair = "Pod '\(sns)/\(sname)' is"
            let target = "communicate with pod '\(dns)/\(dname)'"
            if snapshot.settings.permissive {
                print("\(pair) allowed to \(target): permissive traffic policy mode is enabled for mesh [\(meshName)]")
                return
            }
            let (rules, problems) = AccessRule.rules(snapshot)
            let allowing = rules.filter { $0.destination == to && $0.sources.contains(from) }
            if allowing.isEmpty {
                print("\(pair) not allowed to \(target), missing SMI TrafficTarget policy: no valid TrafficTarget in namespace \(dns) "
                      + "lets ServiceAccount \(from.namespace)/\(from.serviceAccount) reach ServiceAccount \(to.namespace)/\(to.serviceAccount)")
                for problem in problems { print("  ignored: \(problem)") }
                return
            }
            print("\(pair) allowed to \(target) by:")
            for rule in allowing {
                let ports = rule.ports.map { $0.isEmpty ? "no port" : "ports " + $0.sorted().map(String.init).joined(separator: ",") } ?? "every port"
                let note = rule.authorizesInbound ? "" : " — not effective: a TCPRoute it names does not exist, so the destination admits nobody by it"
                print("  TrafficTarget \(rule.name) (\(ports))\(note)")
            }
        }
    }
}
