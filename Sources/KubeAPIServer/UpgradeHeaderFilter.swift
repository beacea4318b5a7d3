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

/// Holds a connection's bytes until its first request head is complete, rewrites it when it asks for a
/// non-WebSocket upgrade (otherwise passes the bytes on as they came), then steps aside.
final class UpgradeHeaderFilterHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    /// Past this many bytes without a complete head the bytes pass unchanged (the HTTP decoder judges them).
    static let limit = 64 * 1024
    private var pending: ByteBuffer?
    /// How many held bytes were already searched for the head's end.
    private var searched = 0

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        if var held = pending {
            held.writeBuffer(&buffer)
            buffer = held
        }
        let bytes = buffer.readableBytesView
        let headEnd = Self.headEnd(bytes, from: max(0, searched - 3))
        guard headEnd != nil || bytes.count > Self.limit else {
            pending = buffer
            searched = bytes.count
            return
        }
        pending = nil
        if let headEnd, Self.mentionsUpgrade(bytes.prefix(headEnd)),
           let head = UpgradeHeaderFilter.rewrite(Array(bytes.prefix(headEnd))) {
            var rewritten = context.channel.allocator.buffer(capacity: head.count + bytes.count - headEnd)
            rewritten.writeBytes(head)
            rewritten.writeBytes(bytes.dropFirst(headEnd))
            buffer = rewritten
        }
        context.fireChannelRead(wrapInboundOut(buffer))
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let held = pending {
            pending = nil
            context.fireChannelRead(wrapInboundOut(held))
        }
        context.fireChannelInactive()
    }

    /// The offset of the blank line ending the head (`\r\n\r\n`), searching from `start`.
    static func headEnd(_ bytes: ByteBufferView, from start: Int) -> Int? {
        var i = bytes.startIndex + start
        while i + 3 < bytes.endIndex {
            if bytes[i] == 13, bytes[i + 1] == 10, bytes[i + 2] == 13, bytes[i + 3] == 10 { return i - bytes.startIndex }
            i += 1
        }
        return nil
    }

    /// Whether the head contains `upgrade:` in any case (the cheap test before the rewrite).
    static func mentionsUpgrade(_ head: ByteBufferView.SubSequence) -> Bool {
        let word = Array("upgrade:".utf8)
        var i = head.startIndex
        while i + word.count <= head.endIndex {
            var k = 0
            while k < word.count, head[i + k] | 0x20 == word[k] | 0x20 { k += 1 }
            if k == word.count { return true }
            i += 1
        }
        return false
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
