// What an app sent before its connection was even accepted. A client usually writes its request
// right after connect(2), so by the time the outbound listener accepts and routes the
// connection the bytes are waiting; reading them at once lets them leave with the stream's OPEN,
// in one TLS record, instead of one event-loop turn later in a record of their own (which the
// peer sidecar would wake up for a second time). Nothing waiting (a server-first protocol) costs
// one nonblocking recv(2).
import LinuxNet
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// Reads without waiting from a channel's socket, before NIO reads from it.
enum EarlyRead {
    /// What one read came to.
    enum Outcome {
        /// Bytes that were waiting.
        case bytes(ByteBuffer)
        /// Nothing yet, or the end of input (which NIO sees again on its own first read).
        case nothing
        /// The socket failed (the errno, e.g. ECONNRESET); the recv consumed the error, so NIO
        /// would not see it: the caller must fail the connection.
        case failed(Int32)
    }

    /// At most `limit` bytes already waiting on `channel`'s socket.
    static func take(from channel: any Channel, upTo limit: Int) -> Outcome {
        let outcome = ChannelSocket.withDescriptor(of: channel) { fd -> Outcome in
            var buffer = channel.allocator.buffer(capacity: limit)
            var failure: Int32 = 0
            let n = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: limit) { space in
                let n = recv(fd, space.baseAddress, min(space.count, limit), Int32(MSG_DONTWAIT))
                if n < 0 { failure = errno }
                return max(0, n)
            }
            if n > 0 { return .bytes(buffer) }
            if failure == 0 || failure == EAGAIN || failure == EWOULDBLOCK || failure == EINTR { return .nothing }
            return .failed(failure)
        }
        return outcome ?? .nothing
    }
}
