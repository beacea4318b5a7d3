import NIOCore

/// The two handlers of one spliced connection pair, and their shared half-close state. Both channels must live
/// on the same event loop (the upstream connection is made on the downstream channel's loop), so no locking.
final class SplicePair {
    var state = SpliceState()
    var downstream: SpliceHandler?
    var upstream: SpliceHandler?

    func handler(_ side: SpliceSide) -> SpliceHandler? { side == .downstream ? downstream : upstream }
}

/// Forwards bytes from its channel to the partner channel, reading only while the partner can take more
/// (backpressure both ways), and carries half-close (FIN) across; the pair's `SpliceState` decides what to close.
public final class SpliceHandler: ChannelDuplexHandler, RemovableChannelHandler {
    public typealias InboundIn = ByteBuffer
    public typealias OutboundIn = ByteBuffer
    public typealias OutboundOut = ByteBuffer

    let side: SpliceSide
    private let pair: SplicePair
    private var context: ChannelHandlerContext?
    private var pendingRead = false

    private init(side: SpliceSide, pair: SplicePair) {
        self.side = side
        self.pair = pair
    }

    /// A new pair of handlers: one for the accepted (downstream) channel, one for the upstream channel.
    /// Both channels need `ChannelOptions.allowRemoteHalfClosure` so a peer's FIN arrives as an event.
    public static func makePair() -> (downstream: SpliceHandler, upstream: SpliceHandler) {
        let pair = SplicePair()
        let down = SpliceHandler(side: .downstream, pair: pair)
        let up = SpliceHandler(side: .upstream, pair: pair)
        pair.downstream = down
        pair.upstream = up
        return (down, up)
    }

    private var partner: SpliceHandler? { pair.handler(side.other) }

    public func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    public func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        if side == .downstream { pair.downstream = nil } else { pair.upstream = nil }
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        partner?.context?.write(wrapOutboundOut(unwrapInboundIn(data)), promise: nil)
    }

    public func channelReadComplete(context: ChannelHandlerContext) {
        partner?.context?.flush()
        context.fireChannelReadComplete()
    }

    public func channelWritabilityChanged(context: ChannelHandlerContext) {
        partner?.partnerWritabilityChanged(context.channel.isWritable)
        context.fireChannelWritabilityChanged()
    }

    public func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let e = event as? ChannelEvent, case .inputClosed = e {
            execute(pair.state.inputEnded(on: side))
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    public func channelInactive(context: ChannelHandlerContext) {
        execute([pair.state.sideClosed(side)])
        context.fireChannelInactive()
    }

    public func errorCaught(context: ChannelHandlerContext, error: any Error) {
        execute([pair.state.sideClosed(side)])
        context.fireErrorCaught(error)
    }

    public func read(context: ChannelHandlerContext) {
        if partner?.context?.channel.isWritable ?? true {
            context.read()
        } else {
            pendingRead = true
        }
    }

    private func partnerWritabilityChanged(_ writable: Bool) {
        guard writable, pendingRead, let context else { return }
        pendingRead = false
        context.read()
    }

    private func execute(_ actions: [SpliceAction]) {
        for action in actions {
            switch action {
            case .closeOutput(let s):
                guard let context = pair.handler(s)?.context else { continue }
                if pair.state.inputHasEnded(s) {
                    // After input EOF NIO escalates an output shutdown to a full close that drops
                    // pending writes: the pair's closeBoth flushes them first.
                    continue
                }
                context.close(mode: .output, promise: nil)
            case .closeBoth:
                // Pending writes go out first (a zero-byte write completes after them); a failed
                // side fails that write at once and closes just the same.
                for context in [pair.downstream?.context, pair.upstream?.context].compactMap({ $0 }) {
                    let empty = context.channel.allocator.buffer(capacity: 0)
                    context.writeAndFlush(NIOAny(empty)).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
                }
            case .none:
                break
            }
        }
    }
}

@available(*, unavailable)
extension SpliceHandler: Sendable {}
