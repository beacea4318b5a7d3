// The file descriptor under a NIO socket channel, for the few socket calls NIO has no API for
// (SO_ORIGINAL_DST, a first nonblocking read). NIO's own accessor
// (`withUnsafeTransportIfAvailable(of:)`) casts the channel core to an existential constrained on
// its transport type, which the Swift runtime re-checks by mangled name on every call: a few
// microseconds per connection. The cast here is to the unconstrained protocol (a cached
// conformance lookup) and the transport type is compared once the existential is opened.
import NIOCore

/// The socket descriptor of a channel, when it has one.
public enum ChannelSocket {
    /// What `body` answers for `channel`'s descriptor, valid only during the call; nil when the
    /// channel has no (open) socket. Call on the channel's event loop; never close or keep the descriptor.
    public static func withDescriptor<Result>(of channel: any Channel, _ body: (Int32) -> Result) -> Result? {
        guard let core = channel._channelCore as? any NIOTransportAccessibleChannelCore else { return nil }
        return open(core, body)
    }

    private static func open<Core: NIOTransportAccessibleChannelCore, Result>(
        _ core: Core, _ body: (Int32) -> Result
    ) -> Result? {
        guard Core.Transport.self == NIOBSDSocket.Handle.self else { return nil }
        return try? core.withUnsafeTransport { transport in body(unsafeBitCast(transport, to: NIOBSDSocket.Handle.self)) }
    }
}
