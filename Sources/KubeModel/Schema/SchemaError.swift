// The error thrown for a CRD schema kube-apiserver would reject, worded as its CRD validation words it.

/// A schema that kube-apiserver would not accept as a CRD version's structural schema.
public struct SchemaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// All problems in one line, as the CRD's 422 message lists them (`[a, b]` when there are several).
    public var message: String
    /// The individual problems, for the `causes` of a Status.
    public var causes: [FieldError]

    /// Creates an error from its causes.
    public init(causes: [FieldError]) {
        var seen = Set<String>()
        let texts = causes.map(\.description).filter { seen.insert($0).inserted }
        self.message = texts.count == 1 ? texts[0] : "[" + texts.joined(separator: ", ") + "]"
        self.causes = causes
    }

    /// Creates an error with a message and no field causes.
    public init(message: String) {
        self.message = message
        self.causes = []
    }

    /// The message.
    public var description: String { message }
}
