// The error every patch operation throws, worded as kube-apiserver words its patch failures.

/// A patch could not be applied; `message` is what the server reports to the client.
public struct PatchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The human-readable reason, e.g. `testing value /a failed: test failed`.
    public var message: String

    /// Creates an error with the given message.
    public init(_ message: String) { self.message = message }

    /// The message itself.
    public var description: String { message }
}
