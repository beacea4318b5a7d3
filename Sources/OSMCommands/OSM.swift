// OSMCommands: the `osm` command tree as a library (one file per verb group), so tests can parse
// commands without spawning processes.
import ArgumentParser
import ProxyCommand

/// The `osm` command.
public struct OSM: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "osm",
        abstract: "swift-osm: a service mesh for TCP traffic, with an embedded single-node Kubernetes.",
        subcommands: [Cluster.self, Install.self, Uninstall.self, Mesh.self, Version.self, Namespace.self, Metrics.self, Policy.self, Verify.self, Support.self, Controller.self, Injector.self, BenchController.self, ProxyInit.self, Proxy.self, Demo.self])

    public init() {}
}

/// An error the CLI reports as one line and a non-zero exit.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}

extension OSM {
    /// Parses `CommandLine.arguments` and runs the chosen command, exiting with its status.
    public static func runMain(_ arguments: [String]? = nil) async {
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
