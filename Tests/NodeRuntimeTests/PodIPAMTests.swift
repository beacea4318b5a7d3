// Pod addresses: lowest free first, stable per pod, reused after release, kept across restarts.
import Foundation
import NodeRuntime
import Testing

@Suite("Pod IP allocation")
struct PodIPAMTests {
    @Test func addressesAreStablePerPodAndSurviveARestart() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ipam-\(UUID().uuidString.prefix(6)).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let ipam = try PodIPAM(path: path)
        #expect(try ipam.address(for: "a") == "10.244.0.2")
        #expect(try ipam.address(for: "b") == "10.244.0.3")
        #expect(try ipam.address(for: "a") == "10.244.0.2")
        try ipam.release("a")
        #expect(try ipam.address(for: "c") == "10.244.0.2")
        let again = try PodIPAM(path: path)
        #expect(again.allocations == ["b": "10.244.0.3", "c": "10.244.0.2"])
        #expect(try again.address(for: "d") == "10.244.0.4")
    }
}
