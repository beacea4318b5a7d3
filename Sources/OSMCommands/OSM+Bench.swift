// `osm bench-controller` (hidden): the controller's scale figures for bench/mesh-bench.sh.
import ArgumentParser
import MeshController

extension OSM {
    /// Runs `ControllerBenchmark` and prints its figures.
    struct BenchController: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "bench-controller", abstract: "Controller scale benchmark.",
                                                        shouldDisplay: false)
        @Option var proxies = 1000
        @Option var services = 100
        @Option var namespaces = 10

        func run() async throws {
            let f = await ControllerBenchmark.run(proxies: proxies, services: services, namespaces: namespaces)
            let perProxy = Double(f.rssAfterKB - f.rssBeforeKB) / Double(max(1, f.proxies))
            print("proxies \(f.proxies), services \(f.services) (permissive: every proxy gets every service)")
            print(String(format: "full push: %.2f s, %.1f MB of configs encoded and sent", f.pushSeconds, Double(f.bytesSent) / 1e6))
            print("controller RSS: \(f.rssBeforeKB) kB before registering, \(f.rssAfterKB) kB after the push; "
                  + String(format: "%.1f kB per proxy", perProxy))
        }
    }
}
