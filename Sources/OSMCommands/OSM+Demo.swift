import ArgumentParser
import DemoApps
import Logging
import NIOPosix

extension OSM {
    /// `osm demo`: the demo applications the guide deploys (what the demo images run).
    struct Demo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a demo application.", subcommands: [TCPEcho.self])
    }
}

extension OSM.Demo {
    /// `osm demo tcp-echo-server`: OSM's tcp-echo-server.
    struct TCPEcho: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "tcp-echo-server",
            abstract: "Answer each line with `echo response: <line>` (OSM's tcp-echo-server).")

        @Option(help: "Port to listen on.") var port = 9090
        @Option(help: "Log level (debug, info, warning, error).") var logLevel = "debug"

        func run() async throws {
            var logger = Logger(label: "tcp-echo-server")
            logger.logLevel = Logger.Level(rawValue: logLevel.lowercased()) ?? .debug
            let channel = try await TCPEchoServer.bind(port: port, group: MultiThreadedEventLoopGroup.singleton, logger: logger)
            logger.info("listening", metadata: ["port": "\(port)"])
            try await channel.closeFuture.get()
        }
    }
}
