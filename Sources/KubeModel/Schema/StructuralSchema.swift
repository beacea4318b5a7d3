// A CRD version's structural schema: validates, prunes and defaults custom resources as kube-apiserver does.

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
                FieldError(
                    .invalid, field: fieldPath, value: SchemaText.fieldValue(json), detail: "must be a schema object")
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

    /// Removes fields the schema does not specify (kept under `x-kubernetes-preserve-unknown-fields`; apiVersion,
    /// kind and metadata of the resource and of embedded resources are kept, metadata cut to ObjectMeta's fields)
    /// and nulls that non-nullable fields without a default cannot hold. `unknownFields` lists the dropped paths
    /// (`metadata.x` first, then `spec.bogus`, ...), for strict field validation or warnings.
    public func prune(_ object: JSON) -> (pruned: JSON, unknownFields: [String]) {
        var unknown: [String] = []
        var value = object
        if case .object(var members) = value, let meta = members["metadata"], meta.objectValue != nil {
            members["metadata"] = SchemaMetaPruner.prune(meta, path: "metadata", unknown: &unknown)
            value = .object(members)
        }
        let (pruned, dropped) = SchemaPruner.prune(value, root, isResourceRoot: true)
        unknown += dropped
        var embeddedUnknown: [String] = []
        value = SchemaPruner.pruneEmbeddedMetadata(pruned, root, path: "", unknown: &embeddedUnknown)
        unknown += embeddedUnknown
        return (SchemaPruner.pruneNulls(value, root), unknown)
    }

    /// Fills in `default` values where a specified field is absent, or null while not nullable.
    public func applyDefaults(_ object: inout JSON) {
        object = SchemaDefaulter.apply(object, root)
    }
}
