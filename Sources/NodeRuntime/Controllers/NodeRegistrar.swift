// The Node object of the embedded node: created on start with the labels the seed manifests'
// nodeSelectors use, capacity and addresses, and a Ready condition kept fresh by a heartbeat.
import Foundation
import KubeClient
import KubeModel
import Logging

/// Registers the node and keeps its status current.
public struct NodeRegistrar: Sendable {
    let client: KubeClient
    let name: String
    let address: String
    let logger: Logger

    /// A registrar for node `name` reachable at `address`.
    public init(client: KubeClient, name: String, address: String, logger: Logger) {
        self.client = client
        self.name = name
        self.address = address
        self.logger = logger
    }

    /// The node's labels.
    public var labels: [String: String] {
        ["kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64", "kubernetes.io/hostname": name,
         "beta.kubernetes.io/os": "linux", "beta.kubernetes.io/arch": "amd64", "node-role.kubernetes.io/control-plane": ""]
    }

    /// Creates or updates the Node, then heartbeats every 10 s until cancelled.
    public func run() async {
        while !Task.isCancelled {
            do {
                try await register()
                break
            } catch {
                logger.warning("node registration failed", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
        await Resync.every(.seconds(10)) { try? await self.heartbeat() }
    }

    func register() async throws {
        let node: JSON = [
            "apiVersion": "v1", "kind": "Node",
            "metadata": ["name": .string(name), "labels": .object(labels.mapValues { .string($0) })],
            "spec": ["podCIDR": "10.244.0.0/16", "podCIDRs": ["10.244.0.0/16"]],
        ]
        do {
            _ = try await client.create(ResourcePath.nodes.collection(), node)
        } catch let error as KubeClientError where error.isConflict {
            _ = try await client.patch(ResourcePath.nodes.object(name), ["metadata": ["labels": node[["metadata", "labels"]]]])
        }
        try await heartbeat()
    }

    func heartbeat() async throws {
        let now = Timestamp.format(Date().timeIntervalSince1970)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let memKi = ProcessInfo.processInfo.physicalMemory / 1024
        let resources: JSON = ["cpu": .string("\(cores)"), "memory": .string("\(memKi)Ki"), "pods": "110",
                               "ephemeral-storage": "100Gi"]
        let status: JSON = [
            "capacity": resources, "allocatable": resources,
            "addresses": [["type": "InternalIP", "address": .string(address)], ["type": "Hostname", "address": .string(name)]],
            "conditions": [[
                "type": "Ready", "status": "True", "reason": "KubeletReady", "message": "swift-osm node is posting ready status",
                "lastHeartbeatTime": .string(now), "lastTransitionTime": .string(now),
            ]],
            "nodeInfo": ["kubeletVersion": "v1.32.0-swift-osm", "operatingSystem": "linux", "architecture": "amd64",
                         "containerRuntimeVersion": "swift-osm://0.1", "kernelVersion": "", "osImage": "swift-osm",
                         "kubeProxyVersion": "", "machineID": "", "systemUUID": "", "bootID": ""],
        ]
        _ = try await client.patch(ResourcePath.nodes.object(name, subresource: "status"), ["status": status])
    }
}
