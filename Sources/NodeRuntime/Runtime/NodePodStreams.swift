// exec and logs for the API server (NodeAPI's PodStreamProvider): exec runs the command in the
// pod's network namespace as the container's user with the image's PATH; logs read the
// container's log file (following it while the container runs).
import Foundation
import Synchronization
import LinuxNet
import NodeAPI

extension PodRuntime {
    /// The sandbox and the container spec for an exec or log request.
    func target(namespace: String, pod: String, container: String) -> (sandbox: String, spec: ContainerSpec, uid: String)? {
        guard let record = pods.values.first(where: { $0.namespace == namespace && $0.name == pod }) else { return nil }
        let all = record.containers + record.initContainers
        guard let c = container.isEmpty ? record.containers.first : all.first(where: { $0.spec.name == container }) else { return nil }
        return (record.sandbox, c.spec, record.uid)
    }
}

/// The node's exec and log streams.
public struct NodePodStreams: PodStreamProvider {
    let runtime: PodRuntime
    let catalog: ImageCatalog

    /// Streams for pods of `runtime`.
    public init(runtime: PodRuntime, catalog: ImageCatalog) {
        self.runtime = runtime
        self.catalog = catalog
    }

    public func exec(_ request: ExecRequest, input: AsyncStream<ExecInput>,
                     output: @escaping @Sendable (ExecStream, [UInt8]) async -> Void) async throws -> Int32 {
        guard let target = await runtime.target(namespace: request.namespace, pod: request.pod, container: request.container) else {
            throw PodStreamError("pod \(request.pod) has no running container \(request.container) on this node")
        }
        var line = request.command
        if let image = catalog.image(target.spec.image), let first = line.first,
           let resolved = ImageCatalog.resolve(first, in: image) {
            line[0] = resolved
        }
        let withMounts = target.spec.launch(namespace: target.sandbox, commandLine: line, logPath: "/dev/null")
        return try await ExecRelay.run(argv: withMounts.argv, environment: withMounts.environment,
                                       directory: withMounts.directory, keepStdin: request.stdin, input: input, output: output)
    }

    public func logs(_ request: LogRequest) async throws -> AsyncThrowingStream<[UInt8], any Error> {
        guard let target = await runtime.target(namespace: request.namespace, pod: request.pod, container: request.container) else {
            throw PodStreamError("pod \(request.pod) has no container \(request.container) on this node")
        }
        let current = "\(runtime.podsDir)/\(target.uid)/logs/\(target.spec.name).log"
        let path = request.previous ? ContainerLogFormat.previousPath(current) : current
        guard FileManager.default.fileExists(atPath: path) else {
            if request.previous {
                throw PodStreamError("previous terminated container \"\(target.spec.name)\" in pod \"\(request.pod)\" not found")
            }
            return AsyncThrowingStream { $0.finish() }
        }
        let follow = request.follow && !request.previous, timestamps = request.timestamps, tail = request.tailLines
        // At most back to the epoch (a huge value would not fit the timestamp).
        let since = request.sinceSeconds.map { ContainerLogFormat.timestamp(max(0, Date().timeIntervalSince1970 - Double($0))) }
        let runtime = self.runtime, uid = target.uid
        let follower = LogFollower(path: path)
        // Pulled, not pushed: the file is read when the reader asks for more, so a client that reads
        // slowly (or not at all) never makes the node hold what the container wrote since.
        return AsyncThrowingStream(unfolding: {
            if let first = follower.firstRead() {
                let rendered = ContainerLogFormat.render(first, timestamps: timestamps, tail: tail, since: since)
                if !rendered.isEmpty { return rendered }
            }
            while follow, !Task.isCancelled, await runtime.isRunning(uid: uid) {
                try? await Task.sleep(for: .milliseconds(200))
                let more = ContainerLogFormat.render(follower.read(), timestamps: timestamps, since: since)
                if !more.isEmpty { return more }
            }
            return nil
        })
    }
}

/// A log file read on demand by one reader at a time: the whole file first, then what was added.
final class LogFollower: Sendable {
    private let state: Mutex<(reader: LogFileReader, started: Bool)>

    init(path: String) {
        state = Mutex((LogFileReader(path: path), false))
    }

    /// What the file holds, the first time; nil afterwards.
    func firstRead() -> [UInt8]? {
        state.withLock { s in
            guard !s.started else { return nil }
            s.started = true
            return s.reader.readComplete()
        }
    }

    /// The complete lines added since the last read.
    func read() -> [UInt8] {
        state.withLock { $0.reader.readComplete() }
    }
}
