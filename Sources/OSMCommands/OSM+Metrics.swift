// `osm metrics enable|disable --namespace ns1,ns2`: Prometheus scraping of the sidecars of meshed
// namespaces — the namespace annotation (read at injection) and the annotations of running meshed pods.
import ArgumentParser
import KubeClient
import KubeModel

extension OSM {
    /// `osm metrics`.
    struct Metrics: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable or disable metrics scraping of sidecars.",
                                                        subcommands: [Enable.self, Disable.self])

        struct Enable: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Scrape the sidecars of these meshed namespaces.")
            @OptionGroup var kube: KubeOptions
            @Option(name: .customLong("namespace"), help: "Comma-separated namespaces.") var namespaces: String
            func run() async throws { try await Metrics.set(true, namespaces, kube) }
        }

        struct Disable: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Stop scraping the sidecars of these namespaces.")
            @OptionGroup var kube: KubeOptions
            @Option(name: .customLong("namespace"), help: "Comma-separated namespaces.") var namespaces: String
            func run() async throws { try await Metrics.set(false, namespaces, kube) }
        }

        /// The annotations Prometheus reads on a meshed pod.
        static let podAnnotations = ["prometheus.io/scrape": "true", "prometheus.io/port": "15010", "prometheus.io/path": "/stats/prometheus"]

        static func set(_ enabled: Bool, _ list: String, _ kube: KubeOptions) async throws {
            let client = try kube.client()
            defer { client.shutdown() }
            for name in list.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
                let ns = try await client.namespaceObject(name)
                guard ns.labels[MeshLabels.monitoredBy] != nil else {
                    throw CLIError("namespace [\(name)] is not in a mesh; add it first: osm namespace add \(name)")
                }
                _ = try await client.patch(ResourcePath.namespaces.object(name),
                                           ["metadata": ["annotations": [MeshLabels.metrics: enabled ? "enabled" : .null]]])
                let pods = try await client.get(ResourcePath.pods.collection(namespace: name) + "?labelSelector=osm-proxy-uuid")
                let annotations = JSON.object(podAnnotations.mapValues { enabled ? JSON.string($0) : JSON.null })
                for pod in pods["items"].arrayValue ?? [] {
                    _ = try await client.patch(ResourcePath.pods.object(pod.name, namespace: name), ["metadata": ["annotations": annotations]])
                }
                print("Metrics successfully \(enabled ? "enabled" : "disabled") in namespace [\(name)]")
            }
        }
    }
}
