// Custom resources: Name plus the CRD's additionalPrinterColumns (or Age when it declares none).

extension TablePrinter {
    /// The column served when a CRD declares no printer columns.
    static let defaultAgeColumn = PrinterColumn(
        name: "Age", type: "date", description: creationTimestampDoc, jsonPath: ".metadata.creationTimestamp")

    /// Name followed by the printer columns (or the default Age column).
    static func customColumns(_ printerColumns: [PrinterColumn]) -> [TableColumn] {
        let columns = printerColumns.isEmpty ? [defaultAgeColumn] : printerColumns
        return [nameColumn]
            + columns.map { c in
                TableColumn(
                    name: c.name, type: c.type, format: c.format,
                    description: c.description.isEmpty
                        ? "Custom resource definition column (in JSONPath format): \(c.jsonPath)" : c.description,
                    priority: c.priority)
            }
    }

    /// The name cell followed by one cell per printer column (null where the path selects nothing).
    static func customCells(_ printerColumns: [PrinterColumn], object: JSON, now: Double) -> [JSON] {
        let columns = printerColumns.isEmpty ? [defaultAgeColumn] : printerColumns
        return [nameCell(object)]
            + columns.map { c in
                guard let path = TableJSONPath(c.jsonPath), let value = path.evaluate(object).first else { return .null }
                return customCell(type: c.type, value: value, now: now)
            }
    }

    /// Converts a selected value to a cell of the column's type, as the CRD table convertor does.
    static func customCell(type: String, value: JSON, now: Double) -> JSON {
        switch (type, value) {
        case (_, .null): return .null
        case ("string", _): return TableCellFormat.text(value).map(JSON.string) ?? .null
        case ("integer", .int): return value
        case ("integer", .double(let d)): return d.isFinite && abs(d) < 9.2e18 ? .int(Int64(d)) : .null
        case ("number", .int(let i)): return .double(Double(i))
        case ("number", .double): return value
        case ("boolean", .bool): return value
        case ("date", .string(let s)):
            if s.isEmpty || s == "null" { return "<unknown>" }
            guard let t = TableTime.parse(s) else { return "<invalid>" }
            return t == TableTime.zero ? "<unknown>" : .string(HumanDuration.string(seconds: now - t))
        default: return .null
        }
    }
}
