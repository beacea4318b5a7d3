import Foundation
import Testing

@Suite("kubectl: namespaces and basics", .serialized)
struct NamespaceTests {
    @Test func versionReportsMinor32() async throws {
        let c = try await TestCluster.start()
        defer { c.shutdown() }
        let r = try await c.kubectl("version", "-o", "json")
        #expect(r.code == 0, "\(r)")
        #expect(r.out.contains("\"minor\": \"32\""))
    }

    @Test func createGetDeleteNamespace() async throws {
        let c = try await TestCluster.start()
        defer { c.shutdown() }
        var r = try await c.kubectl("create", "namespace", "tcp-demo")
        #expect(r.code == 0, "\(r)")
        #expect(r.out.trimmingCharacters(in: .whitespacesAndNewlines) == "namespace/tcp-demo created")
        r = try await c.kubectl("create", "namespace", "tcp-demo")
        #expect(r.code == 1)
        #expect(r.err.contains("Error from server (AlreadyExists): namespaces \"tcp-demo\" already exists"), "\(r)")
        r = try await c.kubectl("get", "ns")
        #expect(r.out.contains("NAME"), "\(r)")
        #expect(r.out.contains("STATUS"))
        #expect(r.out.range(of: #"tcp-demo\s+Active"#, options: .regularExpression) != nil, "\(r)")
        r = try await c.kubectl("get", "ns", "tcp-demo", "-o", "jsonpath={.status.phase}")
        #expect(r.out == "Active", "\(r)")
        r = try await c.kubectl("create", "serviceaccount", "sa1", "-n", "tcp-demo")
        #expect(r.code == 0, "\(r)")
        r = try await c.kubectl("delete", "ns", "tcp-demo", "--timeout=30s")
        #expect(r.code == 0, "\(r)")
        #expect(r.out.contains("namespace \"tcp-demo\" deleted"))
        r = try await c.kubectl("get", "ns", "tcp-demo")
        #expect(r.code == 1)
        #expect(r.err.contains("Error from server (NotFound): namespaces \"tcp-demo\" not found"), "\(r)")
        r = try await c.kubectl("get", "sa", "sa1", "-n", "tcp-demo")
        #expect(r.code == 1, "the namespace's contents are deleted with it: \(r)")
    }

    @Test func createIntoMissingNamespaceFails() async throws {
        let c = try await TestCluster.start()
        defer { c.shutdown() }
        let r = try await c.kubectl("create", "configmap", "x", "-n", "nonexist", "--from-literal=a=b")
        #expect(r.code == 1)
        #expect(r.err.contains("namespaces \"nonexist\" not found"), "\(r)")
    }

    @Test func unauthenticatedRequestsGet401() async throws {
        let c = try await TestCluster.start()
        defer { c.shutdown() }
        let r = try await c.kubectl("get", "ns", "--token=wrong")
        #expect(r.code == 1)
        #expect(r.err.contains("Unauthorized") || r.err.contains("unauthorized") || r.err.contains("provide credentials"), "\(r)")
    }
}
