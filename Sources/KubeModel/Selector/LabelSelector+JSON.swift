// metav1.LabelSelector objects (`matchLabels` + `matchExpressions`) as found in Deployments and ReplicaSets.

extension LabelSelector {
    /// Reads a metav1.LabelSelector (`metav1.LabelSelectorAsSelector`). A null selector matches nothing;
    /// an empty one matches everything.
    public init(json: JSON) throws(SelectorError) {
        if json.isNull {
            self = .nothing
            return
        }
        guard let object = json.objectValue else {
            throw SelectorError("invalid label selector: expected an object, got \(json.typeName)")
        }
        var requirements: [Requirement] = []
        if let matchLabels = object["matchLabels"], !matchLabels.isNull {
            guard let labels = matchLabels.objectValue else { throw SelectorError("invalid label selector: matchLabels must be an object") }
            for key in labels.keys.sorted() {
                guard let value = labels[key]?.stringValue else {
                    throw SelectorError("invalid label selector: matchLabels[\(key)] must be a string")
                }
                requirements.append(try Self.requirement(key: key, op: .equals, values: [value]))
            }
        }
        if let expressions = object["matchExpressions"], !expressions.isNull {
            guard let list = expressions.arrayValue else { throw SelectorError("invalid label selector: matchExpressions must be an array") }
            for expression in list {
                let name = expression["operator"].stringValue ?? ""
                let op: Operator
                switch name {
                case "In": op = .in
                case "NotIn": op = .notIn
                case "Exists": op = .exists
                case "DoesNotExist": op = .doesNotExist
                default: throw SelectorError("\(SelectorValidation.goQuote(name)) is not a valid label selector operator")
                }
                let values = (expression["values"].arrayValue ?? []).map { $0.stringValue ?? "" }
                requirements.append(
                    try Self.requirement(key: expression["key"].stringValue ?? "", op: op, values: values))
            }
        }
        self.init(requirements: requirements)
    }
}
