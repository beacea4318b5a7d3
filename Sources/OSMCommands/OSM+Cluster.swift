import ArgumentParser
import Foundation
import KubeAPIServer
import KubeClient
import LinuxNet
import NodeRuntime
import Logging

extension OSM {
    /// `osm cluster`: the embedded single-node Kubernetes.
    struct Cluster: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the embedded single-node Kubernetes cluster.",
            subcommands: [Up.self, Down.self, Status.self])
    }
}

/// Options shared by the cluster verbs.
struct ClusterOptions: ParsableArguments {
    @Option(help: "Directory holding the cluster's state, certificates and logs.")
    var dataDir: String = "/var/lib/swift-osm"
}

extension OSM.Cluster {
    /// `osm cluster up`: starts the API server.
    struct Up: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start the embedded cluster's API server.")

        @OptionGroup var options: ClusterOptions
        @Option(help: "Address to listen on.") var address: String = "127.0.0.1"
        @Option(help: "HTTPS port of the API server.") var port: Int = 6443
        @Flag(help: "Run in the background (pid file and log in the data directory).") var detach = false
        @Flag(help: "Do not merge the swift-osm context into ~/.kube/config.") var noKubeconfigMerge = false
        @Option(help: "Name of the embedded node (default: this machine's host name).") var nodeName: String?
        @Option(help: .hidden) var podBridgeNamespace: String?
        @Flag(help: .hidden) var daemonChild = false
        /// How often the running server checks its serving certificate (renewed within 90 days of expiry).
        @Option(help: .hidden) var servingCheckSeconds: Int = 3600

