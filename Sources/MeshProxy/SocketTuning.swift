// Socket settings of the data path, in one place.
import NIOCore

/// The data path's socket settings.
enum SocketTuning {
    /// Reads start small and grow with what a socket delivers, up to 128 KiB (NIO's default stops
    /// at 64 KiB): a bulk sender needs half the reads, frames and TLS writes, while a
    /// chatty connection's reads stay at its message size.
    static var readAllocator: AdaptiveRecvByteBufferAllocator {
        AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 2048, maximum: 128 * 1024)
    }
}
