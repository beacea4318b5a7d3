public struct StructuralSchema: Sendable { public init(json: JSON) throws {}; public func prune(_ o: JSON) -> (pruned: JSON, unknownFields: [String]) { (o, []) }; public func validate(_ o: JSON) -> [FieldError] { [] }; public func applyDefaults(_ o: inout JSON) {} }
public enum BuiltinDefaults { public static func apply(group: String, kind: String, to: inout JSON) {} }
public enum BuiltinValidation { public static func validate(group: String, kind: String, object: JSON, old: JSON?) -> [FieldError] { [] } }
public enum NameValidation { public static func dns1123Subdomain(_ s: String) -> [String] { [] } }
