// `osm verify connectivity --from-pod NS/P --to-pod NS/P --to-service SVC`: reads both sidecars' live configs
// through the API server and checks the path between them (MeshPolicy.ConnectivityCheck), as OSM's verify does
// from Envoy config dumps. `osm verify control-plane-health`: the control plane's Deployments, pods and
// liveness endpoints (MeshPolicy.ControlPlaneHealth).
import ArgumentParser
import KubeClient
import KubeModel
import MeshPolicy
import MeshProtocol

extension OSM {
    /// `osm verify`.
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Verify the mesh's configuration.", subcommands: [Connectivity.self, ControlPlaneHealthCheck.self])
    }
}

extension OSM.Verify {
    /// `osm verify connectivity`.
    struct Connectivity: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify from both sidecars' live configs that a pod can reach another through a service.")
        @OptionGroup var kube: KubeOptions
        @Option(name: .customLong("from-pod"), help: "The source pod, NAMESPACE/NAME.") var fromPod: String
        @Option(name: .customLong("to-pod"), help: "The destination pod, NAMESPACE/NAME.") var toPod: String
        @Option(name: .customLong("to-service"), help: "The destination Service, in the destination pod's namespace.") var toService: String
        @Option(name: .customLong("app-protocol"), help: "The application protocol: tcp, tcp-server-first, http, https, grpc (all checked at L4).")
        var appProtocol = "tcp"

        static func split(_ text: String, flag: String) throws -> (String, String) {
            let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw CLIError("--\(flag) must be NAMESPACE/NAME, got \"\(text)\"")
            }
            return (parts[0], parts[1])
        }

        func run() async throws {
            let protocols = ["tcp", "tcp-server-first", "http", "https", "grpc"]
            guard protocols.contains(appProtocol) else {
                throw CLIError("--app-protocol \(appProtocol) is not one of \(protocols.joined(separator: ", "))")
            }
            let (sns, sname) = try Self.split(fromPod, flag: "from-pod"), (dns, dname) = try Self.split(toPod, flag: "to-pod")
            let client = try kube.client()
            defer { client.shutdown() }
            _ = try await ProxyAdmin.meshedPod(client, namespace: sns, name: sname)
            let destinationPod = try await ProxyAdmin.meshedPod(client, namespace: dns, name: dname)
            do { _ = try await client.get(ResourcePath.services.object(toService, namespace: dns)) } catch let e as KubeClientError where e.isNotFound {
                throw CLIError("service \(dns)/\(toService) does not exist")
            }
            guard let ip = destinationPod[["status", "podIP"]].stringValue else { throw CLIError("pod \(dns)/\(dname) has no IP yet") }
            let source = try await ProxyAdmin.config(client, namespace: sns, pod: sname)
            let destination = try await ProxyAdmin.config(client, namespace: dns, pod: dname)
            let findings = ConnectivityCheck.findings(source: source, destination: destination,
                                                      service: ServiceRef(namespace: dns, name: toService), destinationIP: ip)
            try OSM.Verify.report("Verify if pod \"\(sns)/\(sname)\" can access pod \"\(dns)/\(dname)\" for service \"\(dns)/\(toService)\" (\(appProtocol), checked at L4)",
                                  findings)
        }
    }
}

extension OSM.Verify {
    /// Prints a verification's context, status and findings; fails with exit code 1 unless all passed.
    static func report(_ context: String, _ findings: [ConnectivityFinding]) throws {
        print("---------------------------------------------")
        print("[+] Context: \(context)")
        let ok = findings.allSatisfy(\.passed)
        print("Status: \(ok ? "Success" : "Failure")")
        for f in findings { print("  [\(f.passed ? "✓" : "x")] \(f.text)") }
        print("---------------------------------------------")
        if !ok { throw ExitCode(1) }
    }

    /// `osm verify control-plane-health`.
    struct ControlPlaneHealthCheck: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "control-plane-health",
            abstract: "Verify the health of the mesh's control plane: its Deployments, pods and liveness endpoints.")
        @OptionGroup var kube: KubeOptions

        func run() async throws {
            let client = try kube.client()
            defer { client.shutdown() }
            let ns = kube.osmNamespace
            var findings: [ConnectivityFinding] = []
            for component in ControlPlaneHealth.components {
                var deployment: JSON?
                do { deployment = try await client.get(ResourcePath.deployments.object(component, namespace: ns)) } catch let e as KubeClientError where e.isNotFound {
                    deployment = nil
                }
                let selector = "app%3D" + component
                let pods = deployment == nil ? []
                    : (try await client.get(ResourcePath.pods.collection(namespace: ns) + "?labelSelector=\(selector)"))["items"].arrayValue ?? []
                var probes: [String: ControlPlaneHealth.ProbeAnswer] = [:]
                for pod in ControlPlaneHealth.probeTargets(pods) {
                    probes[pod] = await Self.liveness(client, namespace: ns, pod: pod)
                }
                findings += ControlPlaneHealth.findings(component: component, namespace: ns, deployment: deployment, pods: pods, probes: probes)
            }
            try OSM.Verify.report("Verify the health of the control plane in namespace \"\(ns)\"", findings)
        }

        /// Asks a control-plane pod's liveness endpoint through the API server's port forwarding.
        static func liveness(_ client: KubeClient, namespace: String, pod: String) async -> ControlPlaneHealth.ProbeAnswer {
            do {
                let bytes = try await ProxyAdmin.exchange(client, namespace: namespace, pod: pod, port: ControlPlaneHealth.healthPort,
                                                          path: ControlPlaneHealth.livenessPath)
                guard let response = HTTPResponseText(bytes) else { return .unreachable("no HTTP response") }
                return .status(response.status)
            } catch {
                return .unreachable("\(error)")
            }
        }
    }
}
