// Port forwarding for the API server (NodeAPI's PortForwardProvider): a TCP connection made inside the pod's
// network namespace to 127.0.0.1:<port>, as the kubelet's runtime does, adopted by NIO and relayed until either
// side ends. Writes to the pod are awaited, so a pod that reads slowly slows the session down.
import Foundation
import LinuxNet
import NIOCore
import NIOPosix
import NodeAPI

extension NodePodStreams: PortForwardProvider {
    public func portForward(_ request: PortForwardRequest, input: AsyncStream<[UInt8]>,
                            output: @escaping @Sendable ([UInt8]) async -> Void) async throws {
        guard let target = await runtime.target(namespace: request.namespace, pod: request.pod, container: "") else {
            throw PodStreamError("pod \(request.pod) is not running on this node")
        }
        let sandbox = target.sandbox, port = request.port
        // The connect enters the pod's namespace on a Dispatch thread; NIO takes the socket from there.
        let connected: Int32? = await withCheckedContinuation { c in
            DispatchQueue.global().async {
                c.resume(returning: NetnsSocket.connect(in: sandbox, host: "127.0.0.1", port: port, timeoutMillis: 5000))
            }
        }
        guard let fd = connected else {
            throw PodStreamError("failed to connect to localhost:\(port) inside the pod's network namespace (nothing listens there, or it timed out)")
        }
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .channelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
                .withConnectedSocket(fd) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(
                            wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
                    }
                }
        } catch {
            close(fd)
            throw PodStreamError("cannot relay localhost:\(port): \(error)")
        }
        // Whichever side ends first ends the session: the pod closed, or the client went (v4 has no half-close).
        try await channel.executeThenClose { inbound, outbound in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await bytes in input { try await outbound.write(ByteBuffer(bytes: bytes)) }
                }
                group.addTask {
                    for try await buffer in inbound { await output(Array(buffer: buffer)) }
                }
                try await group.next()
                group.cancelAll()
            }
        }
    }
}
