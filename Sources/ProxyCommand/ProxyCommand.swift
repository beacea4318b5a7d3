// ProxyCommand: `osm proxy` / `osm-proxy`, the sidecar's command line: reads the ProxyConfig and
// credentials, starts the ProxyRuntime, re-reads the config on SIGHUP and drains on SIGTERM.
import ArgumentParser
import Dispatch
import Foundation
import Logging
import MeshPKI
import MeshProtocol
import MeshProxy
import Synchronization
import MeshTLS
import NIOCore
import NIOPosix

/// A command-line error: one readable line, exit status 1.
public struct ProxyCommandError: Error, CustomStringConvertible {
    /// The line.
    public var description: String
    init(_ message: String) { description = message }
}

/// `osm proxy` (and the slim `osm-proxy` executable): the sidecar, in standalone mode (a
/// ProxyConfig file; SIGHUP reloads it).
public struct ProxyCommand: AsyncParsableCommand {
        /// The command's name, flags and help.
        public static let configuration = CommandConfiguration(
            commandName: "proxy",
            abstract: "Run the sidecar proxy (configs from osm-controller: --controller HOST:PORT; standalone: --config FILE).",
            discussion: """
                Outbound connections redirected to --outbound are routed by their original destination \
                (SO_ORIGINAL_DST) and the config's routes, and carried to the destination's sidecar as streams \
                of a pooled mTLS tunnel; a destination without a route is reset at once, and with no route at \
                all nothing listens on --outbound. --inbound accepts tunnels from other sidecars and authorizes \
                each stream by port and client identity. SIGHUP re-reads --config; SIGTERM drains.
                """)

        @Option(help: "ProxyConfig JSON file (see Sources/MeshProtocol/README.md); SIGHUP re-reads it.")
        var config: String?
        @Option(help: "HOST:PORT of osm-controller's config stream, instead of --config (needs --cert, --key, --ca).")
        var controller: String?
        @Option(help: "The control plane's namespace (the controller's identity is osm-controller.<namespace>).")
        var controllerNamespace = "osm-system"
        @Option(help: "The pod this sidecar serves (default: $POD_NAMESPACE).")
        var podNamespace: String?
        @Option(help: "The pod this sidecar serves (default: $POD_NAME).")
        var podName: String?
        @Option(help: "Address of the outbound listener.")
        var outbound = "127.0.0.1:15001"
        @Option(help: "Address of the inbound listener.")
        var inbound = "0.0.0.0:15003"
        @Option(help: "Address of the admin server (/ready /live /config /metrics), or 'off'.")
        var admin = "127.0.0.1:15000"
        @Option(help: "Certificate chain PEM (leaf first); default: the config's certificates.")
        var cert: String?
        @Option(help: "Private key PEM of the certificate.")
        var key: String?
        @Option(help: "Mesh CA bundle PEM; default: the config's trust bundle.")
        var ca: String?
        @Option(help: "Event-loop threads.")
        var threads = 1
        @Option(help: "Seconds open connections may take to finish after SIGTERM.")
        var drainSeconds = 10
        @Flag(inversion: .prefixedNo, help: "Write a JSON access-log line per connection to stdout.")
        var accessLog = true
        @Option(help: "A rewritten app probe to serve: KIND/CONTAINER=http:PORT/PATH or KIND/CONTAINER=https:PORT (repeatable; set by the injector).")
        var probe: [String] = []
        @Flag(help: "Answer tcpSocket probe checks on 15904 (header Original-Tcp-Port; set by the injector).")
        var tcpHealthcheck = false
        @Flag(help: "Keep start-up code mapped (by default its pages go back to the page cache a second after start-up and after each new config, and a quarter second after each tunnel handshake).")
        var keepStartupPages = false

        /// An empty command, filled in by the parser.
        public init() {}

