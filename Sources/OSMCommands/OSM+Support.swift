// `osm support bug-report`: collects the control plane's state and logs, and the chosen app namespaces'
// and pods' state, logs and sidecar configs (BugReport), into a .tar.gz (or .tar) archive, as OSM's does.
import ArgumentParser
import Foundation
import KubeClient
import KubeModel
import LinuxNet

extension OSM {
    /// `osm support`.
    struct Support: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Help troubleshoot the mesh.", subcommands: [BugReportCommand.self])
    }
}

extension OSM.Support {
    /// `osm support bug-report`.
    struct BugReportCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bug-report",
            abstract: "Collect the control plane's and the chosen apps' state, logs and sidecar configs into an archive.",
            discussion: "Audit the archive before sharing it: pod specs and logs may hold sensitive data. Secrets are not collected.")
        @OptionGroup var kube: KubeOptions
        @Flag(help: "Every pod of every namespace in a mesh.") var all = false
        @Option(name: .customLong("app-namespaces"), help: "App namespaces, comma-separated (repeatable).") var appNamespaces: [String] = []
        @Option(name: .customLong("app-deployments"), help: "App Deployments as NAMESPACE/NAME, comma-separated (repeatable).")
        var appDeployments: [String] = []
        @Option(name: .customLong("app-pods"), help: "App pods as NAMESPACE/NAME, comma-separated (repeatable).") var appPods: [String] = []
        @Option(name: [.customShort("o"), .customLong("out-file")], help: "The archive: .tar.gz, .tgz or .tar (default: a new .tar.gz in $TMPDIR).")
        var outFile: String?

        /// Comma-separated values of a repeatable option, in order, without empties or repeats.
        static func values(_ options: [String]) -> [String] {
            var seen = Set<String>()
            return options.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
                .filter { !$0.isEmpty && seen.insert($0).inserted }
        }

        /// NAMESPACE/NAME, or an error naming the flag.
        static func namespaced(_ text: String, flag: String) throws -> (namespace: String, name: String) {
            let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { throw CLIError("--\(flag) takes NAMESPACE/NAME, got \"\(text)\"") }
            return (parts[0], parts[1])
        }

        func run() async throws {
            let out = try outFile.map { try Self.checkedArchivePath($0) }
            let deployments = try Self.values(appDeployments).map { try Self.namespaced($0, flag: "app-deployments") }
            var pods = try Self.values(appPods).map { try Self.namespaced($0, flag: "app-pods") }
            var namespaces = Self.values(appNamespaces)
            let client = try kube.client()
            defer { client.shutdown() }
            let staging = FileManager.default.temporaryDirectory.appendingPathComponent("osm-bug-report-\(UUID().uuidString.prefix(8))").path
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            defer { try? FileManager.default.removeItem(atPath: staging) }
            let report = BugReport(client: client, root: staging)
            print("[+] Created staging dir \(staging) to generate bug report")

            print("[+] Collecting information about meshed namespaces")
            let meshed = try await client.get(ResourcePath.namespaces.collection() + "?labelSelector=\(KubeClient.escape(MeshLabels.monitoredBy))")
            let meshedItems = (meshed["items"].arrayValue ?? []).sorted { $0.name < $1.name }
            try report.write("namespaces/namespaces.json", json: meshed)
            if all {
                namespaces = meshedItems.map(\.name)
                for ns in namespaces {
                    let list = try await client.get(ResourcePath.pods.collection(namespace: ns))
                    pods += (list["items"].arrayValue ?? []).map { ($0.namespace, $0.name) }
                }
            }
            for ns in namespaces { Self.done(await report.collectNamespace(ns), "Collected report from Namespace \"\(ns)\"") }

            print("[+] Collecting information from individual app pods")
            for (ns, name) in deployments { pods += await Self.pods(of: ns, name, client) }
            var seen = Set<String>()
            for (ns, name) in pods where seen.insert("\(ns)/\(name)").inserted {
                Self.done(await report.collectPod(namespace: ns, name: name, under: "namespaces/\(ns)/pods/\(name)"),
                          "Collected report for Pod \"\(ns)/\(name)\"")
            }

            print("[+] Collecting information from control plane pods")
            Self.done(await report.collectControlPlane(kube.osmNamespace), "Collected report from the control plane in \"\(kube.osmNamespace)\"")

            let archive = out ?? FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString.prefix(8))_osm-bug-report.tar.gz").path
            let result = try Command.run("/bin/tar", [archive.hasSuffix(".tar") ? "-cf" : "-czf", archive, "-C", staging, "."])
            guard result.code == 0 else { throw CLIError("cannot write the archive \(archive): \(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines))") }
            print("✓ Bug report written to \(archive)")
        }

        /// An archive path with a supported extension, or an error naming them.
        static func checkedArchivePath(_ path: String) throws -> String {
            guard [".tar.gz", ".tgz", ".tar"].contains(where: { path.hasSuffix($0) }) else {
                throw CLIError("--out-file \(path): the archive must end in .tar.gz, .tgz or .tar")
            }
            return path
        }

        /// Prints a step's outcome: a check mark when everything was collected.
        static func done(_ ok: Bool, _ message: String) {
            print(ok ? "✓ \(message)" : "x \(message), with the errors above")
        }

        /// The pods of a Deployment (by its template's labels); a missing Deployment is reported and skipped.
        static func pods(of namespace: String, _ name: String, _ client: KubeClient) async -> [(String, String)] {
            do {
                let deployment = try await client.get(ResourcePath.deployments.object(name, namespace: namespace))
                let labels = (deployment[["spec", "selector", "matchLabels"]].objectValue ?? [:])
                    .compactMap { key, value in value.stringValue.map { "\(key)=\($0)" } }.sorted().joined(separator: ",")
                let list = try await client.get(ResourcePath.pods.collection(namespace: namespace) + "?labelSelector=\(KubeClient.escape(labels))")
                return (list["items"].arrayValue ?? []).map { (namespace, $0.name) }
            } catch {
                FileHandle.standardError.write(Data("x Deployment \(namespace)/\(name) skipped: \(error)\n".utf8))
                return []
            }
        }
    }
}
