// Periodic work for controllers (full resyncs, heartbeats), until the task is cancelled.

enum Resync {
    /// Runs `body` every `interval` until cancelled.
    static func every(_ interval: Duration, _ body: @Sendable () async -> Void) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            if Task.isCancelled { return }
            await body()
        }
    }
}
