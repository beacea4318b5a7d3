// The Event printer (core/v1 and events.k8s.io/v1 objects alike).

extension TablePrinter {
    /// Cells for an Event: Last Seen, Type, Reason, Object, Subobject, Source, Message, First Seen, Count, Name.
    static func eventCells(_ raw: JSON, now: Double) -> [JSON] {
        let event = coreEvent(raw)
        func since(_ v: JSON) -> String? {
            guard let t = TableTime.seconds(v), t != TableTime.zero else { return nil }
            return HumanDuration.string(seconds: now - t)
        }
        let firstSeen = since(event["firstTimestamp"]) ?? since(event["eventTime"]) ?? "<unknown>"
        var lastSeen = since(event["lastTimestamp"]) ?? firstSeen
        var count = TableCellFormat.int(event["count"])
        if !event["series"].isNull {
            lastSeen = since(event[["series", "lastObservedTime"]]) ?? "<unknown>"
            count = TableCellFormat.int(event[["series", "count"]])
        } else if count == 0 {
            count = 1
        }

        let involved = event["involvedObject"]
        let kind = TableCellFormat.string(involved["kind"]).lowercased()
        let name = TableCellFormat.string(involved["name"])
        let target = name.isEmpty ? kind : "\(kind)/\(name)"

        let component = nonEmpty(event[["source", "component"]], event["reportingComponent"])
        let instance = nonEmpty(event[["source", "host"]], event["reportingInstance"])
        let source = instance.isEmpty ? component : "\(component), \(instance)"

        return [
            .string(lastSeen), .string(TableCellFormat.string(event["type"])), .string(TableCellFormat.string(event["reason"])),
            .string(target), .string(TableCellFormat.string(involved["fieldPath"])), .string(source),
            .string(trimSpace(TableCellFormat.string(event["message"]))), .string(firstSeen), .int(count),
            .string(TableCellFormat.string(event[["metadata", "name"]])),
        ]
    }

    /// An events.k8s.io/v1 Event rewritten with core/v1 field names; core events are returned unchanged.
    static func coreEvent(_ event: JSON) -> JSON {
        let isNewAPI = event["apiVersion"].stringValue?.hasPrefix("events.k8s.io/") == true
            || (event["involvedObject"].isNull && !(event["regarding"].isNull && event["note"].isNull))
        guard isNewAPI else { return event }
        var core = event
        let renames = [
            ("regarding", "involvedObject"), ("note", "message"), ("deprecatedSource", "source"),
            ("deprecatedFirstTimestamp", "firstTimestamp"), ("deprecatedLastTimestamp", "lastTimestamp"),
            ("deprecatedCount", "count"), ("reportingController", "reportingComponent"),
        ]
        for (from, to) in renames {
            core[to] = event[from]
            core[from] = .null
        }
        return core
    }

    /// The first of two string members that is not empty ("" when both are).
    static func nonEmpty(_ a: JSON, _ b: JSON) -> String {
        let first = TableCellFormat.string(a)
        return first.isEmpty ? TableCellFormat.string(b) : first
    }

    /// Go's strings.TrimSpace: drops leading and trailing Unicode whitespace.
    static func trimSpace(_ s: String) -> String {
        let scalars = s.unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[start...end])
    }
}
