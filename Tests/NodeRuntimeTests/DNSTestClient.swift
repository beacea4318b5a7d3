// Helpers for the DNS tests: building query packets and a small blocking UDP/TCP client that
// runs on its own thread so the test's async executor is never blocked.
import DNSWire
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum DNSTestClient {
    /// A DNS name from text, for tests.
    static func name(_ text: String) -> DNSName {
        // Test inputs are valid names.
        (try? DNSName(text)) ?? .root
    }

    /// The wire bytes of a standard query.
    static func query(_ text: String, _ type: DNSRecordType = .a, id: UInt16 = 7, edns: EDNS? = nil) throws -> [UInt8] {
        try DNSMessage.query(id: id, name: name(text), type: type, edns: edns).encode()
    }

    /// Sends `packet` to 127.0.0.1:`port` over UDP; the reply, or nil after a second.
    static func udp(_ packet: [UInt8], port: Int) async -> [UInt8]? {
        await onThread { exchange(packet, port: port, tcp: false) }
    }

    /// Sends `packet` with its length prefix to 127.0.0.1:`port` over TCP; the reply without prefix.
    static func tcp(_ packet: [UInt8], port: Int) async -> [UInt8]? {
        await onThread { exchange(packet, port: port, tcp: true) }
    }

    private static func onThread(_ body: @escaping @Sendable () -> [UInt8]?) async -> [UInt8]? {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: body()) }.start()
        }
    }

    private static func exchange(_ packet: [UInt8], port: Int, tcp: Bool) -> [UInt8]? {
        #if canImport(Glibc)
        let kind = Int32(tcp ? SOCK_STREAM.rawValue : SOCK_DGRAM.rawValue)
        #else
        let kind = tcp ? SOCK_STREAM : SOCK_DGRAM
        #endif
        let fd = socket(AF_INET, kind, 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { return nil }
        let message = tcp ? [UInt8(packet.count >> 8), UInt8(packet.count & 0xFF)] + packet : packet
        guard send(fd, message, message.count, 0) == message.count else { return nil }
        var reply: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        repeat {
            let received = recv(fd, &buffer, buffer.count, 0)
            guard received > 0 else { return nil }
            reply += buffer.prefix(received)
            if !tcp { return reply }
        } while reply.count < 2 || reply.count < 2 + (Int(reply[0]) << 8 | Int(reply[1]))
        return Array(reply.dropFirst(2))
    }
}
