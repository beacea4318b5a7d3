// Per-stream flow control, pure: how much a side may still send, and when the receiving side
// tells its peer it may send more (after the bytes reached the local socket).

/// Credit-based flow control of one tunnel stream, both directions.
///
/// Each side may have at most `window` bytes in flight that the other side has not yet handed
/// to its local socket; the receiver grants credit back in batches of at least a quarter window.
/// A sender never goes beyond its credit (`TunnelStream` keeps the excess of a read back); a
/// receiver still tolerates `slack` bytes beyond the window, as older senders overshot by a read.
public struct StreamWindow: Sendable, Equatable {
    /// The window both sides start with.
    public let window: Int
    /// How far a peer may overshoot before the stream is reset.
    public let slack: Int
    /// What this side may still send (negative after an overshooting read).
    public private(set) var sendCredit: Int
    /// Bytes received and not yet handed to the local socket, plus handed but not yet granted.
    public private(set) var receivedUngranted = 0
    /// Bytes handed to the local socket and not yet granted back.
    public private(set) var writtenUngranted = 0

    /// A window of `window` bytes each way.
    public init(window: Int = 1024 * 1024, slack: Int = 4 * 1024 * 1024) {
        self.window = window
        self.slack = slack
        self.sendCredit = window
    }

    /// Whether this side may read more from its local socket for sending.
    public var maySend: Bool { sendCredit > 0 }

    /// This side sent `n` bytes.
    public mutating func sent(_ n: Int) { sendCredit -= n }

    /// The peer granted `n` more bytes; answers whether sending was blocked and now is not.
    public mutating func granted(_ n: UInt32) -> Bool {
        let wasBlocked = !maySend
        sendCredit += Int(n)
        return wasBlocked && maySend
    }

    /// `n` bytes arrived from the peer; false when the peer exceeded window plus slack.
    public mutating func received(_ n: Int) -> Bool {
        receivedUngranted += n
        return receivedUngranted <= window + slack
    }

    /// `n` received bytes reached the local socket; answers the credit to grant now, if any.
    public mutating func written(_ n: Int) -> UInt32? {
        writtenUngranted += n
        guard writtenUngranted >= window / 4 else { return nil }
        let grant = writtenUngranted
        receivedUngranted -= grant
        writtenUngranted = 0
        return UInt32(clamping: grant)
    }
}
