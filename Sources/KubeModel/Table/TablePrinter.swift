// Server-side Tables (meta.k8s.io/v1) for `kubectl get`: columns, cells and the Table document.

/// Renders API objects as the Tables kube-apiserver returns when a client asks for `as=Table`.
public enum TablePrinter {
    /// The column definitions for a kind (built-in printers; otherwise Name and Age, as for custom resources).
    public static func columns(group: String, kind: String) -> [TableColumn] {
        guard let printer = BuiltinPrinter(group: group, kind: kind) else { return customColumns([]) }
        return builtinColumns(printer)
    }

    /// The cells of one row, every column included (the server always prints wide).
    public static func cells(group: String, kind: String, object: JSON, now: Double) -> [JSON] {
        guard let printer = BuiltinPrinter(group: group, kind: kind) else {
            return customCells([], object: object, now: now)
        }
        return builtinCells(printer, object: object, now: now)
    }

    /// A complete Table document. With `printerColumns` the objects are custom resources printed through
    /// their CRD's columns (an empty list means the default Age column); `includeColumns: false` sends empty
    /// `columnDefinitions`, as for watch events after the first.
    public static func table(
        group: String, kind: String, objects: [JSON], resourceVersion: String, now: Double,
        includeColumns: Bool = true, printerColumns: [PrinterColumn]? = nil
    ) -> JSON {
        let definitions: [TableColumn]
        var rows: [JSON] = []
        rows.reserveCapacity(objects.count)
        if let printerColumns {
            definitions = customColumns(printerColumns)
            for object in objects {
                rows.append(row(cells: customCells(printerColumns, object: object, now: now), object: object, conditions: nil))
            }
        } else {
            let printer = BuiltinPrinter(group: group, kind: kind)
            definitions = printer.map(builtinColumns) ?? customColumns([])
            for object in objects {
                let cells = printer.map { builtinCells($0, object: object, now: now) } ?? customCells([], object: object, now: now)
                let conditions = printer == .pod ? podRowConditions(object) : nil
                rows.append(row(cells: cells, object: object, conditions: conditions))
            }
        }
        var metadata: [String: JSON] = [:]
        if !resourceVersion.isEmpty { metadata["resourceVersion"] = .string(resourceVersion) }
        return [
            "kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": .object(metadata),
            "columnDefinitions": .array(includeColumns ? definitions.map(\.json) : []),
            "rows": .array(rows),
        ]
    }

    /// One row: cells plus the object's metadata as a PartialObjectMetadata.
    static func row(cells: [JSON], object: JSON, conditions: JSON?) -> JSON {
        let metadata = object["metadata"].objectValue ?? [:]
        var row: [String: JSON] = [
            "cells": .array(cells),
            "object": ["kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": .object(metadata)],
        ]
        if let conditions { row["conditions"] = conditions }
        return .object(row)
    }

    /// Dispatches to the cell builder of a built-in printer.
    static func builtinCells(_ printer: BuiltinPrinter, object: JSON, now: Double) -> [JSON] {
        switch printer {
        case .namespace: return namespaceCells(object, now: now)
        case .pod: return podCells(object, now: now)
        case .service: return serviceCells(object, now: now)
        case .deployment: return deploymentCells(object, now: now)
        case .replicaSet: return replicaSetCells(object, now: now)
        case .endpoints: return endpointsCells(object, now: now)
        case .endpointSlice: return endpointSliceCells(object, now: now)
        case .serviceAccount: return serviceAccountCells(object, now: now)
        case .secret: return secretCells(object, now: now)
        case .configMap: return configMapCells(object, now: now)
        case .event: return eventCells(object, now: now)
        case .node: return nodeCells(object, now: now)
        case .lease: return leaseCells(object, now: now)
        case .customResourceDefinition: return createdAtCells(object)
        case .mutatingWebhookConfiguration, .validatingWebhookConfiguration: return webhookCells(object, now: now)
        }
    }

    /// The object's name (metadata.name) as a cell.
    static func nameCell(_ object: JSON) -> JSON { .string(TableCellFormat.string(object[["metadata", "name"]])) }

    /// The object's age (from metadata.creationTimestamp) as a cell.
    static func ageCell(_ object: JSON, now: Double) -> JSON {
        .string(HumanDuration.since(object[["metadata", "creationTimestamp"]], now: now))
    }
}

/// The kinds that have their own upstream printer.
enum BuiltinPrinter: Sendable, Equatable {
    case namespace, pod, service, deployment, replicaSet, endpoints, endpointSlice, serviceAccount, secret, configMap
    case event, node, lease, customResourceDefinition, mutatingWebhookConfiguration, validatingWebhookConfiguration

    /// The printer for a group and kind, or nil when the kind prints as a custom resource.
    init?(group: String, kind: String) {
        switch (group == "core" ? "" : group, kind) {
        case ("", "Namespace"): self = .namespace
        case ("", "Pod"): self = .pod
        case ("", "Service"): self = .service
        case ("", "Endpoints"): self = .endpoints
        case ("", "ServiceAccount"): self = .serviceAccount
        case ("", "Secret"): self = .secret
        case ("", "ConfigMap"): self = .configMap
        case ("", "Event"), ("events.k8s.io", "Event"): self = .event
        case ("", "Node"): self = .node
        case ("apps", "Deployment"): self = .deployment
        case ("apps", "ReplicaSet"): self = .replicaSet
        case ("discovery.k8s.io", "EndpointSlice"): self = .endpointSlice
        case ("coordination.k8s.io", "Lease"): self = .lease
        case ("apiextensions.k8s.io", "CustomResourceDefinition"): self = .customResourceDefinition
        case ("admissionregistration.k8s.io", "MutatingWebhookConfiguration"): self = .mutatingWebhookConfiguration
        case ("admissionregistration.k8s.io", "ValidatingWebhookConfiguration"): self = .validatingWebhookConfiguration
        default: return nil
        }
    }
}
