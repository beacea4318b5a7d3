// A small meshed cluster: tcp-echo (server) and curl (client) in monitored namespaces.
import KubeModel
import MeshPolicy

enum Fixtures {
    static let namespaces: [JSON] = ["tcp-demo", "curl"].map {
        ["metadata": ["name": .string($0), "labels": ["openservicemesh.io/monitored-by": "osm"]]]
    }
    static let service: JSON = [
        "metadata": ["name": "tcp-echo", "namespace": "tcp-demo"],
        "spec": ["clusterIP": "10.96.0.20", "selector": ["app": "tcp-echo"],
                 "ports": [["name": "tcp", "port": 9000, "targetPort": 9000, "appProtocol": "tcp"]]],
    ]
    static let endpoints: JSON = [
        "metadata": ["name": "tcp-echo", "namespace": "tcp-demo"],
        "subsets": [["addresses": [["ip": "10.244.0.12", "targetRef": ["kind": "Pod", "namespace": "tcp-demo", "name": "tcp-echo-1"]]],
                     "ports": [["name": "tcp", "port": 9000]]]],
    ]
    static func pod(_ ns: String, _ name: String, app: String, sa: String, ip: String) -> JSON {
        ["metadata": ["name": .string(name), "namespace": .string(ns), "labels": ["app": .string(app)]],
         "spec": ["serviceAccountName": .string(sa)], "status": ["podIP": .string(ip)]]
    }
    static let pods = [pod("tcp-demo", "tcp-echo-1", app: "tcp-echo", sa: "tcp-echo", ip: "10.244.0.12"),
                       pod("curl", "curl-1", app: "curl", sa: "curl", ip: "10.244.0.13")]

    static func snapshot(permissive: Bool) -> MeshSnapshot {
        MeshSnapshot(settings: MeshSettings(permissive: permissive), namespaces: namespaces, services: [service],
                     endpoints: [endpoints], pods: pods)
    }
}
