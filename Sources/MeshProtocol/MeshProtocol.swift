// MeshProtocol: the contract between osm-controller and each sidecar proxy. The controller
// computes one `ProxyConfig` per proxy and streams complete, versioned snapshots of it; the
// proxy decodes them, checks them with `validate()`, and answers every connection from the
// pure lookups here. Values only: Codable types, validation and lookups; no I/O.
// The JSON schema is documented in README.md beside this file.

/// Constants shared by controller and proxy.
public enum MeshProtocol {
    /// The schema number written as `"schema"`; a proxy refuses snapshots of another schema.
    public static let schema = 1
    /// The ALPN protocol sidecars offer and require on mesh connections.
    public static let alpn = "osm"
    /// The DNS suffix of every SNI name, fixed whatever the trust domain is.
    public static let clusterDomain = "svc.cluster.local"
    /// Ports the sidecar itself uses in every pod; no inbound policy may claim them.
    public static let reservedPorts: Set<UInt16> = [15000, 15001, 15003, 15010, 15901, 15902, 15903, 15904]
}
