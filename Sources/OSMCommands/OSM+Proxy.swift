import ArgumentParser
import Foundation
import Logging
import MeshProtocol
import MeshProxy
import NIOPosix

extension OSM {
    /// `osm proxy`: the sidecar. Today: the outbound path in standalone mode (routes from a ProxyConfig file).
    struct Proxy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the sidecar proxy (standalone: --config FILE).",
            discussion: """
                Outbound connections redirected to --outbound are routed by their original destination \
                (SO_ORIGINAL_DST) and the ProxyConfig's routes; a destination without a route is reset at once. \
                mTLS, the inbound listener, the admin server and the controller stream are not implemented yet: \
                upstream connections are plain TCP.
                """)

        @Option(help: "ProxyConfig JSON file (see Sources/MeshProtocol/README.md).")
        var config: String
        @Option(help: "Address of the outbound listener.")
        var outbound = "127.0.0.1:15001"
        @Option(help: "Event-loop threads.")
        var threads = 1

        func run() async throws {
            let proxyConfig: ProxyConfig
            do {
                proxyConfig = try ProxyConfig(jsonData: Data(contentsOf: URL(fileURLWithPath: config)))
            } catch {
                throw CLIError("cannot read ProxyConfig \(config): \(error)")
            }
            let problems = proxyConfig.validate()
            guard problems.isEmpty else {
                throw CLIError("ProxyConfig \(config) is invalid: " + problems.joined(separator: "; "))
            }
            let parts = outbound.split(separator: ":")
            guard parts.count == 2, let port = Int(parts[1]) else {
                throw CLIError("--outbound must be HOST:PORT, got \(outbound)")
            }
            var logger = Logger(label: "osm.proxy")
            logger.logLevel = .info
            let state = ProxyState(config: proxyConfig)
            let group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, threads))
            let timeout = Int64(proxyConfig.timeouts.connectTimeoutMillis)
            let listener = OutboundListener(state: state, logger: logger, connectTimeout: .milliseconds(timeout))
            let channel = try await listener.bind(host: String(parts[0]), port: port, group: group)
            logger.info("proxy ready", metadata: ["outbound": "\(outbound)", "routes": "\(proxyConfig.outbound.count)"])
            try await channel.closeFuture.get()
        }
    }
}
