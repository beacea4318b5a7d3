// SIGTERM and SIGINT as events for the long-running verbs (cluster up, controller, injector):
// the default action is turned off and a handler runs instead; the sources live as long as the
// process. Also the `HOST:PORT` listen flag those verbs share.
import Foundation

/// Termination signals delivered to handlers.
enum TerminationSignals {
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

    /// Runs `handler` on each SIGTERM or SIGINT. With `takingOver`, the signals' default action
    /// is turned off here; without it, whoever else handles them (the API server's graceful
    /// shutdown in `cluster up`) keeps its own set-up and `handler` runs beside it.
    static func handle(takingOver: Bool = true, _ handler: @escaping @Sendable () -> Void) {
        for sig in [SIGTERM, SIGINT] {
            if takingOver { signal(sig, SIG_IGN) }
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler(handler: handler)
            source.resume()
            sources.append(source)
        }
    }

    /// Runs `service` until it ends or a termination signal cancels it; an error becomes one line
    /// naming `component`.
    static func run(_ component: String, _ service: @escaping @Sendable () async throws -> Void) async throws {
        let task = Task { try await service() }
        handle { task.cancel() }
        do { try await task.value } catch {
            throw CLIError("\(component) stopped: \(error)")
        }
    }

    /// `--listen HOST:PORT` split, or a one-line error naming the flag.
    static func listenAddress(_ text: String) throws -> (host: String, port: Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]) else {
            throw CLIError("--listen must be HOST:PORT, got \(text)")
        }
        return (String(text[..<colon]), port)
    }
}
