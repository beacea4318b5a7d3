// Bytes read from a stream's local socket that its window does not cover yet. A read may bring
// more than the credit left, and once the app's FIN is in, NIO drains the socket to its end
// whatever the read backpressure (up to the kernel's whole receive buffer, megabytes). Those
// bytes wait here and leave as the peer grants credit: a stream never sends beyond its window.
import NIOCore

/// The bytes of one stream waiting for credit, in order.
struct SendBacklog {
    private var buffers = CircularBuffer<ByteBuffer>()
    /// How many bytes wait.
    private(set) var count = 0

    /// Whether nothing waits.
    var isEmpty: Bool { count == 0 }

    /// Queues `buffer` behind what already waits.
    mutating func append(_ buffer: ByteBuffer) {
        guard buffer.readableBytes > 0 else { return }
        count += buffer.readableBytes
        buffers.append(buffer)
    }

    /// Takes up to `limit` bytes from the front (a buffer is cut where the limit falls).
    mutating func take(upTo limit: Int) -> [ByteBuffer] {
        var taken: [ByteBuffer] = []
        var left = limit
        while left > 0, var first = buffers.first {
            if first.readableBytes <= left {
                buffers.removeFirst()
                left -= first.readableBytes
                count -= first.readableBytes
                taken.append(first)
            } else {
                taken.append(first.readSlice(length: left)!)
                count -= left
                left = 0
                buffers[buffers.startIndex] = first
            }
        }
        return taken
    }

    /// Drops everything (the stream was reset).
    mutating func removeAll() {
        buffers.removeAll()
        count = 0
    }
}
