// NetSplice: joining two TCP connections (bytes both ways, backpressure, half-close) — used by the
// sidecar for egress passthrough and by the node to forward pods to the API server.

/// Which side of a spliced pair an event concerns.
public enum SpliceSide: Sendable, Hashable {
    case downstream
    case upstream

    /// The other side.
    public var other: SpliceSide { self == .downstream ? .upstream : .downstream }
}

/// What the splice handlers must do next; they hold no policy of their own.
public enum SpliceAction: Sendable, Equatable {
    /// Half-close this side's output (send FIN / TLS close_notify).
    case closeOutput(SpliceSide)
    /// Close both connections.
    case closeBoth
    /// Nothing to do.
    case none
}

/// The half-close state of a spliced connection pair: each direction ends on its own, and the pair closes when
/// both have ended (or at once when either side fails).
public struct SpliceState: Sendable, Equatable {
    private var ended: Set<SpliceSide> = []
    /// Whether the pair has been closed.
    public private(set) var closed = false

    /// Creates an open pair.
    public init() {}

    /// Whether this side's peer already sent FIN.
    public func inputHasEnded(_ side: SpliceSide) -> Bool { ended.contains(side) }

    /// A side's peer sent FIN: forward it as a half-close of the other side, and close once both ended.
    public mutating func inputEnded(on side: SpliceSide) -> [SpliceAction] {
        guard !closed else { return [] }
        ended.insert(side)
        if ended.count == 2 {
            closed = true
            return [.closeOutput(side.other), .closeBoth]
        }
        return [.closeOutput(side.other)]
    }

    /// A side closed entirely or failed: close the pair.
    public mutating func sideClosed(_ side: SpliceSide) -> SpliceAction {
        guard !closed else { return .none }
        closed = true
        return .closeBoth
    }
}
