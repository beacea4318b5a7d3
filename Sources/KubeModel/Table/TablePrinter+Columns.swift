// Column sets of the built-in printers, as kube-apiserver declares them.

extension TablePrinter {
    static let nameDoc =
        "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names"
    static let creationTimestampDoc =
        "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"

    static let nameColumn = TableColumn(name: "Name", format: "name", description: nameDoc)
    static let ageColumn = TableColumn(name: "Age", description: creationTimestampDoc)

    static func col(_ name: String, _ type: String = "string", _ description: String, priority: Int = 0) -> TableColumn {
        TableColumn(name: name, type: type, description: description, priority: priority)
    }

    static let containersColumn = col("Containers", "string", "Names of each container in the template.", priority: 1)
    static let imagesColumn = col("Images", "string", "Images referenced by each container in the template.", priority: 1)

    /// The columns upstream declares for a built-in printer.
    static func builtinColumns(_ printer: BuiltinPrinter) -> [TableColumn] {
        switch printer {
        case .namespace:
            return [nameColumn, col("Status", "string", "The status of the namespace"), ageColumn]
        case .pod:
            return [
                nameColumn,
                col("Ready", "string", "The aggregate readiness state of this pod for accepting traffic."),
                col("Status", "string", "The aggregate status of the containers in this pod."),
                col("Restarts", "string", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
                ageColumn,
                col("IP", "string", "podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.", priority: 1),
                col("Node", "string", "NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName.", priority: 1),
                col("Nominated Node", "string", "nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods.", priority: 1),
                col("Readiness Gates", "string", "If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to \"True\" More info: https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates", priority: 1),
            ]
        case .service:
            return [
                nameColumn,
                col("Type", "string", "type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer."),
                col("Cluster-IP", "string", "clusterIP is the IP address of the service and is usually assigned randomly."),
                col("External-IP", "string", "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service."),
                col("Port(s)", "string", "The list of ports that are exposed by this service. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies"),
                ageColumn,
                col("Selector", "string", "Route service traffic to pods with label keys and values matching this selector.", priority: 1),
            ]
        case .deployment:
            return [
                nameColumn,
                col("Ready", "string", "Number of the pod with ready state"),
                col("Up-to-date", "string", "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
                col("Available", "string", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
                ageColumn, containersColumn, imagesColumn,
                col("Selector", "string", "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.", priority: 1),
            ]
        case .replicaSet:
            return [
                nameColumn,
                col("Desired", "integer", "Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1."),
                col("Current", "integer", "Replicas is the most recently observed number of replicas."),
                col("Ready", "integer", "The number of ready replicas for this replica set."),
                ageColumn, containersColumn, imagesColumn,
                col("Selector", "string", "Selector is a label query over pods that should match the replica count.", priority: 1),
            ]
        case .endpoints:
            return [nameColumn, col("Endpoints", "string", "The set of all endpoints is the union of all subsets."), ageColumn]
        case .endpointSlice:
            return [
                nameColumn,
                col("AddressType", "string", "addressType specifies the type of address carried by this EndpointSlice."),
                col("Ports", "string", "ports specifies the list of network ports exposed by each endpoint in this slice."),
                col("Endpoints", "string", "endpoints is a list of unique endpoints in this slice."),
                ageColumn,
            ]
        case .serviceAccount:
            return [nameColumn, col("Secrets", "string", "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use."), ageColumn]
        case .secret:
            return [
                nameColumn, col("Type", "string", "Used to facilitate programmatic handling of secret data."),
                col("Data", "string", "Data contains the secret data."), ageColumn,
            ]
        case .configMap:
            return [nameColumn, col("Data", "string", "Data contains the configuration data."), ageColumn]
        case .event:
            return [
                col("Last Seen", "string", "The time at which the most recent occurrence of this event was recorded."),
                col("Type", "string", "Type of this event (Normal, Warning), new types could be added in the future"),
                col("Reason", "string", "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
                col("Object", "string", "The object that this event is about."),
                col("Subobject", "string", "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement.", priority: 1),
                col("Source", "string", "The component reporting this event. Should be a short machine understandable string.", priority: 1),
                col("Message", "string", "A human-readable description of the status of this operation."),
                col("First Seen", "string", "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)", priority: 1),
                col("Count", "string", "The number of times this event has occurred.", priority: 1),
                TableColumn(name: "Name", format: "name", description: nameDoc, priority: 1),
            ]
        case .node:
            return [
                nameColumn,
                col("Status", "string", "The status of the node"),
                col("Roles", "string", "The roles of the node"),
                ageColumn,
                col("Version", "string", "Kubelet Version reported by the node."),
                col("Internal-IP", "string", "List of addresses reachable to the node.", priority: 1),
                col("External-IP", "string", "List of addresses reachable to the node.", priority: 1),
                col("OS-Image", "string", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).", priority: 1),
                col("Kernel-Version", "string", "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", priority: 1),
                col("Container-Runtime", "string", "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).", priority: 1),
            ]
        case .lease:
            return [nameColumn, col("Holder", "string", "holderIdentity contains the identity of the holder of a current lease."), ageColumn]
        case .customResourceDefinition:
            return [nameColumn, TableColumn(name: "Created At", type: "date", description: creationTimestampDoc)]
        case .mutatingWebhookConfiguration, .validatingWebhookConfiguration:
            return [
                nameColumn,
                col("Webhooks", "integer", "Webhooks indicates the number of webhooks registered in this configuration"),
                ageColumn,
            ]
        }
    }
}
