// A CRD version's openAPIV3Schema, checked to be structural, used to validate, prune and default custom resources
// the way kube-apiserver's apiextensions does.

/// A structural schema parsed from a CRD version's `openAPIV3Schema`.
public struct StructuralSchema: Sendable {
    /// The schema JSON exactly as given, for publishing in OpenAPI documents.
    public let json: JSON
    let root: SchemaNode

    /// Parses and checks `json`; `fieldPath` prefixes the field paths of any errors
    /// (pass `spec.versions[i].schema.openAPIV3Schema` when validating a CRD).
    public init(json: JSON, fieldPath: String = "openAPIV3Schema") throws(SchemaError) {
        guard let object = json.objectValue else {
            throw SchemaError(causes: [
                FieldError(.invalid, field: fieldPath, value: SchemaText.fieldValue(json), detail: "must be a schema object")
            ])
        }
        var decoder = SchemaDecoder()
        let root = SchemaNode(decoding: object, into: &decoder, path: fieldPath)
        if !decoder.errors.isEmpty { throw SchemaError(causes: decoder.errors) }
        let problems = SchemaChecks.check(root, path: fieldPath)
        if !problems.isEmpty { throw SchemaError(causes: problems) }
        self.json = json
        self.root = root
    }

    /// Validates a custom resource (after pruning and defaulting) and returns every problem, worded and pathed as
    /// kube-apiserver words them (`spec.replicas: Invalid value: "string": spec.replicas in body must be of type
    /// integer: "string"`). Object metadata itself is not checked here.
    public func validate(_ object: JSON) -> [FieldError] {
        var validator = SchemaValidator()
        let result = validator.validate(root, object, "")
        var errors = result.errors.map { $0.fieldError(prefix: nil) }
        errors += SchemaExtensionChecks.embedded(root, object, nil)
        if let members = object.objectValue { errors += SchemaExtensionChecks.listTypes(root, members, nil) }
        return errors
    }

}
