// Printers for Namespace, ServiceAccount, Secret, ConfigMap, Node, Lease, CRDs and webhook configurations.

extension TablePrinter {
    /// Name, Status (phase), Age.
    static func namespaceCells(_ ns: JSON, now: Double) -> [JSON] {
        [nameCell(ns), .string(TableCellFormat.string(ns[["status", "phase"]])), ageCell(ns, now: now)]
    }

    /// Name, Secrets (count), Age.
    static func serviceAccountCells(_ sa: JSON, now: Double) -> [JSON] {
        [nameCell(sa), .int(TableCellFormat.count(sa["secrets"])), ageCell(sa, now: now)]
    }

    /// Name, Type, Data (number of keys), Age.
    static func secretCells(_ secret: JSON, now: Double) -> [JSON] {
        [
            nameCell(secret), .string(TableCellFormat.string(secret["type"])), .int(TableCellFormat.count(secret["data"])),
            ageCell(secret, now: now),
        ]
    }

    /// Name, Data (data plus binaryData keys), Age.
    static func configMapCells(_ cm: JSON, now: Double) -> [JSON] {
        [nameCell(cm), .int(TableCellFormat.count(cm["data"]) + TableCellFormat.count(cm["binaryData"])), ageCell(cm, now: now)]
    }

    /// Name, Status, Roles, Age, Version, Internal-IP, External-IP, OS-Image, Kernel-Version, Container-Runtime.
    static func nodeCells(_ node: JSON, now: Double) -> [JSON] {
        var status: [String] = []
        if let ready = (node[["status", "conditions"]].arrayValue ?? []).last(where: { $0["type"].stringValue == "Ready" }) {
            status.append(ready["status"].stringValue == "True" ? "Ready" : "NotReady")
        }
        if status.isEmpty { status.append("Unknown") }
        if node[["spec", "unschedulable"]].boolValue == true { status.append("SchedulingDisabled") }

        var roles: Set<String> = []
        for (key, value) in node[["metadata", "labels"]].objectValue ?? [:] {
            if key.hasPrefix("node-role.kubernetes.io/") {
                let role = String(key.dropFirst("node-role.kubernetes.io/".count))
                if !role.isEmpty { roles.insert(role) }
            } else if key == "kubernetes.io/role", let v = value.stringValue, !v.isEmpty {
                roles.insert(v)
            }
        }
        let info = node[["status", "nodeInfo"]]
        func address(_ type: String) -> String {
            (node[["status", "addresses"]].arrayValue ?? []).first { $0["type"].stringValue == type }?["address"].stringValue ?? "<none>"
        }
        func known(_ v: JSON) -> String {
            let s = TableCellFormat.string(v)
            return s.isEmpty ? "<unknown>" : s
        }
        return [
            nameCell(node), .string(status.joined(separator: ",")), .string(roles.isEmpty ? "<none>" : roles.sorted().joined(separator: ",")),
            ageCell(node, now: now), .string(TableCellFormat.string(info["kubeletVersion"])),
            .string(address("InternalIP")), .string(address("ExternalIP")), .string(known(info["osImage"])),
            .string(known(info["kernelVersion"])), .string(known(info["containerRuntimeVersion"])),
        ]
    }

    /// Name, Holder, Age.
    static func leaseCells(_ lease: JSON, now: Double) -> [JSON] {
        [nameCell(lease), .string(TableCellFormat.string(lease[["spec", "holderIdentity"]])), ageCell(lease, now: now)]
    }

    /// Name, Created At (RFC 3339, UTC): the generic printer used for CustomResourceDefinitions.
    static func createdAtCells(_ object: JSON) -> [JSON] {
        let created = TableTime.seconds(object[["metadata", "creationTimestamp"]]) ?? TableTime.zero
        return [nameCell(object), .string(TableTime.format(created))]
    }

    /// Name, Webhooks (count), Age.
    static func webhookCells(_ config: JSON, now: Double) -> [JSON] {
        [nameCell(config), .int(TableCellFormat.count(config["webhooks"])), ageCell(config, now: now)]
    }
}
