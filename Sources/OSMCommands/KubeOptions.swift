// Options shared by the verbs that talk to a cluster: which kubeconfig and context, and the
// control plane's namespace — the same flags and defaults as OSM's CLI.
import ArgumentParser
import Foundation
import KubeClient

/// `--kubeconfig`, `--context`, `--osm-namespace`.
struct KubeOptions: ParsableArguments {
    @Option(help: "Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config).")
    var kubeconfig: String?

    @Option(help: "The kubeconfig context to use (default: its current context).")
    var context: String?

    @Option(name: .customLong("osm-namespace"), help: "The namespace of the mesh's control plane.")
    var osmNamespace = "osm-system"

    /// The kubeconfig path the flags and environment choose.
    var kubeconfigPath: String { Self.path(kubeconfig) }

    /// `explicit`, else the first file of $KUBECONFIG, else ~/.kube/config.
    static func path(_ explicit: String?) -> String {
        if let explicit { return explicit }
        if let env = ProcessInfo.processInfo.environment["KUBECONFIG"], !env.isEmpty {
            return String(env.split(separator: ":").first ?? "")
        }
        return (ProcessInfo.processInfo.environment["HOME"] ?? "/root") + "/.kube/config"
    }

    /// A client of the chosen cluster; an unreadable kubeconfig is a one-line error.
    func client() throws -> KubeClient {
        do {
            return try KubeClient(config: ClientConfig.kubeconfig(path: kubeconfigPath, context: context))
        } catch {
            throw CLIError("\(error)")
        }
    }
}

/// Columns aligned as kubectl prints them (three spaces between columns).
func table(_ header: [String], _ rows: [[String]]) -> String {
    let all = [header] + rows
    let widths = header.indices.map { i in all.map { $0[i].count }.max() ?? 0 }
    return all.map { row in
        row.enumerated().map { i, cell in i == row.count - 1 ? cell : cell.padding(toLength: widths[i] + 3, withPad: " ", startingAt: 0) }
            .joined()
    }.joined(separator: "\n") + "\n"
}
