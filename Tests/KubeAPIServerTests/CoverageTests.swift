import Foundation
import Testing

@Suite("kubectl: everyday commands", .serialized)
struct CoverageTests {
    @Test func typedCreatesSendProtobufAndOutputFormatsWork() async throws {
        let c = try await TestCluster.start()
        defer { c.shutdown() }
        _ = try await c.kubectl("create", "ns", "apps")
        var r = try await c.kubectl("create", "deployment", "web", "-n", "apps", "--image=example/web:1", "--replicas=2", "--port=8080")
        #expect(r.code == 0 && r.out.contains("deployment.apps/web created"), "\(r)")
        r = try await c.kubectl("create", "secret", "generic", "s", "-n", "apps", "--from-literal=password=hunter2")
        #expect(r.code == 0, "\(r)")
        r = try await c.kubectl("get", "secret", "s", "-n", "apps", "-o", "jsonpath={.data.password}")
        #expect(r.out == Data("hunter2".utf8).base64EncodedString(), "\(r)")
        r = try await c.kubectl("create", "service", "clusterip", "web", "-n", "apps", "--tcp=80:8080")
        #expect(r.code == 0, "\(r)")
        r = try await c.kubectl("expose", "deployment", "web", "-n", "apps", "--name=web2", "--port=81", "--target-port=8080")
        #expect(r.code == 0, "\(r)")
        r = try await c.kubectl("run", "one", "-n", "apps", "--image=busybox", "--", "sleep", "3600")
        #expect(r.code == 0 && r.out.contains("pod/one created"), "\(r)")
        r = try await c.kubectl("get", "ns,sa,svc,po,deploy", "-A", "-o", "wide")
        #expect(r.code == 0 && r.out.contains("apps        pod/one") || r.out.contains("pod/one"), "\(r)")
        #expect(r.out.contains("NAMESPACE"), "\(r)")
        r = try await c.kubectl("get", "svc", "-n", "apps", "-o", "name")
        #expect(r.out.split(separator: "\n").sorted() == ["service/web", "service/web2"], "\(r)")
        r = try await c.kubectl("get", "deploy", "web", "-n", "apps", "-o", "yaml")
        #expect(r.out.contains("replicas: 2") && r.out.contains("image: example/web:1"), "\(r)")
        r = try await c.kubectl("get", "po", "one", "-n", "apps", "-o", "json")
        #expect(r.out.contains("\"restartPolicy\": \"Always\"") && r.out.contains("\"sleep\""), "defaults and args: \(r)")
        r = try await c.kubectl("get", "svc", "web", "-n", "apps", "-o", "jsonpath={.spec.ports[0].targetPort}")
        #expect(r.out == "8080", "\(r)")
        r = try await c.kubectl("describe", "deploy", "web", "-n", "apps")
        #expect(r.code == 0 && r.out.contains("Replicas:") && r.out.contains("example/web:1"), "\(r)")
        r = try await c.kubectl("api-resources")
        #expect(r.out.contains("deployments") && r.out.contains("deploy") && r.out.contains("apps/v1"), "\(r)")
    }

    @Test func servicesOfEveryTypeGetAddressesAsKubernetesDoes() async throws {
        let c = try await TestCluster.start()
        defer { c.shutdown() }
        _ = try await c.kubectl("create", "ns", "s")
        var r = try await c.kubectl("create", "service", "nodeport", "np", "-n", "s", "--tcp=80:8080")
        #expect(r.code == 0, "\(r)")
        r = try await c.kubectl("get", "svc", "np", "-n", "s", "-o", "jsonpath={.spec.ports[0].nodePort}")
        #expect((30000...32767).contains(Int(r.out) ?? 0), "\(r)")
        r = try await c.kubectl("create", "service", "clusterip", "headless", "-n", "s", "--clusterip=None", "--tcp=80:80")
        r = try await c.kubectl("get", "svc", "headless", "-n", "s", "-o", "jsonpath={.spec.clusterIP}")
        #expect(r.out == "None", "\(r)")
        r = try await c.kubectl("create", "service", "externalname", "ext", "-n", "s", "--external-name=example.com")
        r = try await c.kubectl("get", "svc", "ext", "-n", "s", "-o", "jsonpath={.spec.clusterIP}|{.spec.externalName}")
        #expect(r.out == "|example.com", "\(r)")
        r = try await c.kubectl("get", "svc", "-n", "s", "-o", "jsonpath={range .items[*]}{.spec.clusterIP}{\"\\n\"}{end}")
        let ips = r.out.split(separator: "\n").filter { $0.hasPrefix("10.") }
        #expect(ips.count == 1, "\(r)")
        r = try await c.kubectl("create", "service", "clusterip", "taken", "-n", "s", "--clusterip=\(ips[0])", "--tcp=80:80")
        #expect(r.code == 1 && r.err.contains("provided IP is already allocated"), "\(r)")
        _ = try await c.kubectl("delete", "svc", "np", "-n", "s")
        r = try await c.kubectl("create", "service", "clusterip", "reuse", "-n", "s", "--clusterip=\(ips[0])", "--tcp=80:80")
        #expect(r.code == 0, "a deleted Service's address is released: \(r)")
        r = try await c.kubectl("get", "svc", "kubernetes", "-n", "default", "-o", "jsonpath={.spec.clusterIP}")
        #expect(r.out == "10.96.0.1")
    }

