// One sidecar-to-sidecar mTLS connection carrying many application connections as streams.
// It demultiplexes frames to streams, batches outgoing frames into one TLS write per flush,
// fans tunnel writability out to the streams, and handles GOAWAY and teardown.
import NIOCore

/// Which end of the tunnel this is.
public enum TunnelRole: Sendable {
    /// The client sidecar: opens streams.
    case client
    /// The server sidecar: accepts streams.
    case server
}

/// The handler at the top of a tunnel channel's pipeline, right after TLS: it reads the frames
/// itself (`TunnelFrameReader`), so DATA reaches the streams as slices of what TLS decrypted.
public final class TunnelConnection: ChannelInboundHandler {
    public typealias InboundIn = ByteBuffer
    public typealias OutboundOut = ByteBuffer

    /// Called on the server side for every OPEN: register a stream (`accept`) or `refuse` it.
    public typealias OpenHandler = (TunnelConnection, _ stream: UInt32, _ port: UInt16, _ origin: String) -> Void

    let role: TunnelRole
    private var context: ChannelHandlerContext?
    private var streams: [UInt32: TunnelStream] = [:]
    private var reader = TunnelFrameReader()
    /// Set by a protocol error: nothing more the peer sent is read.
    private var broken = false
    private var nextStream: UInt32 = 1
    private var outgoing: ByteBuffer
    private var dirty: [TunnelStream] = []
    /// Streams whose FIN came in, handled at the end of the wake-up (`endStreamsAtEndOfTick`).
    private var finished: [UInt32] = []
    private var endingScheduled = false
    /// Streams whose peer has ended its side (their FIN handled): they read no more requests.
    private var peerEnded: Set<UInt32> = []
    private var unflushed = false
    private var flushScheduled = false
    private var onOpen: OpenHandler?
    private(set) var closed = false
    /// No new streams: the peer sent GOAWAY, or this side is draining.
    private(set) var draining = false
    /// Runs when the number of streams changes or the tunnel closes (the pool's bookkeeping).
    var onChange: ((TunnelConnection) -> Void)?
    /// Since when the tunnel carries no stream (nil while it carries some).
    private(set) var idleSince: NIODeadline? = .now()
    /// Why the tunnel failed, when it did (for the streams' resets).
    var failureReason = "tunnel closed"
    /// Whether the connection was ever established (a failed connect never is).
    private(set) var wasConnected = false

    /// A tunnel end; `onOpen` is required on the server side.
    public init(role: TunnelRole, allocator: ByteBufferAllocator = ByteBufferAllocator(), onOpen: OpenHandler? = nil) {
        self.role = role
        self.onOpen = onOpen
        self.outgoing = allocator.buffer(capacity: 0)
    }

    /// Open streams.
    public var streamCount: Int { streams.count }

    /// Whether the connection is established (frames may be written).
    private var isActive: Bool { context?.channel.isActive ?? false }

    /// Whether frames can be written without piling up in memory.
    var isWritable: Bool { context?.channel.isWritable ?? true }

    // MARK: streams

    /// Registers a new outgoing stream (client side) and queues its OPEN; nil when the tunnel
    /// takes no new streams.
    func open(_ stream: TunnelStream, port: UInt16, origin: String) -> UInt32? {
        guard role == .client, !closed, !draining, nextStream < UInt32.max else { return nil }
        let id = nextStream
        nextStream += 1
        register(stream, id: id)
        TunnelFrame.open(stream: id, port: port, origin: origin).write(to: &outgoing)
        return id
    }

    /// Registers the stream for an OPEN the server accepted.
    public func accept(_ stream: TunnelStream, id: UInt32) {
        register(stream, id: id)
    }

    /// Refuses an OPEN.
    public func refuse(_ id: UInt32, reason: String) {
        send(reset: id, reason: reason)
        flush()
    }

    private func register(_ stream: TunnelStream, id: UInt32) {
        stream.id = id
        stream.tunnel = self
        streams[id] = stream
        idleSince = nil
    }

