// Random and malformed input to the config decoder and the lookups the proxy runs per
// connection: decoding either succeeds or throws, validation and lookups never crash.
import Foundation
import MeshProtocol
import SeededRandom
import Testing

@Suite("ProxyConfig decoding under random input")
struct ConfigFuzzTests {
    /// Decodes, validates and asks every per-connection question; only errors may come out.
    func exercise(_ data: Data) {
        guard let config = try? ProxyConfig(jsonData: data) else { return }
        _ = config.validate()
        _ = config.outboundDecision(for: (ip: 0x0A60_0014, port: 9000))
        _ = config.inboundDecision(port: 9000, peer: Demo.curl, serverName: "x")
        for route in config.outbound { _ = config.resolve(route).backend(at: 12345) }
    }

    @Test func mutatedDocumentsNeverCrash() throws {
        let valid = Array(try Demo.curlConfig.jsonData())
        var rng = SplitMix64(seed: 7)
        let alphabet = Array(#"{}[]:,"0123456789-.etruefalsn\ "#.utf8)
        for _ in 0..<5_000 {
            var bytes = valid
            for _ in 0..<(1 + rng.next() % 6) {
                let at = Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 3 {
                case 0: bytes[at] = alphabet[Int(rng.next() % UInt64(alphabet.count))]
                case 1: bytes.remove(at: at)
                default: bytes.insert(alphabet[Int(rng.next() % UInt64(alphabet.count))], at: at)
                }
            }
            exercise(Data(bytes))
        }
    }

    @Test func randomBytesNeverCrash() {
        var rng = SplitMix64(seed: 99)
        for _ in 0..<5_000 {
            let count = Int(rng.next() % 200)
            exercise(Data((0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }))
        }
    }

    @Test func hostileValuesAreRefusedByValidation() throws {
        var config = Demo.curlConfig
        config.outbound[0].addresses = ["999.1.1.1", "not-an-ip"]
        config.clusters[0].endpoints[0].address = "10.0.0"
        config.timeouts.connectTimeoutMillis = 0
        #expect(!config.validate().isEmpty)
        let json = #"{"schema":1,"version":18446744073709551616}"#
        #expect(throws: (any Error).self) { try ProxyConfig(jsonData: Data(json.utf8)) }
    }
}
