// One application connection carried as a stream of a tunnel: the handler on the local socket
// (the app's accepted connection on the client side, the connection to 127.0.0.1 on the server
// side). It reads only while the stream has credit and the tunnel can take more, sends no byte
// beyond its credit (the rest waits in a SendBacklog, and the app's FIN behind it), and asks
// StreamLifecycle what every FIN, reset and failure means.
import MeshProtocol
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// How a stream ended, for metrics and the access log.
public struct StreamOutcome: Sendable {
    /// Bytes read from the local socket (sent into the tunnel).
    public var bytesFromLocal: UInt64
    /// Bytes written to the local socket (received from the tunnel).
    public var bytesToLocal: UInt64
    /// Whether both directions ended with FIN.
    public var clean: Bool
    /// Why it did not end cleanly.
    public var reason: String?
}

/// The local-socket side of a tunnel stream.
public final class TunnelStream: ChannelDuplexHandler, RemovableChannelHandler {
    public typealias InboundIn = ByteBuffer
    public typealias OutboundIn = ByteBuffer
    public typealias OutboundOut = ByteBuffer

    /// The stream id, set when the tunnel registers the stream.
    var id: UInt32 = 0
    /// The tunnel carrying the stream (same event loop), nil once finished.
    var tunnel: TunnelConnection?
    private var window: StreamWindow
    private var lifecycle = StreamLifecycle()
    private var context: ChannelHandlerContext?
    private var pendingRead = false
    private var undelivered: [ByteBuffer] = []
    private var needsFlush = false
    private var heldCredit = 0
    private var backlog = SendBacklog()
    /// The app's end, seen while bytes still waited for credit: handled once they are sent.
    private var endAfterBacklog: LocalEnd?
    /// NIO delivered the app's FIN (even if the stream handles it later, after the backlog).
    private var localEOFSeen = false
    private var idleTask: Scheduled<Void>?
    /// The local socket's event loop (the tunnel's too), kept past the socket for the idle timer.
    private var eventLoop: (any EventLoop)?
    private let idleTimeout: TimeAmount?
    private var lastActivity = NIODeadline.now()
    private let onFinish: (StreamOutcome) -> Void
    /// Asked after every configuration change: the reason to close the stream now, or nil.
    var recheck: ((ProxyConfig) -> String?)?
    private(set) var bytesFromLocal: UInt64 = 0
    private(set) var bytesToLocal: UInt64 = 0
    /// The connected local socket while NIO has not adopted it yet (server side): bytes that
    /// arrive meanwhile go straight to it (`EarlyWrite`).
    var unadoptedSocket: CInt?

    /// A stream; `onFinish` runs once, on the event loop, when it ends.
    init(window: StreamWindow = StreamWindow(), idleTimeout: TimeAmount?, onFinish: @escaping (StreamOutcome) -> Void) {
        self.window = window
        self.idleTimeout = idleTimeout
        self.onFinish = onFinish
    }

    /// Whether the stream has ended.
    var isFinished: Bool { lifecycle.finished }

    // MARK: local socket events

