// Printers for Deployment and ReplicaSet.

extension TablePrinter {
    /// Cells for a Deployment: Name, Ready, Up-to-date, Available, Age, Containers, Images, Selector.
    static func deploymentCells(_ d: JSON, now: Double) -> [JSON] {
        let spec = d["spec"]
        let status = d["status"]
        let desired = spec["replicas"].intValue ?? 1
        let (names, images) = TableCellFormat.containers(spec[["template", "spec"]])
        let selector: String
        if let parsed = try? LabelSelector(json: spec["selector"]) {
            selector = parsed.description
        } else {
            selector = "<invalid>"
        }
        return [
            nameCell(d), .string("\(TableCellFormat.int(status["readyReplicas"]))/\(desired)"),
            .int(TableCellFormat.int(status["updatedReplicas"])), .int(TableCellFormat.int(status["availableReplicas"])),
            ageCell(d, now: now), .string(names), .string(images), .string(selector),
        ]
    }

    /// Cells for a ReplicaSet: Name, Desired, Current, Ready, Age, Containers, Images, Selector.
    static func replicaSetCells(_ rs: JSON, now: Double) -> [JSON] {
        let spec = rs["spec"]
        let status = rs["status"]
        let (names, images) = TableCellFormat.containers(spec[["template", "spec"]])
        return [
            nameCell(rs), .int(spec["replicas"].intValue ?? 1), .int(TableCellFormat.int(status["replicas"])),
            .int(TableCellFormat.int(status["readyReplicas"])), ageCell(rs, now: now), .string(names), .string(images),
            .string(TableCellFormat.labelSelector(spec["selector"])),
        ]
    }
}
