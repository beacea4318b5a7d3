import Foundation
import Testing

@Suite("kubectl: bad input gets a Status and writes nothing", .serialized)
struct BadInputTests {
    @Test func malformedAndInvalidObjects() async throws {
        let c = try await TestCluster.start()
        defer { c.shutdown() }
        _ = try await c.kubectl("create", "ns", "bad")
        let file = c.dir + "/bad.json"
        try #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x""#.write(toFile: file, atomically: true, encoding: .utf8)
        var r = try await c.kubectl("create", "--raw", "/api/v1/namespaces/bad/configmaps", "-f", file)
        #expect(r.code == 1 && r.err.contains("BadRequest"), "\(r)")
        r = try await c.kubectl("create", "configmap", "Bad_Name", "-n", "bad")
        #expect(r.code == 1 && r.err.contains("metadata.name: Invalid value: \"Bad_Name\""), "\(r)")
        r = try await c.kubectl("apply", "-n", "bad", "-f", "-", stdin: """
            apiVersion: v1
            kind: Service
            metadata:
              name: s
            spec:
              ports:
              - port: 70000
            """)
        #expect(r.code == 1 && r.err.contains("spec.ports[0].port: Invalid value: 70000"), "\(r)")
        r = try await c.kubectl("apply", "-n", "bad", "-f", "-", stdin: """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: c
            bogus: true
            """)
        #expect(r.code == 1 && r.err.contains("unknown field \"bogus\""), "\(r)")
        r = try await c.kubectl("apply", "-n", "bad", "-f", "-", stdin: """
            apiVersion: example.com/v9
            kind: Nothing
            metadata:
              name: thing
            """)
        #expect(r.code == 1 && r.err.contains("no matches for kind \"Nothing\""), "\(r)")
        // A nodePort that is no port at all is refused with the field named (it once trapped the server),
        // on a NodePort Service and on a ClusterIP one alike.
        for type in ["NodePort", "ClusterIP"] {
            r = try await c.kubectl("apply", "-n", "bad", "-f", "-", stdin: """
                apiVersion: v1
                kind: Service
                metadata:
                  name: np
                spec:
                  type: \(type)
                  ports:
                  - port: 80
                    nodePort: -1
                """)
            #expect(r.code == 1 && r.err.contains("spec.ports[0].nodePort"), "\(type): \(r)")
        }
        // A watch timeout beyond any clock is accepted as "no timeout" in effect.
        r = try await c.kubectl("get", "--raw", "/api/v1/namespaces/bad/configmaps?watch=1&timeoutSeconds=20000000000&resourceVersion=0",
                                "--request-timeout=2s")
        #expect(!r.err.contains("connection refused") && !r.err.contains("EOF"), "\(r)")
        #expect(try await c.kubectl("get", "ns", "bad").code == 0, "the server still answers")
        r = try await c.kubectl("get", "all,cm", "-n", "bad", "-o", "name")
        #expect(r.out.isEmpty, "nothing was written: \(r)")
    }

    @Test func immutableFieldsAndConflicts() async throws {
        let c = try await TestCluster.start()
        defer { c.shutdown() }
        _ = try await c.kubectl("create", "ns", "im")
        _ = try await c.kubectl("apply", "-n", "im", "-f", "-", stdin: Fixtures.tcpEcho)
        var r = try await c.kubectl("patch", "svc", "tcp-echo", "-n", "im", "--type=merge", "-p", #"{"spec":{"clusterIP":"10.96.99.99"}}"#)
        #expect(r.code == 1 && r.err.contains("may not change once set"), "\(r)")
        r = try await c.kubectl("patch", "deploy", "tcp-echo", "-n", "im", "--type=merge",
                                "-p", #"{"spec":{"selector":{"matchLabels":{"app":"other"}}}}"#)
        #expect(r.code == 1 && r.err.contains("Invalid"), "\(r)")
        r = try await c.kubectl("patch", "svc", "tcp-echo", "-n", "im", "--type=merge",
                                "-p", #"{"metadata":{"resourceVersion":"1"},"spec":{"selector":{"app":"x"}}}"#)
        #expect(r.code == 1 && r.err.contains("Conflict"), "\(r)")
    }
}
