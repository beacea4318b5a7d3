import KubeModel
import KubeStorage

extension APIServerCore {
    /// Creates what every cluster has: the system namespaces and the `kubernetes` Service with its Endpoints.
    func bootstrap() async throws {
        for ns in ["default", "kube-system", "kube-public", "kube-node-lease"] {
            let k = ObjectKey(collection: "core/namespaces", namespace: "", name: ns)
            if await store.get(k) == nil {
                var obj: JSON = ["apiVersion": "v1", "kind": "Namespace",
                                 "metadata": ["name": .string(ns), "labels": ["kubernetes.io/metadata.name": .string(ns)]]]
                try await createInternal(&obj, resource: "namespaces", group: "")
            }
        }
        // Publish the `kubernetes` Service before any client can take 10.96.0.1; its port follows once bound.
        try await reconcileKubernetesService(port: port == 0 ? 443 : port)
    }

    /// Points the `kubernetes` Service and its Endpoints at the port the server is bound to, as kube-apiserver's
    /// endpoint reconciler does (written directly: the advertised address may be loopback, which API clients may not use).
    func reconcileKubernetesService(port bound: Int) async throws {
        let svcKey = ObjectKey(collection: "core/services", namespace: "default", name: "kubernetes")
        let ports: JSON = [["name": "https", "port": 443, "protocol": "TCP", "targetPort": .int(Int64(bound))]]
        if let svc = await store.get(svcKey) {
            if svc[["spec", "ports"]] != ports {
                var next = svc
                next[["spec", "ports"]] = ports
                _ = try await store.update(svcKey, next)
            }
        } else {
            var svc: JSON = [
                "apiVersion": "v1", "kind": "Service",
                "metadata": ["name": "kubernetes", "namespace": "default",
                             "labels": ["component": "apiserver", "provider": "kubernetes"]],
                "spec": ["clusterIP": "10.96.0.1", "ports": ports],
            ]
            try await createInternal(&svc, resource: "services", group: "")
        }
        let epKey = ObjectKey(collection: "core/endpoints", namespace: "default", name: "kubernetes")
        let subsets: JSON = [["addresses": [["ip": .string(advertiseAddress)]],
                              "ports": [["name": "https", "port": .int(Int64(bound)), "protocol": "TCP"]]]]
        if var ep = await store.get(epKey) {
            if ep["subsets"] != subsets {
                ep["subsets"] = subsets
                _ = try await store.update(epKey, ep)
            }
        } else {
            let ep: JSON = [
                "apiVersion": "v1", "kind": "Endpoints",
                "metadata": ["name": "kubernetes", "namespace": "default", "uid": .string(newUID()),
                             "creationTimestamp": .string(Timestamp.format(now)),
                             "labels": ["endpointslice.kubernetes.io/skip-mirror": "true"]],
                "subsets": subsets,
            ]
            _ = try await store.create(epKey, ep)
        }
    }

    /// Creates an object from inside the server, through the same admission as API clients.
    func createInternal(_ obj: inout JSON, resource: String, group: String) async throws {
        guard let r = registry.builtin.first(where: { $0.resource == resource && $0.group == group }) else { return }
        let req = APIRequest(method: "POST", path: "", query: QueryParameters(""), headers: [:], body: [])
        var warnings: [String] = []
        _ = try await createObject(&obj, r, namespace: obj.namespace, req: req, warnings: &warnings)
    }
}
