// LinuxNet: Linux-specific networking for the data plane — the original destination of a
// REDIRECTed connection, and (planned) network namespaces, veths and applying NetPlan programs.
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// An IPv4 address and port, as a redirected connection was originally addressed.
public struct IPv4Endpoint: Sendable, Hashable, CustomStringConvertible {
    /// The address in host byte order.
    public var address: UInt32
    /// The port.
    public var port: UInt16

    /// Creates an endpoint.
    public init(address: UInt32, port: UInt16) {
        self.address = address
        self.port = port
    }

    /// The address as a dotted quad.
    public var host: String { "\(address >> 24).\(address >> 16 & 255).\(address >> 8 & 255).\(address & 255)" }

    /// `a.b.c.d:port`.
    public var description: String { "\(host):\(port)" }
}

/// Why the original destination could not be read.
public struct OriginalDestinationError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var description: String
}

/// Reads `SO_ORIGINAL_DST` (level `SOL_IP`, option 80) from an accepted socket channel.
public enum OriginalDestination {
    /// `SO_ORIGINAL_DST` from `<linux/netfilter_ipv4.h>` (not exported by Glibc's module).
    static let soOriginalDst: Int32 = 80

    /// The address the client connected to before iptables redirected it here, read at once
    /// (on the channel's event loop).
    public static func now(_ channel: any Channel) -> Result<IPv4Endpoint, OriginalDestinationError> {
        #if os(Linux)
        let read = ChannelSocket.withDescriptor(of: channel) { fd -> Result<IPv4Endpoint, OriginalDestinationError> in
            var sa = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            guard getsockopt(fd, SOL_IP, soOriginalDst, &sa, &length) == 0 else {
                return .failure(OriginalDestinationError(description: "SO_ORIGINAL_DST: \(String(cString: strerror(errno)))"))
            }
            return endpoint(sa)
        }
        return read ?? .failure(OriginalDestinationError(description: "channel has no socket to read SO_ORIGINAL_DST from"))
        #else
        return .failure(OriginalDestinationError(description: "SO_ORIGINAL_DST needs Linux"))
        #endif
    }

    private static func endpoint(_ sa: sockaddr_in) -> Result<IPv4Endpoint, OriginalDestinationError> {
        guard sa.sin_family == sa_family_t(AF_INET) else {
            return .failure(OriginalDestinationError(description: "SO_ORIGINAL_DST returned address family \(sa.sin_family)"))
        }
        return .success(IPv4Endpoint(address: UInt32(bigEndian: sa.sin_addr.s_addr), port: UInt16(bigEndian: sa.sin_port)))
    }
}