        func run() async throws {
            guard servingCheckSeconds >= 1 else { throw CLIError("--serving-check-seconds must be at least 1, got \(servingCheckSeconds)") }
            let files = ClusterFiles(dataDir: options.dataDir)
            try FileManager.default.createDirectory(atPath: files.dataDir, withIntermediateDirectories: true)
            if let pid = ClusterProcess.runningPID(files) {
                throw CLIError("the cluster in \(files.dataDir) is already running (pid \(pid)); stop it with `osm cluster down --data-dir \(files.dataDir)`")
            }
            if detach { return try startDetached(files) }
            if daemonChild { _ = setsid() }
            let credentials = try files.ensureCredentials()
            var logger = Logger(label: "osm.apiserver")
            logger.logLevel = .info
            ClusterFiles.logRenewal(credentials, file: files.serverCert, logger: logger)
            let runtime = Self.makeRuntime(files: files, bridgeNamespace: podBridgeNamespace, logger: logger)
            // A node that was killed left its pods' processes and sandboxes: remove them before pods start again.
            if let runtime { _ = await runtime.runtime.removeLeftovers() }
            // With a pod network, the `kubernetes` Service points at the bridge address (APIForwarder).
            let advertise = runtime != nil ? runtime!.runtime.network.gateway : (address == "0.0.0.0" ? "127.0.0.1" : address)
            let server = try await APIServer(
                configuration: .init(host: address, port: port, databasePath: files.database,
                                     servingCertificatePEM: credentials.serverCertPEM, servingKeyPEM: credentials.serverKeyPEM,
                                     adminToken: credentials.adminToken, signingSecret: credentials.signingSecret,
                                     advertiseAddress: advertise),
                logger: logger)
            try files.write(files.pidFile, "\(getpid())\n", mode: 0o644)
            defer {
                try? FileManager.default.removeItem(atPath: files.pidFile)
                try? FileManager.default.removeItem(atPath: files.readyFile)
            }
            if let runtime { server.setPodStreams(NodePodStreams(runtime: runtime.runtime, catalog: runtime.catalog)) }
            // With the pod bridge in another namespace, pod addresses (webhooks in pods) are dialled from there.
            if runtime != nil, let hub = podBridgeNamespace {
                server.setPodNetworkDialer { host, port, millis in
                    guard let port = UInt16(exactly: port) else { return nil }
                    return NetnsSocket.connect(in: hub, host: host, port: port, timeoutMillis: millis)
                }
            }
            let merge = !noKubeconfigMerge
            let readyLogger = logger
            let host = address == "0.0.0.0" ? "127.0.0.1" : address
            // The serving certificate is checked while the server runs, and renewed without a restart when due.
            let checkEvery = servingCheckSeconds
            let renewals = Task { [tls = server.servingTLS] in
                guard let tls else { return }
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(checkEvery))
                    if !Task.isCancelled { files.refreshServing(tls, logger: logger) }
                }
            }
            defer { renewals.cancel() }
            // However the server's run ends (a failed graceful shutdown throws), the pods are stopped below.
            var stopped: (any Error)?
            do {
                try await server.run(handleSignals: true) { bound in
                    let url = "https://\(host):\(bound)"
                    do {
                        try files.writeKubeconfig(server: url, credentials: credentials)
                    } catch {
                        readyLogger.error("cannot write the admin kubeconfig", metadata: ["error": "\(error)"])
                    }
                    if merge, let home = ProcessInfo.processInfo.environment["HOME"] {
                        do {
                            try ClusterFiles.mergeKubeconfig(at: home + "/.kube/config", server: url, credentials: credentials)
                        } catch {
                            readyLogger.error("cannot merge the swift-osm context into ~/.kube/config; use the admin kubeconfig",
                                              metadata: ["error": "\(error)"])
                        }
                    }
                    do { try files.write(files.readyFile, "\(bound)\n", mode: 0o644) } catch {
                        readyLogger.error("cannot write the ready file", metadata: ["error": "\(error)"])
                    }
                    readyLogger.info("API server ready", metadata: ["url": "\(url)", "kubeconfig": "\(files.kubeconfig)"])
                    Self.startNode(host: host, port: bound, credentials: credentials, nodeName: nodeName, runtime: runtime?.runtime,
                                   logger: readyLogger)
                    if let runtime {
                        do { _ = try await APIForwarder.start(network: runtime.runtime.network, port: bound, logger: readyLogger) } catch {
                            readyLogger.error("pods cannot reach the API server", metadata: ["error": "\(error)"])
                        }
                    }
                }
            } catch {
                stopped = error
            }
            // The node's containers are this process's children: stop them and remove their sandboxes.
            await runtime?.runtime.stopAll(grace: .seconds(10))
            runtime?.runtime.network.removeBridge()
            if let stopped { throw stopped }
        }

        private func startDetached(_ files: ClusterFiles) throws {
            try? FileManager.default.removeItem(atPath: files.readyFile)
            var args = ["cluster", "up", "--data-dir", files.dataDir, "--address", address, "--port", String(port), "--daemon-child"]
            if noKubeconfigMerge { args.append("--no-kubeconfig-merge") }
            if let nodeName { args += ["--node-name", nodeName] }
            if let podBridgeNamespace { args += ["--pod-bridge-namespace", podBridgeNamespace] }
            args += ["--serving-check-seconds", String(servingCheckSeconds)]
            let pid = try ClusterProcess.spawnDetached(args: args, log: files.logFile)
            for _ in 0..<600 {
                if FileManager.default.fileExists(atPath: files.readyFile) {
                    print("cluster is up (pid \(pid)); kubeconfig: \(files.kubeconfig); log: \(files.logFile)")
                    return
                }
                if kill(pid, 0) != 0 {
                    throw CLIError("the API server exited during start-up; see \(files.logFile)")
                }
                usleep(100_000)
            }
            throw CLIError("the API server did not become ready within 60 s; see \(files.logFile)")
        }
    }

    /// `osm cluster down`: stops a detached API server.
    struct Down: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop the embedded cluster's API server.")
        @OptionGroup var options: ClusterOptions

        func run() async throws {
            let files = ClusterFiles(dataDir: options.dataDir)
            guard let pid = ClusterProcess.runningPID(files) else {
                print("cluster in \(files.dataDir) is not running")
                return
            }
            let graceful = try ClusterProcess.stop(pid: pid, grace: 30)
            try? FileManager.default.removeItem(atPath: files.pidFile)
            try? FileManager.default.removeItem(atPath: files.readyFile)
            if !graceful {
                // Killed before its pods were stopped: remove what they left, as the next `up` would.
                let killed = await OSM.Cluster.Up.removeLeftovers(files)
                print("cluster did not stop within 30 s and was killed (pid \(pid)); removed what its pods left (\(killed) processes)")
                return
            }
            print("cluster stopped (pid \(pid))")
        }
    }

    /// `osm cluster status`: reports whether the API server runs and answers.
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show whether the embedded cluster is running.")
        @OptionGroup var options: ClusterOptions

        func run() async throws {
            let files = ClusterFiles(dataDir: options.dataDir)
            guard let pid = ClusterProcess.runningPID(files) else {
                print("stopped")
                throw ExitCode(3)
            }
            let port = (try? files.read(files.readyFile))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
            print("running (pid \(pid), https://127.0.0.1:\(port), kubeconfig \(files.kubeconfig))")
        }
    }
}

