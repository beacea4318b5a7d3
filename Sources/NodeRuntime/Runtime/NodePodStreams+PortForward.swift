// Port forwarding for the API server (NodeAPI's PortForwardProvider): a TCP connection made inside the pod's
// network namespace to 127.0.0.1:<port>, as the kubelet's runtime does, relayed until either side ends.
import Foundation
import LinuxNet
import NodeAPI

extension NodePodStreams: PortForwardProvider {
    public func portForward(_ request: PortForwardRequest, input: AsyncStream<[UInt8]>,
                            output: @escaping @Sendable ([UInt8]) async -> Void) async throws {
        guard let target = await runtime.target(namespace: request.namespace, pod: request.pod, container: "") else {
            throw PodStreamError("pod \(request.pod) is not running on this node")
        }
        let sandbox = target.sandbox, port = request.port
        let connected: Int32? = await withCheckedContinuation { c in
            DispatchQueue.global().async {
                c.resume(returning: NetnsSocket.connect(in: sandbox, host: "127.0.0.1", port: port, timeoutMillis: 5000))
            }
        }
        guard let fd = connected else {
            throw PodStreamError("failed to connect to localhost:\(port) inside namespace of the pod: connection refused")
        }
        // Relayed connections live as long as the session: no receive or send timeout.
        var none = timeval(tv_sec: 0, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &none, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &none, socklen_t(MemoryLayout<timeval>.size))
        let socket = ForwardedSocket(fd)
        defer { socket.close() }
        let (chunks, feed) = AsyncStream<[UInt8]>.makeStream()
        DispatchQueue.global().async {
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            while true {
                let n = recv(fd, &buffer, buffer.count, 0)
                if n < 0, errno == EINTR { continue }
                if n <= 0 { break }
                feed.yield(Array(buffer[0..<n]))
            }
            feed.finish()
        }
        let writer = Task {
            for await bytes in input {
                // A blocking send (the pod may read slowly) runs off the async pool.
                let sent = await withCheckedContinuation { c in DispatchQueue.global().async { c.resume(returning: socket.sendAll(bytes)) } }
                if !sent { break }
            }
            // The client went: end the connection, which also ends the reader.
            socket.shutdown()
        }
        for await chunk in chunks { await output(chunk) }
        writer.cancel()
        await writer.value
    }
}

/// A connected descriptor shared by the relay's reader and writer; closed once, after both are done with it.
private final class ForwardedSocket: @unchecked Sendable {
    let fd: Int32
    private let lock = NSLock()
    private var closed = false

    init(_ fd: Int32) { self.fd = fd }

    /// Writes all of `bytes`; false when the connection failed.
    func sendAll(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }

    /// Ends both directions (wakes a blocked reader).
    func shutdown() {
        lock.lock()
        defer { lock.unlock() }
        if !closed { _ = Glibc.shutdown(fd, Int32(SHUT_RDWR)) }
    }

    /// Releases the descriptor.
    func close() {
        lock.lock()
        defer { lock.unlock() }
        if !closed {
            closed = true
            _ = Glibc.close(fd)
        }
    }
}
