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
        let svcKey = ObjectKey(collection: "core/services", namespace: "default", name: "kubernetes")
        if await store.get(svcKey) == nil {
            var svc: JSON = [
                "apiVersion": "v1", "kind": "Service",
                "metadata": ["name": "kubernetes", "namespace": "default",
                             "labels": ["component": "apiserver", "provider": "kubernetes"]],
                "spec": ["clusterIP": "10.96.0.1",
                         "ports": [["name": "https", "port": 443, "protocol": "TCP", "targetPort": .int(Int64(port))]]],
            ]
            try await createInternal(&svc, resource: "services", group: "")
        }
        let epKey = ObjectKey(collection: "core/endpoints", namespace: "default", name: "kubernetes")
        let endpoints: JSON = [
            "apiVersion": "v1", "kind": "Endpoints",
            "metadata": ["name": "kubernetes", "namespace": "default",
                         "labels": ["endpointslice.kubernetes.io/skip-mirror": "true"]],
            "subsets": [["addresses": [["ip": .string(advertiseAddress)]],
                         "ports": [["name": "https", "port": .int(Int64(port)), "protocol": "TCP"]]]],
        ]
        if let existing = await store.get(epKey) {
            if existing["subsets"] != endpoints["subsets"] {
                var next = existing
                next["subsets"] = endpoints["subsets"]
                _ = try await store.update(epKey, next)
            }
        } else {
            var ep = endpoints
            try await createInternal(&ep, resource: "endpoints", group: "")
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
