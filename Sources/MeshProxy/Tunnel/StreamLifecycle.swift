// The closing rules of one tunnel stream, pure: FINs travel each way on their own, the local
// socket closes once both directions ended and its output is flushed, and any failure resets.

/// What the stream handler must do next.
public enum StreamStep: Sendable, Equatable {
    /// Send FIN to the peer.
    case sendFin
    /// Shut the local socket's output once pending writes are out (FIN to the app).
    case closeLocalOutput
    /// Close the local socket; the stream ended cleanly.
    case closeLocal
    /// Tell the peer the stream is aborted, with a reason.
    case sendReset(String)
    /// Close the local socket with a TCP reset.
    case resetLocal
    /// The stream is over: unregister it and report it.
    case finish(clean: Bool, reason: String?)
}

/// The two directions of a stream and how it ended.
public struct StreamLifecycle: Sendable, Equatable {
    /// The app sent FIN (we forwarded it).
    public private(set) var localInputEnded = false
    /// The peer sent FIN.
    public private(set) var remoteInputEnded = false
    /// Our FIN to the app is out (output shut after pending writes).
    public private(set) var localOutputClosed = false
    /// Whether the stream is over.
    public private(set) var finished = false

    /// A stream in both directions.
    public init() {}

    /// The app's side sent FIN.
    public mutating func localFin() -> [StreamStep] {
        guard !finished, !localInputEnded else { return [] }
        localInputEnded = true
        return [.sendFin] + closeIfDone()
    }

    /// The peer sent FIN.
    public mutating func remoteFin() -> [StreamStep] {
        guard !finished, !remoteInputEnded else { return [] }
        remoteInputEnded = true
        return [.closeLocalOutput]
    }

    /// The FIN to the app went out.
    public mutating func localOutputShut() -> [StreamStep] {
        guard !finished else { return [] }
        localOutputClosed = true
        return closeIfDone()
    }

    /// The local socket closed or failed (not by us).
    public mutating func localFailed(_ reason: String) -> [StreamStep] {
        guard !finished else { return [] }
        finished = true
        return [.sendReset(reason), .finish(clean: false, reason: reason)]
    }

    /// The peer reset the stream (or the tunnel died).
    public mutating func remoteReset(_ reason: String) -> [StreamStep] {
        guard !finished else { return [] }
        finished = true
        return [.resetLocal, .finish(clean: false, reason: reason)]
    }

    /// This side aborts (policy revoked, idle timeout, drain deadline, protocol violation).
    public mutating func abort(_ reason: String) -> [StreamStep] {
        guard !finished else { return [] }
        finished = true
        return [.sendReset(reason), .resetLocal, .finish(clean: false, reason: reason)]
    }

    private mutating func closeIfDone() -> [StreamStep] {
        guard localInputEnded, localOutputClosed else { return [] }
        finished = true
        return [.closeLocal, .finish(clean: true, reason: nil)]
    }
}
