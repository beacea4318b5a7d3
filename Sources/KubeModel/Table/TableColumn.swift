// Column definitions of a meta.k8s.io/v1 Table, and the printer columns a CRD declares.

/// One `columnDefinitions` entry of a Table.
public struct TableColumn: Sendable, Equatable {
    /// Header text; kubectl upper-cases it.
    public var name: String
    /// OpenAPI type of the cells: `string`, `integer`, `number`, `boolean` or `date`.
    public var type: String
    /// Extra type hint; `name` marks the column kubectl prefixes with `kind/`.
    public var format: String
    /// Human-readable meaning of the column.
    public var description: String
    /// 0 for default output, 1 or more for `-o wide` only.
    public var priority: Int

    /// Creates a column definition.
    public init(name: String, type: String = "string", format: String = "", description: String = "", priority: Int = 0) {
        self.name = name
        self.type = type
        self.format = format
        self.description = description
        self.priority = priority
    }

    /// The column as it appears in a Table's `columnDefinitions`.
    public var json: JSON {
        [
            "name": .string(name), "type": .string(type), "format": .string(format),
            "description": .string(description), "priority": .int(Int64(priority)),
        ]
    }
}

/// One `additionalPrinterColumns` entry of a CustomResourceDefinition version.
public struct PrinterColumn: Sendable, Equatable {
    /// Header text.
    public var name: String
    /// `string`, `integer`, `number`, `boolean` or `date` (a date renders as an age).
    public var type: String
    /// Optional OpenAPI format hint.
    public var format: String
    /// Human-readable meaning; empty means "derive from the JSONPath".
    public var description: String
    /// 0 for default output, 1 or more for `-o wide` only.
    public var priority: Int
    /// Simple JSONPath into the object, e.g. `.spec.replicas`.
    public var jsonPath: String

    /// Creates a printer column.
    public init(name: String, type: String, format: String = "", description: String = "", priority: Int = 0, jsonPath: String) {
        self.name = name
        self.type = type
        self.format = format
        self.description = description
        self.priority = priority
        self.jsonPath = jsonPath
    }

    /// Reads one column definition (`jsonPath`, or the v1beta1 spelling `JSONPath`); nil without a name, type or path.
    public init?(json: JSON) {
        guard let name = json["name"].stringValue, let type = json["type"].stringValue,
            let path = json["jsonPath"].stringValue ?? json["JSONPath"].stringValue
        else { return nil }
        self.init(
            name: name, type: type, format: json["format"].stringValue ?? "",
            description: json["description"].stringValue ?? "",
            priority: Int(json["priority"].intValue ?? 0), jsonPath: path)
    }

    /// The printer columns a CRD declares for one served version (falling back to the legacy top-level list).
    public static func columns(crd: JSON, version: String) -> [PrinterColumn] {
        let versions = crd[["spec", "versions"]].arrayValue ?? []
        if let entry = versions.first(where: { $0["name"].stringValue == version }),
            let list = entry["additionalPrinterColumns"].arrayValue
        {
            return list.compactMap(PrinterColumn.init(json:))
        }
        return (crd[["spec", "additionalPrinterColumns"]].arrayValue ?? []).compactMap(PrinterColumn.init(json:))
    }
}