    /// A stream finished; it is forgotten.
    func streamEnded(_ id: UInt32) {
        peerEnded.remove(id)
        guard streams.removeValue(forKey: id) != nil, streams.isEmpty else { return }
        idleSince = .now()
        if draining, role == .client { closeAfterFlush() }
    }

    /// Sends what is queued (a last stream's FIN leaves at the end of the tick otherwise, after
    /// TLS has shut down), then closes.
    private func closeAfterFlush() {
        flush()
        context?.close(promise: nil)
    }

    /// Every open stream, for policy re-checks.
    var openStreams: [TunnelStream] { Array(streams.values) }

    // MARK: sending

    /// Queues a DATA frame. Small payloads are copied into the batch (one TLS record for many
    /// frames); large ones are written as they are, after the batch, to skip the copy.
    func send(data: ByteBuffer, stream: UInt32) {
        TunnelFrame.dataHeader(&outgoing, stream: stream, length: data.readableBytes)
        if data.readableBytes < Self.copyLimit || !isActive {
            var copy = data
            outgoing.writeBuffer(&copy)
        } else if let context {
            context.write(wrapOutboundOut(outgoing), promise: nil)
            context.write(wrapOutboundOut(data), promise: nil)
            outgoing = context.channel.allocator.buffer(capacity: Self.batchCapacity)
            unflushed = true
        }
    }

    /// Payloads from this size on are not copied into the batch.
    static let copyLimit = 8192
    /// The initial capacity of a batch.
    static let batchCapacity = 512

    func send(fin stream: UInt32) { TunnelFrame.fin(stream: stream).write(to: &outgoing) }

    func send(reset stream: UInt32, reason: String) { TunnelFrame.reset(stream: stream, reason: reason).write(to: &outgoing) }

    func send(window increment: UInt32, stream: UInt32) {
        TunnelFrame.window(stream: stream, increment: increment).write(to: &outgoing)
    }

    /// Writes every queued frame as one buffer (one TLS record batch) and flushes.
    func flush() {
        // Before the connection is up, frames stay queued; channelActive sends them (TLS then
        // holds them until its handshake is done).
        guard let context, isActive, outgoing.readableBytes > 0 || unflushed, !closed else { return }
        unflushed = false
        if outgoing.readableBytes > 0 {
            let batch = outgoing
            outgoing = context.channel.allocator.buffer(capacity: Self.batchCapacity)
            context.write(wrapOutboundOut(batch), promise: nil)
        }
        context.flush()
    }

    /// After a stream's local read: with other streams on the tunnel, the flush waits for the end
    /// of the event loop's wake-up, so what many local sockets had to say leaves in one TLS write;
    /// a lone stream has nothing to wait for and is flushed at once. Streams whose peer has ended
    /// its side do not count: they are closing, and an app that makes a connection per request
    /// would otherwise have its response wait behind the previous connection's close.
    func flushAfterLocalRead() {
        if streams.count - peerEnded.count > 1 { flushAtEndOfTick() } else { flush() }
    }

    /// Flushes once the event loop has handled every event of this wake-up.
    func flushAtEndOfTick() {
        guard !flushScheduled, let context else { return }
        flushScheduled = true
        context.eventLoop.assumeIsolated().execute { [self] in
            flushScheduled = false
            flush()
        }
    }

    /// Stops taking new streams and tells the peer; open streams continue.
    public func goAway(reason: String) {
        guard !draining else { return }
        draining = true
        TunnelFrame.goAway(reason: reason).write(to: &outgoing)
        flush()
        if streams.isEmpty { context?.close(promise: nil) }
        onChange?(self)
    }

    /// Aborts every stream and closes the tunnel.
    public func close(reason: String) {
        failureReason = reason
        context?.close(promise: nil)
    }

    // MARK: channel events

