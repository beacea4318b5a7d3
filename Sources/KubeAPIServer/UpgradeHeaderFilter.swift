// kubectl falls back to SPDY (`Upgrade: SPDY/3.1`) when a WebSocket upgrade is refused. This server speaks no SPDY,
// and the HTTP layer closes a connection whose request asks for an upgrade no upgrader serves, so kubectl printed
// only `unexpected EOF`. The filter renames a non-WebSocket `Upgrade` header of a connection's first request before
// HTTP decoding, so the request reaches the API as a plain one and gets a Status saying why.
import HummingbirdCore
import Logging
import NIOCore

/// The pure rewrite of a request head.
enum UpgradeHeaderFilter {
    /// The name a refused `Upgrade` header is given.
    static let renamed = "X-Refused-Upgrade"

    /// `head` (request line and headers, without the final blank line) with every `Upgrade` header whose value
    /// does not name `websocket` renamed; nil when nothing changes.
    static func rewrite(_ head: [UInt8]) -> [UInt8]? {
        var lines = head.split(separator: 10, omittingEmptySubsequences: false).map(Array.init)
        var changed = false
        for i in lines.indices.dropFirst() {
            let text = String(decoding: lines[i], as: UTF8.self)
            guard let colon = text.firstIndex(of: ":"), text[..<colon].lowercased() == "upgrade",
                  !text[text.index(after: colon)...].lowercased().contains("websocket") else { continue }
            lines[i] = Array((renamed + text[colon...]).utf8)
            changed = true
        }
        return changed ? Array(lines.joined(separator: [10])) : nil
    }
}

/// Holds a connection's bytes until its first request head is complete, rewrites it, then steps aside.
final class UpgradeHeaderFilterHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    /// Past this many bytes without a complete head the bytes pass unchanged (the HTTP decoder judges them).
    static let limit = 64 * 1024
    private var pending: [UInt8] = []

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        pending += buffer.readBytes(length: buffer.readableBytes) ?? []
        let end = pending.firstRange(of: [13, 10, 13, 10])
        guard end != nil || pending.count > Self.limit else { return }
        if let end, let head = UpgradeHeaderFilter.rewrite(Array(pending[..<end.lowerBound])) {
            pending = head + pending[end.lowerBound...]
        }
        let out = context.channel.allocator.buffer(bytes: pending)
        pending = []
        context.fireChannelRead(wrapInboundOut(out))
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !pending.isEmpty {
            context.fireChannelRead(wrapInboundOut(context.channel.allocator.buffer(bytes: pending)))
            pending = []
        }
        context.fireChannelInactive()
    }
}

/// A server child channel with the filter in front of the HTTP handlers of `base`.
struct UpgradeHeaderFilterChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value
    let base: Base

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(UpgradeHeaderFilterHandler())
        }.flatMap {
            base.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}