    @Test func ownersFinalizersAndPropagation() async throws {
        let c = try await TestCluster.start()
        defer { c.shutdown() }
        _ = try await c.kubectl("create", "ns", "gc")
        var r = try await c.kubectl("create", "configmap", "owner", "-n", "gc", "-o", "jsonpath={.metadata.uid}")
        let uid = r.out
        let dependent = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: child
              namespace: gc
              ownerReferences:
              - apiVersion: v1
                kind: ConfigMap
                name: owner
                uid: \(uid)
            """
        _ = try await c.kubectl("apply", "-f", "-", stdin: dependent)
        _ = try await c.kubectl("delete", "cm", "owner", "-n", "gc")
        r = try await c.kubectl("wait", "--for=delete", "cm/child", "-n", "gc", "--timeout=20s")
        #expect(r.code == 0, "background propagation deletes dependents: \(r)")
        r = try await c.kubectl("create", "configmap", "owner2", "-n", "gc", "-o", "jsonpath={.metadata.uid}")
        _ = try await c.kubectl("apply", "-f", "-", stdin: dependent.replacingOccurrences(of: "name: owner\n", with: "name: owner2\n")
            .replacingOccurrences(of: uid, with: r.out))
        r = try await c.kubectl("delete", "cm", "owner2", "-n", "gc", "--cascade=orphan")
        #expect(r.code == 0, "\(r)")
        r = try await c.kubectl("wait", "--for=delete", "cm/owner2", "-n", "gc", "--timeout=20s")
        r = try await c.kubectl("get", "cm", "child", "-n", "gc", "-o", "jsonpath={.metadata.ownerReferences}")
        #expect(r.code == 0 && r.out.isEmpty, "orphaned dependents survive without the reference: \(r)")
        _ = try await c.kubectl("patch", "cm", "child", "-n", "gc", "--type=merge", "-p", #"{"metadata":{"finalizers":["example.com/hold"]}}"#)
        r = try await c.kubectl("delete", "cm", "child", "-n", "gc", "--wait=false")
        r = try await c.kubectl("get", "cm", "child", "-n", "gc", "-o", "jsonpath={.metadata.deletionTimestamp}")
        #expect(r.code == 0 && !r.out.isEmpty, "a finalizer holds the object: \(r)")
        _ = try await c.kubectl("patch", "cm", "child", "-n", "gc", "--type=merge", "-p", #"{"metadata":{"finalizers":null}}"#)
        r = try await c.kubectl("get", "cm", "child", "-n", "gc")
        #expect(r.code == 1, "removing the last finalizer deletes it: \(r)")
    }

    @Test func terminatingNamespaceRefusesNewContent() async throws {
        let c = try await TestCluster.start()
        defer { c.shutdown() }
        _ = try await c.kubectl("create", "ns", "t")
        _ = try await c.kubectl("create", "configmap", "held", "-n", "t")
        _ = try await c.kubectl("patch", "cm", "held", "-n", "t", "--type=merge", "-p", #"{"metadata":{"finalizers":["example.com/hold"]}}"#)
        var r = try await c.kubectl("delete", "ns", "t", "--wait=false")
        r = try await c.kubectl("get", "ns", "t", "-o", "jsonpath={.status.phase}")
        #expect(r.out == "Terminating", "\(r)")
        r = try await c.kubectl("create", "configmap", "new", "-n", "t")
        #expect(r.code == 1 && r.err.contains("because it is being terminated"), "\(r)")
        _ = try await c.kubectl("patch", "cm", "held", "-n", "t", "--type=merge", "-p", #"{"metadata":{"finalizers":null}}"#)
        r = try await c.kubectl("wait", "--for=delete", "ns/t", "--timeout=20s")
        #expect(r.code == 0, "the namespace goes once its content is gone: \(r)")
    }

    @Test func paginationGenerateNameAndServiceAccountTokens() async throws {
        let c = try await TestCluster.start()
        defer { c.shutdown() }
        _ = try await c.kubectl("create", "ns", "p")
        for i in 0..<7 { _ = try await c.kubectl("create", "configmap", "cm\(i)", "-n", "p") }
        var r = try await c.kubectl("get", "cm", "-n", "p", "--chunk-size=2", "-o", "name")
        #expect(r.out.split(separator: "\n").count == 7, "\(r)")
        r = try await c.kubectl("get", "--raw", "/api/v1/namespaces/p/configmaps?limit=3")
        #expect(r.out.contains("\"continue\"") && r.out.contains("\"remainingItemCount\":4"), "\(r)")
        r = try await c.kubectl("create", "-n", "p", "-f", "-", "-o", "name", stdin: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  generateName: gen-\n")
        #expect(r.code == 0 && r.out.hasPrefix("configmap/gen-") && r.out.trimmingCharacters(in: .whitespacesAndNewlines).count == "configmap/gen-".count + 5, "\(r)")
        _ = try await c.kubectl("create", "sa", "bot", "-n", "p")
        r = try await c.kubectl("create", "token", "bot", "-n", "p")
        #expect(r.code == 0 && !r.out.isEmpty, "\(r)")
        let token = r.out.trimmingCharacters(in: .whitespacesAndNewlines)
        r = try await c.kubectl("get", "cm", "-n", "p", "--token=\(token)", "-o", "name")
        #expect(r.code == 0 && r.out.contains("configmap/cm0"), "a service-account token authenticates: \(r)")
        _ = try await c.kubectl("delete", "sa", "bot", "-n", "p")
        r = try await c.kubectl("get", "cm", "-n", "p", "--token=\(token)")
        #expect(r.code == 1, "the token dies with its service account: \(r)")
    }
}