        /// Runs the sidecar until SIGTERM/SIGINT has drained it.
        public func run() async throws {
            var logger = Logger(label: "osm.proxy")
            logger.logLevel = .info
            let proxyConfig: ProxyConfig
            switch (config, controller) {
            case (let path?, nil): proxyConfig = try Self.load(path)
            case (nil, _?): proxyConfig = try initialConfig()
            default: throw ProxyCommandError("pass either --config FILE or --controller HOST:PORT")
            }
            let verifier = try credentials(proxyConfig).map { creds in
                try PeerVerifier(store: CredentialStore(creds, tls: proxyConfig.tls), trustDomain: proxyConfig.trustDomain)
            }
            if verifier == nil { logger.warning("no mesh certificate: inbound is off and routed connections are reset") }
            var options = ProxyOptions(
                outbound: try Self.address(outbound, "--outbound"), inbound: try Self.address(inbound, "--inbound"),
                admin: admin == "off" ? nil : try Self.address(admin, "--admin"))
            if !keepStartupPages {
                options.releasePagesAfter = .seconds(1)
                options.releasePagesAfterHandshake = .milliseconds(250)
            }
            options.trimHeapEvery = .seconds(5)
            let forwards = try probe.map { text in
                guard let forward = ProbeForward(argument: text) else {
                    throw ProxyCommandError("--probe \(text): expected KIND/CONTAINER=http:PORT/PATH or KIND/CONTAINER=https:PORT (KIND: liveness, readiness, startup)")
                }
                return forward
            }
            if !forwards.isEmpty || tcpHealthcheck {
                options.probes = ProbeServing(forwards: forwards, tcpHealthcheck: tcpHealthcheck)
            }
            let group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, threads))
            let telemetry = ProxyTelemetry(accessLog: accessLog, logger: logger)
            let runtime = ProxyRuntime(
                state: ProxyState(config: proxyConfig, verifier: verifier), telemetry: telemetry, options: options,
                group: group, logger: logger)
            try await runtime.start()
            logger.info("proxy ready", metadata: [
                "outbound": "\(outbound)", "inbound": "\(inbound)", "admin": "\(admin)",
                "routes": "\(proxyConfig.outbound.count)", "version": "\(proxyConfig.version)",
            ])
            var stream: Task<Void, Never>?
            if let controller, let verifier {
                let endpoint = try Self.address(controller, "--controller")
                let env = ProcessInfo.processInfo.environment
                guard let namespace = podNamespace ?? env["POD_NAMESPACE"], let pod = podName ?? env["POD_NAME"] else {
                    throw ProxyCommandError("--controller needs the pod: pass --pod-namespace and --pod-name (or set POD_NAMESPACE, POD_NAME)")
                }
                // The workload key is made here and never leaves the process; the controller signs its request.
                let workloadKey = try WorkloadKey.create(commonName: proxyConfig.identity.principal(trustDomain: proxyConfig.trustDomain))
                let client = ConfigStreamClient(
                    controller: ControllerEndpoint(host: endpoint.host, port: endpoint.port, namespace: controllerNamespace),
                    namespace: namespace, pod: pod, verifier: verifier, csr: workloadKey.csrPEM, group: group, logger: logger)
                let log = logger
                let current = Mutex<CertificateBundle?>(nil)
                stream = Task {
                    await client.run { next in
                        if let bundle = next.certificates, current.withLock({ $0 != bundle }) {
                            do {
                                try verifier.store.replace(MeshCredentials(bundle: bundle, privateKeyPEM: workloadKey.privateKeyPEM))
                                current.withLock { $0 = bundle }
                                log.info("workload certificate installed")
                            } catch {
                                log.error("the controller's certificate does not fit this proxy's key", metadata: ["error": "\(error)"])
                            }
                        }
                        let problems = await runtime.apply(next)
                        if problems.isEmpty {
                            log.info("config applied", metadata: ["version": "\(next.version)", "routes": "\(next.outbound.count)"])
                        } else {
                            log.warning("config refused, keeping the running one", metadata: ["problems": "\(problems.joined(separator: "; "))"])
                        }
                    }
                }
            }
            await Self.serve(runtime, configPath: config, drain: .seconds(Int64(drainSeconds)), logger: logger)
            stream?.cancel()
            try? await group.shutdownGracefully()
        }

        /// Waits for SIGHUP (reload) and SIGTERM/SIGINT (drain, then return).
        static func serve(_ runtime: ProxyRuntime, configPath: String?, drain: TimeAmount, logger: Logger) async {
            let signals = AsyncStream<Int32> { continuation in
                for sig in [SIGHUP, SIGTERM, SIGINT] {
                    signal(sig, SIG_IGN)
                    let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
                    source.setEventHandler { continuation.yield(sig) }
                    source.resume()
                    SignalSources.keep(source)
                }
            }
            for await sig in signals {
                if sig == SIGHUP {
                    guard let configPath else { continue }  // configs come from the controller
                    do {
                        let problems = await runtime.apply(try load(configPath))
                        if !problems.isEmpty {
                            logger.warning("config refused, keeping the running one", metadata: ["problems": "\(problems.joined(separator: "; "))"])
                        }
                    } catch {
                        logger.warning("config reload failed", metadata: ["error": "\(error)"])
                    }
                } else {
                    logger.info("draining", metadata: ["grace": "\(drain.nanoseconds / 1_000_000_000)s"])
                    await runtime.drain(grace: drain)
                    logger.info("drained")
                    return
                }
            }
        }

        static func load(_ path: String) throws -> ProxyConfig {
            let proxyConfig: ProxyConfig
            do {
                proxyConfig = try ProxyConfig(jsonData: Data(contentsOf: URL(fileURLWithPath: path)))
            } catch {
                throw ProxyCommandError("cannot read ProxyConfig \(path): \(error)")
            }
            let problems = proxyConfig.validate()
            guard problems.isEmpty else {
                throw ProxyCommandError("ProxyConfig \(path) is invalid: " + problems.joined(separator: "; "))
            }
            return proxyConfig
        }

        /// Before the controller's first config: no routes, nothing served, the identity of --cert.
        func initialConfig() throws -> ProxyConfig {
            guard let cert, let key, let ca else {
                throw ProxyCommandError("--controller needs the proxy's bootstrap certificate: pass --cert, --key and --ca")
            }
            let identity: ServiceIdentity
            do {
                let creds = try MeshCredentials(certificateChainPEM: String(contentsOfFile: cert, encoding: .utf8),
                                                privateKeyPEM: String(contentsOfFile: key, encoding: .utf8),
                                                trustBundlePEM: String(contentsOfFile: ca, encoding: .utf8))
                guard let id = creds.identity(trustDomain: "cluster.local") else {
                    throw ProxyCommandError("the certificate \(cert) carries no mesh identity (spiffe://cluster.local/ns/<ns>/sa/<sa>)")
                }
                identity = id
            } catch let error as ProxyCommandError {
                throw error
            } catch {
                throw ProxyCommandError("cannot load the proxy's certificate: \(error)")
            }
            return ProxyConfig(version: 0, meshName: "osm", identity: identity, trustDomain: "cluster.local", permissive: false,
                               egressPassthrough: false, tls: TLSSettings(), certificates: nil,
                               timeouts: Timeouts(connectTimeoutMillis: 5000, idleTimeoutMillis: 3_600_000))
        }

        /// The mesh credentials from --cert/--key/--ca or the config's certificates plus --key.
        func credentials(_ proxyConfig: ProxyConfig) throws -> MeshCredentials? {
            guard let key else {
                if cert != nil || ca != nil { throw ProxyCommandError("--cert and --ca need --key (the certificate's private key)") }
                return nil
            }
            do {
                let keyPEM = try String(contentsOfFile: key, encoding: .utf8)
                let chain = try cert.map { try String(contentsOfFile: $0, encoding: .utf8) }
                    ?? proxyConfig.certificates?.certificateChainPEM
                let bundle = try ca.map { try String(contentsOfFile: $0, encoding: .utf8) }
                    ?? proxyConfig.certificates?.trustBundlePEM
                guard let chain, let bundle else {
                    throw ProxyCommandError("--key given but no certificate: pass --cert and --ca, or put certificates in the config")
                }
                return try MeshCredentials(certificateChainPEM: chain, privateKeyPEM: keyPEM, trustBundlePEM: bundle)
            } catch let error as ProxyCommandError {
                throw error
            } catch {
                throw ProxyCommandError("cannot load the proxy's certificate: \(error)")
            }
        }

        static func address(_ text: String, _ flag: String) throws -> (host: String, port: Int) {
            guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
                  (0...65535).contains(port)
            else { throw ProxyCommandError("\(flag) must be HOST:PORT, got \(text)") }
            return (String(text[..<colon]), port)
        }
}

/// Keeps signal sources alive for the life of the process.
enum SignalSources {
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []
    static func keep(_ source: any DispatchSourceSignal) { sources.append(source) }
}

extension ProxyCommand {
    /// Parses `CommandLine.arguments` as the root command and runs it, exiting with its status.
    public static func runMain() async {
        do {
            var command = try parseAsRoot()
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