    public func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive {
            wasConnected = true
            flush()
        }
    }

    public func channelActive(context: ChannelHandlerContext) {
        wasConnected = true
        flush()
        context.fireChannelActive()
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        do {
            while !broken, let input = try reader.next(from: &buffer) {
                switch input {
                case .data(let id, let chunk):
                    deliver(chunk, to: id)
                case .frame(let frame):
                    handle(frame, context: context)
                }
            }
        } catch {
            protocolError("\(error)")
        }
    }

    private func deliver(_ payload: ByteBuffer, to id: UInt32) {
        guard let stream = streams[id] else { return }  // late bytes of a reset stream
        // A FIN of this read waits for the read's end; bytes after it break the stream's protocol.
        guard finished.isEmpty || !finished.contains(id) else { return stream.abort("peer sent data after its FIN") }
        if stream.deliver(payload) { dirty.append(stream) }
    }

    private func handle(_ frame: TunnelFrame, context: ChannelHandlerContext) {
        switch frame {
        case .open(let id, let port, let origin):
            guard role == .server, let onOpen else { return protocolError("OPEN sent to a client") }
            guard streams[id] == nil else { return protocolError("OPEN of stream \(id) which is open") }
            guard !draining else { return refuse(id, reason: "tunnel is draining") }
            onOpen(self, id, port, origin)
        case .data(let id, let payload):  // the reader hands DATA out in pieces; a whole one is the same
            deliver(payload, to: id)
        case .fin(let id):
            if streams[id] != nil { finished.append(id) }
        case .reset(let id, let reason):
            streams[id]?.remoteReset("peer reset: \(reason)")
        case .window(let id, let increment):
            streams[id]?.granted(increment)
        case .goAway:
            draining = true
            if streams.isEmpty, role == .client { closeAfterFlush() }
            onChange?(self)
        }
    }

    /// Bytes first, endings after: what this read carried for the apps is flushed to their
    /// sockets before any FIN it carried closes one. An app that makes one connection per request
    /// gets its response before the sidecar spends time (and wakes it) on the previous
    /// connection's close, which the peer sent just ahead of the response.
    public func channelReadComplete(context: ChannelHandlerContext) {
        for stream in dirty { stream.flushLocal() }
        dirty.removeAll(keepingCapacity: true)
        if !finished.isEmpty { endStreamsAtEndOfTick() }
        flush()
        context.fireChannelReadComplete()
    }

    /// The FINs that came in end their streams once the event loop has handled every event of
    /// the wake-up. Ending one can close a local connection (deregistration, close, accounting),
    /// work no app waits for; a connection the app made in the same wake-up waits for its OPEN,
    /// and its accept is an event behind this read.
    private func endStreamsAtEndOfTick() {
        guard !endingScheduled, let context else { return }
        endingScheduled = true
        context.eventLoop.assumeIsolated().execute { [self] in
            endingScheduled = false
            endFinishedStreams()
            flush()
        }
    }

    private func endFinishedStreams() {
        let ids = finished
        finished.removeAll(keepingCapacity: true)
        for id in ids {
            guard let stream = streams[id] else { continue }
            peerEnded.insert(id)
            stream.remoteFin()
        }
    }

    public func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            for stream in streams.values { stream.tunnelWritable() }
        }
        context.fireChannelWritabilityChanged()
    }

    public func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failureReason = "tunnel failed: \(error)"
        context.close(promise: nil)
    }

    public func channelInactive(context: ChannelHandlerContext) {
        tearDown()
        context.fireChannelInactive()
    }

    public func handlerRemoved(context: ChannelHandlerContext) {
        tearDown()
        self.context = nil
    }

    /// Fails a tunnel that never got a channel (connect failed): every stream is reset.
    func fail(_ reason: String) {
        failureReason = reason
        tearDown()
    }

    private func tearDown() {
        guard !closed else { return }
        endFinishedStreams()  // FINs that came in before the tunnel went, in their order
        closed = true
        draining = true
        let open = streams.values
        streams = [:]
        peerEnded = []
        for stream in open { stream.remoteReset(failureReason) }
        onChange?(self)
        onChange = nil
        onOpen = nil
    }

    private func protocolError(_ what: String) {
        broken = true
        failureReason = "tunnel protocol error: \(what)"
        context?.close(promise: nil)
    }
}

@available(*, unavailable)
extension TunnelConnection: Sendable {}
