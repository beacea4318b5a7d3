// The error thrown for malformed or unsupported label and field selectors.

/// A selector that cannot be parsed or applied, worded as kube-apiserver words it.
public struct SelectorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The message, e.g. `unable to parse requirement: found '', expected: identifier`.
    public var message: String

    /// Creates an error with a message.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
