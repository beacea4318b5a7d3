// What an app sent before its connection was even accepted. A client usually writes its request
// right after connect(2), so by the time the outbound listener accepts and routes the
// connection the bytes are waiting; reading them at once lets them leave with the stream's OPEN,
// in one TLS record and at once, instead of one event-loop turn later in a record of their own
// (which the peer sidecar would wake up for a second time). Nothing waiting (a server-first protocol) costs
// one nonblocking recv(2).
import LinuxNet
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// Reads without waiting from a channel's socket, before NIO reads from it.
enum EarlyRead {
    /// At most `limit` bytes already waiting on `channel`'s socket; nil when none are (nothing
    /// yet, end of input, or an error, which NIO then sees on its own first read).
    static func take(from channel: any Channel, upTo limit: Int) -> ByteBuffer? {
        let taken = ChannelSocket.withDescriptor(of: channel) { fd -> ByteBuffer? in
            var buffer = channel.allocator.buffer(capacity: limit)
            let n = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: limit) { space in
                max(0, recv(fd, space.baseAddress, min(space.count, limit), Int32(MSG_DONTWAIT)))
            }
            return n > 0 ? buffer : nil
        }
        return taken ?? nil
    }
}
