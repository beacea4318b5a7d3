// NodeAPI: the small contract through which the API server reaches a node for a pod's exec and
// log streams. The API server and the node runtime both depend on it; neither imports the other.

/// The output streams of an exec session.
public enum ExecStream: UInt8, Sendable {
    case stdout = 1
    case stderr = 2
}

/// What the client asked to run, and how.
public struct ExecRequest: Sendable, Equatable {
    /// Pod namespace.
    public var namespace: String
    /// Pod name.
    public var pod: String
    /// Container name (already defaulted and checked against the pod spec).
    public var container: String
    /// argv of the command.
    public var command: [String]
    /// Whether stdin is attached.
    public var stdin: Bool
    /// Whether a terminal was requested.
    public var tty: Bool

    /// Creates an exec request.
    public init(namespace: String, pod: String, container: String, command: [String], stdin: Bool, tty: Bool) {
        self.namespace = namespace
        self.pod = pod
        self.container = container
        self.command = command
        self.stdin = stdin
        self.tty = tty
    }
}

/// Input from the client during an exec session.
public enum ExecInput: Sendable, Equatable {
    /// Bytes for the process's stdin.
    case stdin([UInt8])
    /// The client closed stdin.
    case closeStdin
    /// The terminal was resized.
    case resize(width: Int, height: Int)
}

/// What the client asked to read from a container's log.
public struct LogRequest: Sendable, Equatable {
    /// Pod namespace.
    public var namespace: String
    /// Pod name.
    public var pod: String
    /// Container name.
    public var container: String
    /// Keep streaming until the container ends.
    public var follow: Bool
    /// Only the last N lines.
    public var tailLines: Int?
    /// Read the previous (terminated) instance's log.
    public var previous: Bool
    /// Prefix lines with RFC3339 timestamps.
    public var timestamps: Bool
    /// Only lines newer than this many seconds.
    public var sinceSeconds: Int?

    /// Creates a log request.
    public init(namespace: String, pod: String, container: String, follow: Bool = false, tailLines: Int? = nil,
                previous: Bool = false, timestamps: Bool = false, sinceSeconds: Int? = nil) {
        self.namespace = namespace
        self.pod = pod
        self.container = container
        self.follow = follow
        self.tailLines = tailLines
        self.previous = previous
        self.timestamps = timestamps
        self.sinceSeconds = sinceSeconds
    }
}

/// A failure the node reports for a stream request; the API server turns it into a `Status`.
public struct PodStreamError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Human-readable reason, e.g. `container curl is not running`.
    public var message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A node that can run commands in, and read logs of, the pods it hosts.
public protocol PodStreamProvider: Sendable {
    /// Runs a command in a container; `output` receives stdout/stderr bytes; returns the exit code.
    func exec(
        _ request: ExecRequest,
        input: AsyncStream<ExecInput>,
        output: @escaping @Sendable (ExecStream, [UInt8]) async -> Void
    ) async throws -> Int32

    /// Streams a container's log.
    func logs(_ request: LogRequest) async throws -> AsyncThrowingStream<[UInt8], any Error>
}

/// A connection the client asked for to a port of a pod (`pods/portforward`).
public struct PortForwardRequest: Sendable, Equatable {
    /// Pod namespace.
    public var namespace: String
    /// Pod name.
    public var pod: String
    /// Port on the pod's loopback interface.
    public var port: UInt16

    /// Creates a port-forward request.
    public init(namespace: String, pod: String, port: UInt16) {
        self.namespace = namespace
        self.pod = pod
        self.port = port
    }
}

/// A node that forwards connections to ports of the pods it hosts.
public protocol PortForwardProvider: Sendable {
    /// Connects to `127.0.0.1:<port>` in the pod's network namespace and relays bytes both ways: `input`
    /// goes to the pod until it ends (then the connection is closed), `output` receives what the pod sends.
    /// Returns when the pod's side closed or `input` ended; throws when the connection cannot be made.
    func portForward(_ request: PortForwardRequest, input: AsyncStream<[UInt8]>,
                     output: @escaping @Sendable ([UInt8]) async -> Void) async throws
}
