// DemoApps: the guide's demo programs. This file: OSM's tcp-echo-server protocol, pure — every
// complete line (without its `\n`; a `\r` stays) is answered with `echo response: <line>\n`;
// a final line without `\n` gets no answer.

/// Splits a byte stream into lines and produces the echo server's answers.
public struct LineEcho: Sendable {
    private var pending: [UInt8] = []

    /// An empty buffer.
    public init() {}

    /// Feeds received bytes; returns the answers for every line they complete, in order.
    public mutating func receive(_ bytes: some Sequence<UInt8>) -> [[UInt8]] {
        pending.append(contentsOf: bytes)
        var answers: [[UInt8]] = []
        while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
            let line = pending[..<newline]
            answers.append(Array("echo response: ".utf8) + line + [UInt8(ascii: "\n")])
            pending.removeSubrange(...newline)
        }
        return answers
    }

    /// The bytes of an unfinished last line (never answered).
    public var unfinished: [UInt8] { pending }
}
