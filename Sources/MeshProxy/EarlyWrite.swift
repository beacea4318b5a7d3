// Bytes for a local socket that NIO does not own yet. The server sidecar connects to the app
// inside connect(2) (`LoopbackConnect`), and the app is woken for the accept at that moment; the
// request usually came in the same tunnel read as the OPEN. Writing it to the socket at once,
// before NIO adopts the socket, lets the app find the request when it first looks, instead of
// sleeping again until NIO's channel setup is done and its write arrives.
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// Writes without waiting to a connected socket that no channel owns yet.
enum EarlyWrite {
    /// Sends what the socket takes now of `buffer` to `fd`: the number of bytes taken (0 when it
    /// takes none, or fails; NIO's first write meets the failure again and ends the stream).
    static func send(_ buffer: ByteBuffer, to fd: CInt) -> Int {
        buffer.withUnsafeReadableBytes { bytes in
            guard let base = bytes.baseAddress, bytes.count > 0 else { return 0 }
            let n = Glibc.send(fd, base, bytes.count, Int32(MSG_DONTWAIT | MSG_NOSIGNAL))
            return max(0, n)
        }
    }
}
