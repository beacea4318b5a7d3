// `osm proxy`: runs the sidecar (the default subcommand, so `osm proxy --controller …` works as injected) and
// `osm proxy get QUERY POD`, which reads a running sidecar's admin endpoint through the API server.
import ArgumentParser
import Foundation
import KubeClient
import ProxyCommand

extension OSM {
    /// `osm proxy`.
    struct Proxy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "proxy", abstract: "Run the sidecar proxy, or read a running sidecar's admin endpoints.",
            subcommands: [ProxyCommand.self, Get.self], defaultSubcommand: ProxyCommand.self)
    }
}

extension OSM.Proxy {
    /// `osm proxy get QUERY POD -n NS`.
    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a sidecar's admin endpoint: config (alias config_dump), metrics (alias stats), ready, live.")
        @OptionGroup var kube: KubeOptions
        @Option(name: .shortAndLong, help: "The pod's namespace.") var namespace = "default"
        @Option(name: [.customShort("f"), .customLong("file")], help: "Write the output to this file instead of stdout.")
        var file: String?
        @Argument(help: "What to read: config, metrics, ready, live (or OSM's config_dump, stats).") var query: String
        @Argument(help: "The pod.") var pod: String

        func run() async throws {
            guard let path = ProxyAdmin.aliases[query] else {
                throw CLIError("unknown query \"\(query)\"; use one of: \(ProxyAdmin.aliases.keys.sorted().joined(separator: ", "))")
            }
            let client = try kube.client()
            defer { client.shutdown() }
            _ = try await ProxyAdmin.meshedPod(client, namespace: namespace, name: pod)
            let (status, body) = try await ProxyAdmin.get(client, namespace: namespace, pod: pod, path: "/" + path)
            let text = String(decoding: path == "config" ? ProxyAdmin.pretty(body) : body, as: UTF8.self)
            if let file {
                do { try text.write(toFile: file, atomically: true, encoding: .utf8) } catch {
                    throw CLIError("cannot write \(file): \(error.localizedDescription)")
                }
            } else {
                print(text, terminator: "")
            }
            // /ready answers 503 while the sidecar has no config: the output says so, the exit status too.
            if status != 200 { throw ExitCode(1) }
        }
    }
}
