// MeshPolicy: the mesh catalog and policy engine — from a snapshot of the cluster (Services,
// Endpoints, Pods, MeshConfig, SMI and OSM policies) to one ProxyConfig per proxy, with OSM's
// rules for protocols, access and validity. Pure logic: no I/O.
//
// This file: how a Service port gets its protocol (OSM's order of rules).
import KubeModel

/// The protocol of one Service port, as OSM chooses it.
public enum PortProtocol {
    /// Protocols the mesh carries; anything else gets no route ("unsupported protocol").
    public static let supported: Set<String> = ["tcp", "tcp-server-first", "http", "grpc"]

    /// `appProtocol` verbatim; else the port-name prefixes `tcp-server-first-`, `http-`, `tcp-`,
    /// `grpc-` (the dash required); else `http` for a TCP port (OSM's backward-compatible
    /// default); nil for a UDP or SCTP port without appProtocol.
    public static func of(_ port: JSON) -> String? {
        if let app = port["appProtocol"].stringValue, !app.isEmpty { return app }
        let name = port["name"].stringValue ?? ""
        for prefix in ["tcp-server-first", "http", "tcp", "grpc"] where name.hasPrefix(prefix + "-") { return prefix }
        let l4 = port["protocol"].stringValue ?? "TCP"
        return l4 == "TCP" ? "http" : nil
    }

    /// How the proxy carries a supported protocol: server-first as such, everything else as
    /// opaque TCP (HTTP and gRPC ports are proxied at L4 for now).
    public static func transport(_ proto: String) -> String {
        proto == "tcp-server-first" ? "tcp-server-first" : "tcp"
    }
}