    public func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        eventLoop = context.eventLoop
        unadoptedSocket = nil
        for buffer in undelivered { write(buffer) }
        undelivered = []
        flushLocal()
        if lifecycle.remoteInputEnded, !lifecycle.finished { perform([.closeLocalOutput]) }
        armIdleTimer()
    }

    public func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        // A stream can outlive its socket: the app's bytes may still wait for credit. The idle
        // timer keeps watching it until it ends.
        if lifecycle.finished { idleTask?.cancel() }
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        fromLocal(unwrapInboundIn(data))
    }

    /// Bytes read from the local socket before NIO reads it (`EarlyRead`): sent as a read's are,
    /// with the OPEN queued before them, at once: the app waits for its answer, and the rest of the
    /// accept (registration, the next accept attempt) need not delay the request.
    func fromLocalEarly(_ buffer: ByteBuffer) {
        fromLocal(buffer)
        tunnel?.flush()
    }

    private func fromLocal(_ input: ByteBuffer) {
        var buffer = input
        let n = buffer.readableBytes
        bytesFromLocal += UInt64(n)
        lastActivity = .now()
        if backlog.isEmpty {
            let now = min(n, max(0, window.sendCredit))
            if now == n { return send(buffer) }
            if now > 0 { send(buffer.readSlice(length: now)!) }
        }
        backlog.append(buffer)
    }

    private func send(_ buffer: ByteBuffer) {
        window.sent(buffer.readableBytes)
        tunnel?.send(data: buffer, stream: id)
    }

    public func channelReadComplete(context: ChannelHandlerContext) {
        tunnel?.flushAfterLocalRead()
        context.fireChannelReadComplete()
    }

    public func read(context: ChannelHandlerContext) {
        if window.maySend, backlog.isEmpty, tunnel?.isWritable ?? true {
            context.read()
        } else {
            pendingRead = true
        }
    }

    public func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let e = event as? ChannelEvent, case .inputClosed = e {
            localEOFSeen = true
            if backlog.isEmpty { perform(lifecycle.localFin()) } else { endAfterBacklog = .fin }
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    public func channelInactive(context: ChannelHandlerContext) {
        // With our output already shut, NIO reports the app's FIN as a full close (after
        // reading every byte): that is a clean end, not a failure.
        if lifecycle.localOutputClosed, !backlog.isEmpty {
            endAfterBacklog = .closed
        } else {
            localClosed()
        }
        context.fireChannelInactive()
    }

    public func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let e = error as? ChannelError, e == .eof { return }
        // A socket error in the system's words for its errno (NIO's description adds the call it
        // came from), the same as when `EarlyRead` meets it.
        if let io = error as? IOError { return localFailed(errno: io.errnoCode) }
        localFailed("local connection failed: \(error)")
    }

    /// The local socket failed with `errno`.
    func localFailed(errno code: Int32) {
        localFailed("local connection failed: \(String(cString: strerror(code)))")
    }

    /// The local socket failed (a read error, or one `EarlyRead` met): the stream is reset and
    /// the socket closed.
    func localFailed(_ reason: String) {
        perform(lifecycle.localFailed(reason))
        context?.close(promise: nil)
    }

    // MARK: from the tunnel

    /// Bytes from the peer for the local socket; false when the peer broke flow control.
    func deliver(_ payload: ByteBuffer) -> Bool {
        guard window.received(payload.readableBytes) else {
            abort("peer exceeded the stream window")
            return false
        }
        lastActivity = .now()
        if context != nil {
            write(payload)
        } else if undelivered.isEmpty, let fd = unadoptedSocket {
            writeEarly(payload, to: fd)
        } else {
            undelivered.append(payload)
        }
        return true
    }

    /// Writes to the socket NIO has not adopted yet what it takes now; the rest waits for NIO.
    private func writeEarly(_ payload: ByteBuffer, to fd: CInt) {
        var rest = payload
        let n = EarlyWrite.send(rest, to: fd)
        if n > 0 {
            bytesToLocal += UInt64(n)
            rest.moveReaderIndex(forwardBy: n)
            credit(n)
        }
        if rest.readableBytes > 0 { undelivered.append(rest) }
    }

    /// Flushes what `deliver` wrote; the tunnel calls it once per batch of frames.
    func flushLocal() {
        guard needsFlush, let context else { return }
        needsFlush = false
        context.flush()
    }

    /// The peer sent FIN.
    func remoteFin() {
        if context == nil {
            _ = lifecycle.remoteFin()  // replayed as closeLocalOutput once attached
            return
        }
        perform(lifecycle.remoteFin())
    }

    /// The peer granted credit: waiting bytes go first, then reading resumes.
    func granted(_ n: UInt32) {
        _ = window.granted(n)
        if !backlog.isEmpty {
            lastActivity = .now()
            sendBacklog()
        }
        resumeReading()
    }

    /// The peer reset the stream, or the tunnel is gone.
    func remoteReset(_ reason: String) { perform(lifecycle.remoteReset(reason)) }

    /// Aborts the stream from this side (revoked policy, idle, drain deadline, bad peer).
    func abort(_ reason: String) { perform(lifecycle.abort(reason)) }

    /// The tunnel can take writes again.
    func tunnelWritable() { resumeReading() }

    // MARK: internals

    /// How the app's side ended while bytes still waited for credit.
    private enum LocalEnd { case fin, closed }

    private func localClosed() {
        if lifecycle.localOutputClosed { perform(lifecycle.localFin()) }
        perform(lifecycle.localFailed("local connection closed"))
    }

    /// Sends what the credit covers of the backlog; once it is empty, the app's end follows.
    private func sendBacklog() {
        guard !lifecycle.finished else { return }
        for buffer in backlog.take(upTo: max(0, window.sendCredit)) { send(buffer) }
        guard backlog.isEmpty, let end = endAfterBacklog else { return }
        endAfterBacklog = nil
        switch end {
        case .fin: perform(lifecycle.localFin())
        case .closed: localClosed()
        }
    }

    private func resumeReading() {
        guard pendingRead, window.maySend, backlog.isEmpty, tunnel?.isWritable ?? true, let context else { return }
        pendingRead = false
        context.read()
    }

    /// Queues bytes for the local socket. Credit goes back to the peer while the socket keeps
    /// up (NIO's buffer below its high-water mark); otherwise it is held until the socket is
    /// writable again, so a slow app holds at most a window plus the high-water mark here.
    private func write(_ payload: ByteBuffer) {
        guard let context else { return }
        let n = payload.readableBytes
        bytesToLocal += UInt64(n)
        needsFlush = true
        context.write(wrapOutboundOut(payload), promise: nil)
        if context.channel.isWritable { credit(n) } else { heldCredit += n }
    }

    private func credit(_ n: Int) {
        guard !lifecycle.finished, let grant = window.written(n) else { return }
        tunnel?.send(window: grant, stream: id)
    }

    public func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable, heldCredit > 0 {
            let n = heldCredit
            heldCredit = 0
            credit(n)
            tunnel?.flush()
        }
        context.fireChannelWritabilityChanged()
    }

    private func perform(_ steps: [StreamStep]) {
        for step in steps {
            switch step {
            case .sendFin:
                // Leaves with whatever else this wake-up queues: an app that closes and connects
                // again (one request per connection) sends its FIN and the next OPEN in one record.
                tunnel?.send(fin: id)
                tunnel?.flushAtEndOfTick()
            case .closeLocalOutput:
                guard let context else { continue }
                flushLocal()
                let promise = context.eventLoop.makePromise(of: Void.self)
                promise.futureResult.assumeIsolated().whenComplete { [weak self] result in
                    guard let self else { return }
                    switch result {
                    case .success: self.perform(self.lifecycle.localOutputShut())
                    case .failure(let error): self.perform(self.lifecycle.localFailed("shutting output: \(error)"))
                    }
                }
                if lifecycle.localInputEnded || localEOFSeen {
                    // NIO turns an output shutdown after input EOF into a full close that drops
                    // pending writes: wait for them, then the stream closes.
                    context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(capacity: 0)), promise: promise)
                } else {
                    context.close(mode: .output, promise: promise)
                }
            case .closeLocal:
                context?.close(promise: nil)
            case .sendReset(let reason):
                tunnel?.send(reset: id, reason: reason)
                tunnel?.flush()
            case .resetLocal:
                resetLocal()
            case .finish(let clean, let reason):
                idleTask?.cancel()
                undelivered = []
                backlog.removeAll()
                endAfterBacklog = nil
                let tunnel = self.tunnel
                self.tunnel = nil
                tunnel?.streamEnded(id)
                onFinish(StreamOutcome(bytesFromLocal: bytesFromLocal, bytesToLocal: bytesToLocal, clean: clean, reason: reason))
            }
        }
    }

    /// Closes the local socket with RST (SO_LINGER 0), so the app sees the failure at once; a
    /// socket NIO has not adopted yet is reset when NIO closes it (the stream refuses adoption).
    private func resetLocal() {
        if let context {
            SocketTuning.reset(context.channel)
        } else if let fd = unadoptedSocket {
            SocketTuning.resetOnClose(fd)
        }
    }

    private func armIdleTimer() {
        guard let idleTimeout, let eventLoop else { return }
        let deadline = lastActivity + idleTimeout
        idleTask = eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [weak self] in
            guard let self, !self.lifecycle.finished else { return }
            if self.lastActivity + idleTimeout <= .now() {
                self.abort("idle for \(idleTimeout.nanoseconds / 1_000_000) ms")
            } else {
                self.armIdleTimer()
            }
        }
    }
}

@available(*, unavailable)
extension TunnelStream: Sendable {}
