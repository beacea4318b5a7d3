import KubeModel
import KubeStorage

/// One item of a watch response's merged input: a change, or a bookmark tick.
enum WatchItem: Sendable {
    case event(WatchEvent)
    case tick
}

extension APIServerCore {
    /// Seconds between bookmark (and liveness) writes on an idle watch.
    static let watchTickSeconds: UInt64 = 15

    func watch(_ req: APIRequest, _ r: APIResource, namespace: String?) async throws -> APIResponse {
        let filter = try ListFilter(req, r)
        let ns = r.namespaced ? namespace : nil
        let rvParam = req.query["resourceVersion"] ?? ""
        let timeout = req.query["timeoutSeconds"].flatMap { UInt64($0) }
        let bookmarks = req.query.flag("allowWatchBookmarks")
        let asTable = req.wantsTable
        let initial: [JSON]
        let from: Int64
        let (current, currentRV) = await store.list(collection: r.collection, namespace: ns)
        if rvParam.isEmpty || rvParam == "0" {
            initial = current.filter(filter.matches)
            from = currentRV
        } else {
            initial = []
            guard let v = Int64(rvParam) else {
                throw APIError.badRequest("resourceVersion: Invalid value: \"\(rvParam)\": must be a valid integer")
            }
            from = v
        }
        // Which objects the client currently sees as matching; known exactly only when the watch starts now.
        var known: [String: Bool] = [:]
        if rvParam.isEmpty || rvParam == "0" {
            for obj in current { known["\(obj.namespace)/\(obj.name)"] = filter.matches(obj) }
        }
        let initiallyMatched = known
        // Ended by the store when the client falls `watchBacklog` changes behind: the watch then ends at
        // once, without waiting for a client that may never read again to take what is queued.
        let (overflowed, overflow) = AsyncStream<Void>.makeStream()
        let opened = await openWatch(r, namespace: ns, from: from) {
            overflow.yield()
            overflow.finish()
        }
        guard case .success(let events) = opened else {
            if case .failure(let e) = opened {
                let status = APIError.from(e, r).status
                return .stream(contentType: "application/json") { sink in
                    try await sink.write(Self.watchLine(["type": "ERROR", "object": status]))
                }
            }
            throw APIError.internalError("watch failed")
        }
        return .stream(contentType: "application/json") { [self] sink in
            openWatches.add(1, ordering: .relaxed)
            defer { openWatches.subtract(1, ordering: .relaxed) }
            // The changes wait in a small queue for the part that writes them: a client that reads
            // slowly holds the feed back, the store's stream for this watch fills (at most
            // `watchBacklog` changes) and ends, and the watch ends with it. Whichever part ends
            // first (the client gone, the feed ended, the timeout, shutdown) ends the watch; the
            // client resumes from the last resourceVersion it got.
            let merged = BoundedFeed<WatchItem>(limit: 8)
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await e in events {
                        guard await merged.send(.event(e)) else { return }
                    }
                }
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(nanoseconds: Self.watchTickSeconds * 1_000_000_000)
                        merged.offer(.tick)
                    }
                }
                group.addTask { [shutdown] in
                    for await _ in shutdown.stream() {}
                }
                group.addTask {
                    for await _ in overflowed { return }
                }
                if let timeout {
                    group.addTask {
                        // Capped at a year: a larger value is "no timeout" in effect and would overflow.
                        try? await Task.sleep(for: .seconds(min(timeout, 31_536_000)))
                    }
                }
                group.addTask {
                    try? await self.writeWatch(merged.stream, initial: initial, to: sink, resource: r, filter: filter,
                                               matched: initiallyMatched, from: from, bookmarks: bookmarks, asTable: asTable)
                }
                _ = await group.next()
                group.cancelAll()
            }
        }
    }

    /// Writes the initial objects, then each change as the client should see it (a change that
    /// moves an object into or out of the selection is an ADDED or DELETED), and bookmarks.
    /// Returns when `items` ends; throws once the client is gone.
    private func writeWatch(_ items: AsyncStream<WatchItem>, initial: [JSON], to sink: any StreamSink, resource r: APIResource,
                            filter: ListFilter, matched initiallyMatched: [String: Bool], from: Int64, bookmarks: Bool,
                            asTable: Bool) async throws {
        var matched = initiallyMatched
        var columnsSent = false
        var lastRV = from
        func send(_ type: String, _ obj: JSON) async throws {
            var object = served(obj, as: r)
            if asTable {
                object = try table(r, [object], resourceVersion: object[["metadata", "resourceVersion"]].stringValue ?? "",
                                   includeColumns: !columnsSent)
                columnsSent = true
            }
            try await sink.write(Self.watchLine(["type": .string(type), "object": object]))
        }
        for obj in initial { try await send("ADDED", obj) }
        for await item in items {
            switch item {
            case .tick:
                if bookmarks {
                    let mark: JSON = ["kind": .string(r.kind), "apiVersion": .string(r.apiVersion),
                                      "metadata": ["resourceVersion": .string(String(lastRV))]]
                    try await sink.write(Self.watchLine(["type": "BOOKMARK", "object": mark]))
                }
            case .event(let e):
                lastRV = e.resourceVersion
                let id = "\(e.key.namespace)/\(e.key.name)"
                let matchesObject = filter.matches(e.object)
                let now = e.type != .deleted && matchesObject
                let was = matched[id] ?? (e.type == .added ? false : matchesObject)
                matched[id] = now
                switch (e.type, was, now) {
                case (.deleted, true, _), (.modified, true, false): try await send("DELETED", e.object)
                case (.added, _, true), (.modified, false, true): try await send("ADDED", e.object)
                case (.modified, true, true): try await send("MODIFIED", e.object)
                default: break
                }
            }
        }
    }

    private func openWatch(_ r: APIResource, namespace: String?, from: Int64,
                           onOverflow: @escaping @Sendable () -> Void) async -> Result<AsyncStream<WatchEvent>, StoreError> {
        do {
            return .success(try await store.watch(collection: r.collection, namespace: namespace, from: from, limit: watchBacklog,
                                                  onOverflow: onOverflow))
        } catch let e as StoreError {
            return .failure(e)
        } catch {
            return .failure(.io("\(error)"))
        }
    }

    static func watchLine(_ event: JSON) -> [UInt8] {
        var bytes = event.serialized()
        bytes.append(0x0A)
        return bytes
    }
}
