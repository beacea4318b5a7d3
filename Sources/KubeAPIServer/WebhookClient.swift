import Foundation
import NodeAPI
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// Where and how to reach one admission webhook.
struct WebhookEndpoint: Sendable, Equatable {
    var host: String
    var port: Int
    var path: String
    /// Name the server certificate must carry (the URL host, or `<service>.<namespace>.svc`).
    var serverName: String
    /// PEM CA bundle to trust; empty trusts the system roots.
    var caPEM: String
    /// The URL as shown in error messages.
    var display: String
    /// Whether the address is a pod's (reached through the node's dialer when there is one).
    var viaPodNetwork = false
}

/// A failure calling a webhook (connection, TLS, timeout, HTTP status, bad response).
struct WebhookCallError: Error, CustomStringConvertible {
    var description: String
}

/// A minimal HTTPS client for AdmissionReview calls: one request per connection, with a deadline.
enum WebhookClient {
    /// POSTs `body` as JSON and returns the response body; fails on non-2xx statuses.
    static func post(_ endpoint: WebhookEndpoint, body: [UInt8], timeout: TimeAmount, dialer: PodNetworkDialer? = nil) async throws -> [UInt8] {
        try await withThrowingTaskGroup(of: [UInt8].self) { group in
            group.addTask { try await send(endpoint, body: body, timeout: timeout, dialer: dialer) }
            group.addTask {
                try await Task.sleep(nanoseconds: UInt64(timeout.nanoseconds))
                throw WebhookCallError(description: "Post \"\(endpoint.display)\": context deadline exceeded")
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }

    private static func send(_ endpoint: WebhookEndpoint, body: [UInt8], timeout: TimeAmount, dialer: PodNetworkDialer?) async throws -> [UInt8] {
        var tls = TLSConfiguration.makeClientConfiguration()
        if !endpoint.caPEM.isEmpty {
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(endpoint.caPEM.utf8)))
        }
        let context = try NIOSSLContext(configuration: tls)
        let serverName = IPv4.parse(endpoint.serverName) == nil ? endpoint.serverName : nil
        let channel: NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>
        let initializer: @Sendable (any Channel) -> EventLoopFuture<NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>> = { channel in
            channel.eventLoop.makeCompletedFuture {
                let ssl = try NIOSSLClientHandler(context: context, serverHostname: serverName)
                try channel.pipeline.syncOperations.addHandler(ssl)
                try channel.pipeline.syncOperations.addHTTPClientHandlers()
                return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(wrappingChannelSynchronously: channel)
            }
        }
        do {
            let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connectTimeout(timeout)
            if let dialer {
                // The pod network lives in another namespace: the node connects, the client adopts the socket.
                let millis = Int32(clamping: timeout.nanoseconds / 1_000_000)
                let fd = await withCheckedContinuation { c in
                    DispatchQueue.global().async { c.resume(returning: dialer(endpoint.host, endpoint.port, millis)) }
                }
                guard let fd else { throw WebhookCallError(description: "connection refused or timed out") }
                channel = try await bootstrap.withConnectedSocket(fd, channelInitializer: initializer)
            } else {
                channel = try await bootstrap.connect(host: endpoint.host, port: endpoint.port, channelInitializer: initializer)
            }
        } catch {
            throw WebhookCallError(description: "Post \"\(endpoint.display)\": dial tcp \(endpoint.host):\(endpoint.port): \(error)")
        }
        return try await channel.executeThenClose { inbound, outbound in
            var headers = HTTPHeaders()
            headers.add(name: "Host", value: "\(endpoint.serverName):\(endpoint.port)")
            headers.add(name: "Content-Type", value: "application/json")
            headers.add(name: "Accept", value: "application/json")
            headers.add(name: "Content-Length", value: String(body.count))
            headers.add(name: "Connection", value: "close")
            try await outbound.write(.head(HTTPRequestHead(version: .http1_1, method: .POST, uri: endpoint.path, headers: headers)))
            try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: body))))
            try await outbound.write(.end(nil))
            var status = 0
            var response: [UInt8] = []
            do {
                for try await part in inbound {
                    switch part {
                    case .head(let head): status = Int(head.status.code)
                    case .body(let buffer): response += Array(buffer: buffer)
                    case .end:
                        guard (200..<300).contains(status) else {
                            throw WebhookCallError(description: "Post \"\(endpoint.display)\": the server responded with status \(status)")
                        }
                        return response
                    }
                }
            } catch let e as WebhookCallError {
                throw e
            } catch {
                throw WebhookCallError(description: "Post \"\(endpoint.display)\": \(error)")
            }
            throw WebhookCallError(description: "Post \"\(endpoint.display)\": EOF")
        }
    }
}
