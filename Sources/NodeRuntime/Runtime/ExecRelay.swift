// One exec session's process and its three pipes: stdin fed from the client's frames, stdout and
// stderr relayed as they come, the exit code once both outputs ended and the process exited.
import Dispatch
import Foundation
import LinuxNet
import NodeAPI

#if canImport(Glibc)
import Glibc
#endif

/// Runs a command for an exec session and relays its standard streams.
public enum ExecRelay {
    /// Starts `argv` and relays until it exits and its outputs end; returns its exit code.
    /// `keepStdin` false closes stdin at once (the client sends none).
    public static func run(argv: [String], environment: [String: String], directory: String = "/", keepStdin: Bool,
                           input: AsyncStream<ExecInput>,
                           output: @escaping @Sendable (ExecStream, [UInt8]) async -> Void) async throws -> Int32 {
        let out = Pipe(), err = Pipe(), inp = Pipe()
        // Foundation's Pipe hands out descriptor -1 when pipe(2) fails (out of descriptors); reading
        // one would trap, so the session fails instead.
        let ends = [out, err, inp].flatMap { [$0.fileHandleForReading.fileDescriptor, $0.fileHandleForWriting.fileDescriptor] }
        guard ends.allSatisfy({ $0 >= 0 }) else { throw PodStreamError("cannot create the exec session's pipes: too many open files") }
        let (chunks, feed) = AsyncStream<(ExecStream, [UInt8])>.makeStream()
        let process = try ChildProcess(argv: argv, environment: environment, directory: directory,
                                       stdin: inp.fileHandleForReading.fileDescriptor, stdout: out.fileHandleForWriting.fileDescriptor,
                                       stderr: err.fileHandleForWriting.fileDescriptor)
        // The child has its own copies: closing these lets the readers see EOF when it exits.
        for end in [inp.fileHandleForReading, out.fileHandleForWriting, err.fileHandleForWriting] { try? end.close() }
        // Each pipe is drained by a blocking loop on its own Dispatch thread; the stream ends at both EOFs.
        let readers = DispatchGroup()
        for (pipe, stream) in [(out, ExecStream.stdout), (err, ExecStream.stderr)] {
            readers.enter()
            DispatchQueue.global().async {
                // read(2) returns what the pipe holds now (interactive output is relayed at once); an error
                // ends the stream like EOF (Foundation's availableData would trap on it).
                let fd = pipe.fileHandleForReading.fileDescriptor
                var chunk = [UInt8](repeating: 0, count: 65536)
                while true {
                    let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                    if n > 0 {
                        feed.yield((stream, Array(chunk[0..<n])))
                    } else if n < 0 && errno == EINTR {
                        continue
                    } else {
                        break
                    }
                }
                readers.leave()
            }
        }
        readers.notify(queue: .global()) { feed.finish() }
        // A process that exits without reading its input makes these writes fail (EPIPE); that ends nothing.
        let writer = Task {
            for await i in input {
                switch i {
                case .stdin(let b): try? inp.fileHandleForWriting.write(contentsOf: b)
                case .closeStdin: try? inp.fileHandleForWriting.close()
                case .resize: break
                }
            }
        }
        if !keepStdin { try? inp.fileHandleForWriting.close() }
        for await (stream, bytes) in chunks { await output(stream, bytes) }
        let code = await process.wait()
        writer.cancel()
        return code
    }
}
