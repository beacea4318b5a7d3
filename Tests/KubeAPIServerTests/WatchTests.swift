import Foundation
import Testing

@Suite("kubectl: watch and restart", .serialized)
struct WatchTests {
    @Test func getWatchPrintsEventsAsTheyHappen() async throws {
        let c = try await TestCluster.start()
        defer { c.shutdown() }
        _ = try await c.kubectl("create", "ns", "w")
        let watch = try c.kubectlBackground("get", "configmaps", "-n", "w", "-w")
        defer { watch.stop() }
        try await Task.sleep(nanoseconds: 300_000_000)
        _ = try await c.kubectl("create", "configmap", "first", "-n", "w", "--from-literal=a=1")
        #expect(await watch.waitFor("first"), "\(watch.text)")
        _ = try await c.kubectl("create", "configmap", "second", "-n", "w", "--from-literal=a=1")
        #expect(await watch.waitFor("second"), "\(watch.text)")
        #expect(watch.text.contains("DATA"), "the Table header is printed once: \(watch.text)")
    }

    @Test func restartKeepsObjectsAndResourceVersionsIncrease() async throws {
        let c = try await TestCluster.start()
        defer { c.shutdown() }
        _ = try await c.kubectl("create", "ns", "keep")
        _ = try await c.kubectl("create", "configmap", "a", "-n", "keep", "--from-literal=k=v")
        var r = try await c.kubectl("get", "cm", "a", "-n", "keep", "-o", "jsonpath={.metadata.resourceVersion} {.metadata.uid}")
        let before = r.out.split(separator: " ")
        await c.stop()
        try await c.boot()
        r = try await c.kubectl("get", "cm", "a", "-n", "keep", "-o", "jsonpath={.metadata.resourceVersion} {.metadata.uid} {.data.k}")
        let after = r.out.split(separator: " ")
        #expect(after.count == 3 && after[0] == before[0] && after[1] == before[1] && after[2] == "v", "\(r)")
        r = try await c.kubectl("create", "configmap", "b", "-n", "keep", "--from-literal=k=v", "-o", "jsonpath={.metadata.resourceVersion}")
        #expect((Int(r.out) ?? 0) > (Int(before[0]) ?? .max), "resourceVersions keep increasing after a restart: \(r)")
    }

    @Test func watchFromCompactedRevisionGets410() async throws {
        let c = try await TestCluster.start(watchHistory: 5)
        defer { c.shutdown() }
        _ = try await c.kubectl("create", "ns", "old")
        for i in 0..<10 { _ = try await c.kubectl("create", "configmap", "c\(i)", "-n", "old") }
        let r = try await c.kubectl("get", "--raw", "/api/v1/namespaces/old/configmaps?watch=true&resourceVersion=2&timeoutSeconds=1")
        #expect(r.out.contains("\"type\":\"ERROR\"") && r.out.contains("\"code\":410") && r.out.contains("too old resource version"), "\(r)")
    }

    @Test func fieldValidationWarnSendsWarnings() async throws {
        let c = try await TestCluster.start()
        defer { c.shutdown() }
        _ = try await c.kubectl("create", "ns", "warn")
        let r = try await c.kubectl("apply", "--validate=warn", "-n", "warn", "-f", "-",
                                    stdin: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\nbogus: 1\n")
        #expect(r.code == 0 && r.err.contains("Warning: unknown field \"bogus\""), "\(r)")
    }

    @Test func watchFromOldRevisionReplays() async throws {
        let c = try await TestCluster.start()
        defer { c.shutdown() }
        _ = try await c.kubectl("create", "ns", "r")
        var r = try await c.kubectl("create", "configmap", "a", "-n", "r", "--from-literal=k=v", "-o", "jsonpath={.metadata.resourceVersion}")
        let rv = r.out
        _ = try await c.kubectl("create", "configmap", "b", "-n", "r", "--from-literal=k=v")
        _ = try await c.kubectl("delete", "configmap", "a", "-n", "r")
        r = try await c.kubectl("get", "--raw", "/api/v1/namespaces/r/configmaps?watch=true&resourceVersion=\(rv)&timeoutSeconds=1")
        let lines = r.out.split(separator: "\n")
        #expect(lines.count == 2, "\(r)")
        #expect(lines.first?.contains("\"type\":\"ADDED\"") == true && lines.first?.contains("\"name\":\"b\"") == true)
        #expect(lines.last?.contains("\"type\":\"DELETED\"") == true && lines.last?.contains("\"name\":\"a\"") == true)
    }
}
