// How the API server reaches pod addresses (admission webhooks served by pods) when the pod
// network is not routed from its own network namespace: the node hands it a dialer.

/// Connects to `host`:`port` in the pod network within `timeoutMillis`; returns a connected
/// socket descriptor (owned by the caller), or nil when the connection failed.
public typealias PodNetworkDialer = @Sendable (_ host: String, _ port: Int, _ timeoutMillis: Int32) -> Int32?