extension OSM.Cluster.Up {
    /// Starts the embedded node's controllers as clients of the API server that just became ready.
    static func startNode(host: String, port: Int, credentials: ClusterFiles.Credentials, nodeName: String?,
                          runtime: PodRuntime?, logger: Logger) {
        let name = nodeName ?? ProcessInfo.processInfo.hostName.lowercased().split(separator: ".").first.map(String.init) ?? "swift-osm"
        do {
            let client = try KubeClient(config: ClientConfig(host: host, port: port, caPEM: credentials.caPEM,
                                                             token: credentials.adminToken))
            var nodeLogger = logger
            nodeLogger[metadataKey: "component"] = "node"
            if let runtime { Task { await runtime.attach(client: client, clusterCAPEM: credentials.caPEM) } }
            let controllers = Task {
                await ClusterControllers(client: client, nodeName: name, runtime: runtime, logger: nodeLogger).run()
                client.shutdown()
            }
            // On SIGTERM/SIGINT the controllers stop first, so their watches do not hold up the
            // API server's graceful shutdown.
            TerminationSignals.handle(takingOver: false) {
                controllers.cancel()
                // Pods stop at once, whatever the API server's own shutdown is waiting for.
                if let runtime { Task { await runtime.stopAll(grace: .seconds(10)) } }
            }
            logger.info("node controllers started", metadata: ["node": "\(name)"])
        } catch {
            logger.error("cannot start the node controllers", metadata: ["error": "\(error)"])
        }
    }
}

extension OSM.Cluster.Up {
    /// Removes the pods' processes, sandboxes and mount points a killed node left (nothing is created:
    /// no bridge, no images). Returns how many processes were killed; 0 when not root.
    static func removeLeftovers(_ files: ClusterFiles) async -> Int {
        guard getuid() == 0, let ipam = try? PodIPAM(path: files.dataDir + "/ipam.json") else { return 0 }
        let catalog = ImageCatalog(busyboxDir: files.dataDir + "/images/busybox/bin", binaryDir: "/nonexistent")
        let runtime = PodRuntime(network: PodNetwork(), ipam: ipam, catalog: catalog, podsDir: files.dataDir + "/pods",
                                 logger: Logger(label: "osm.cluster.down"))
        return await runtime.removeLeftovers()
    }

    /// The pod runtime (bridge, sandboxes, BusyBox image), or nil where pods cannot run (not root,
    /// no `ip`/`busybox`): the cluster still serves the API and schedules pods, and says why.
    static func makeRuntime(files: ClusterFiles, bridgeNamespace: String?, logger: Logger)
        -> (runtime: PodRuntime, catalog: ImageCatalog)?
    {
        guard getuid() == 0 else {
            logger.warning("not root: pods will be scheduled but not run (the node needs CAP_NET_ADMIN)")
            return nil
        }
        let busybox = ["/bin/busybox", "/usr/bin/busybox"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let busybox else {
            logger.warning("busybox is not installed (apt-get install busybox): pods will not run")
            return nil
        }
        do {
            let imagesDir = files.dataDir + "/images/busybox/bin"
            if !FileManager.default.fileExists(atPath: imagesDir + "/sh") {
                try FileManager.default.createDirectory(atPath: imagesDir, withIntermediateDirectories: true)
                let p = Process()
                p.executableURL = URL(fileURLWithPath: busybox)
                p.arguments = ["--install", "-s", imagesDir]
                try p.run()
                p.waitUntilExit()
            }
            let osm = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            let binaryDir = osm.deletingLastPathComponent().path
            // The demo images' programs are launchers of `osm demo …` (world-readable, like the binary).
            let demoDir = files.dataDir + "/images/demo/bin"
            try FileManager.default.createDirectory(atPath: demoDir, withIntermediateDirectories: true)
            try "#!/bin/sh\nexec \(osm.path) demo tcp-echo-server \"$@\"\n".write(toFile: demoDir + "/tcp-echo-server", atomically: true, encoding: .utf8)
            chmod(demoDir + "/tcp-echo-server", 0o755)
            let catalog = ImageCatalog(busyboxDir: imagesDir, binaryDir: binaryDir, demoDir: demoDir, userFile: files.dataDir + "/images.json")
            do { _ = try ImageCatalog.userImages(at: files.dataDir + "/images.json") } catch {
                logger.warning("images.json cannot be read; its images are unknown until it is fixed", metadata: ["error": "\(error)"])
            }
            let network = PodNetwork(bridgeNamespace: bridgeNamespace)
            try network.ensureBridge()
            let ipam = try PodIPAM(path: files.dataDir + "/ipam.json")
            var runtimeLogger = logger
            runtimeLogger[metadataKey: "component"] = "runtime"
            let runtime = PodRuntime(network: network, ipam: ipam, catalog: catalog, podsDir: files.dataDir + "/pods",
                                     logger: runtimeLogger)
            return (runtime, catalog)
        } catch {
            logger.error("cannot prepare the pod network; pods will not run", metadata: ["error": "\(error)"])
            return nil
        }
    }
}
