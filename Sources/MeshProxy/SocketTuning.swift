// Socket settings of the data path, and the reset that ends a refused or failed connection, in one place.
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// The data path's socket settings and reset.
enum SocketTuning {
    /// Reads start small and grow with what a socket delivers, up to 128 KiB (NIO's default stops
    /// at 64 KiB): a bulk sender needs half the reads, frames and TLS writes, while a
    /// chatty connection's reads stay at its message size.
    static var readAllocator: AdaptiveRecvByteBufferAllocator {
        AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 2048, maximum: 128 * 1024)
    }

    /// Closes a channel with a TCP reset (SO_LINGER 0), so the other end fails at once.
    static func reset(_ channel: any Channel) {
        guard let provider = channel as? any SocketOptionProvider else {
            channel.close(promise: nil)
            return
        }
        provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in channel.close(promise: nil) }
    }

    /// Makes the close of a socket no channel owns yet a TCP reset (SO_LINGER 0).
    static func resetOnClose(_ fd: CInt) {
        var reset = linger(l_onoff: 1, l_linger: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, socklen_t(MemoryLayout<linger>.size))
    }
}
