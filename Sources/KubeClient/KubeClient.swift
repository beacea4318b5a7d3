// The client: HTTPS requests to the API server over a small pool of keep-alive connections,
// with bearer-token auth, JSON bodies (KubeModel's JSON) and Kubernetes Status errors.
import KubeModel
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// A client for one API server; safe to share between tasks.
public final class KubeClient: Sendable {
    /// Where the server is and how to authenticate.
    public let config: ClientConfig
    let group: any EventLoopGroup
    let tlsContext: NIOSSLContext
    private let idle = Mutex<[Connection]>([])
    /// Idle connections kept for reuse.
    static let maxIdle = 4

    /// A client; `group` defaults to NIO's shared event loops.
    public init(config: ClientConfig, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) throws {
        self.config = config
        self.group = group
        var tls = TLSConfiguration.makeClientConfiguration()
        if let pem = config.caPEM {
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(pem.utf8)))
        }
        if config.insecureSkipTLSVerify { tls.certificateVerification = .none }
        if let certificate = config.clientCertificatePEM, let key = config.clientKeyPEM {
            tls.certificateChain = try NIOSSLCertificate.fromPEMBytes(Array(certificate.utf8)).map { .certificate($0) }
            tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: Array(key.utf8), format: .pem))
        }
        self.tlsContext = try NIOSSLContext(configuration: tls)
    }

    /// Closes the idle connections.
    public func shutdown() {
        for connection in idle.withLock({ let all = $0; $0 = []; return all }) { connection.channel.close(promise: nil) }
    }

    // MARK: requests

    /// Sends one request and returns the whole response, whatever its status.
    public func send(_ method: HTTPMethod, _ path: String, body: [UInt8]? = nil, contentType: String? = nil)
        async throws -> KubeResponse
    {
        let head = requestHead(method, path, bodyLength: body?.count, contentType: contentType)
        if let reused = idle.withLock({ $0.popLast() }) {
            do {
                return try await exchange(reused, head: head, body: body)
            } catch KubeClientError.connectionClosed {
                // The server closed the idle connection; a fresh one gets the request.
            }
        }
        return try await exchange(try await connect(), head: head, body: body)
    }

    /// Sends a request and decodes a 2xx JSON answer; anything else throws `KubeClientError.status`.
    public func request(_ method: HTTPMethod, _ path: String, body: JSON? = nil,
                        contentType: String = "application/json") async throws -> JSON {
        let response = try await send(method, path, body: body?.serialized(), contentType: body == nil ? nil : contentType)
        guard (200..<300).contains(response.status) else {
            throw KubeClientError.from(status: response.status, body: response.body)
        }
        do {
            return try JSON.parse(response.body)
        } catch {
            throw KubeClientError.badResponse("\(method) \(path): \(error)")
        }
    }

    /// GET an object or a list.
    public func get(_ path: String) async throws -> JSON { try await request(.GET, path) }

    /// POST a new object to a collection path.
    public func create(_ path: String, _ object: JSON) async throws -> JSON { try await request(.POST, path, body: object) }

    /// PUT an object (its resourceVersion, if set, is a precondition).
    public func update(_ path: String, _ object: JSON) async throws -> JSON { try await request(.PUT, path, body: object) }

    /// PATCH an object; `type` is the content type (merge patch by default).
    public func patch(_ path: String, _ patch: JSON, type: String = "application/merge-patch+json") async throws -> JSON {
        try await request(.PATCH, path, body: patch, contentType: type)
    }

    /// Creates `object` in the collection of `resource` (its namespace from the object), or
    /// merge-patches the existing one to this state; returns true when it was created.
    @discardableResult
    public func createOrPatch(_ resource: ResourcePath, _ object: JSON) async throws -> Bool {
        let namespace = object.namespace.isEmpty ? nil : object.namespace
        do {
            _ = try await create(resource.collection(namespace: namespace), object)
            return true
        } catch let error as KubeClientError where error.isConflict {
            _ = try await patch(resource.object(object.name, namespace: namespace), object)
            return false
        }
    }

    /// DELETE an object; a missing object is not an error when `ignoreNotFound`.
    public func delete(_ path: String, options: JSON? = nil, ignoreNotFound: Bool = false) async throws {
        do {
            _ = try await request(.DELETE, path, body: options)
        } catch let error as KubeClientError where ignoreNotFound && error.isNotFound {}
    }

    // MARK: connections

    func requestHead(_ method: HTTPMethod, _ path: String, bodyLength: Int?, contentType: String?) -> HTTPRequestHead {
        var head = HTTPRequestHead(version: .http1_1, method: method, uri: path)
        head.headers.add(name: "host", value: "\(config.host):\(config.port)")
        head.headers.add(name: "accept", value: "application/json")
        head.headers.add(name: "user-agent", value: "swift-osm")
        if let token = config.token { head.headers.add(name: "authorization", value: "Bearer \(token)") }
        if let contentType { head.headers.add(name: "content-type", value: contentType) }
        head.headers.add(name: "content-length", value: "\(bodyLength ?? 0)")
        return head
    }

    private func exchange(_ connection: Connection, head: HTTPRequestHead, body: [UInt8]?) async throws -> KubeResponse {
        let promise = connection.channel.eventLoop.makePromise(of: KubeResponse.self)
        connection.start(.whole(promise), head: head, body: body) { [weak self] in self?.checkIn(connection) }
        do {
            return try await promise.futureResult.get()
        } catch {
            connection.channel.close(promise: nil)
            throw error
        }
    }

    private func checkIn(_ connection: Connection) {
        let kept = idle.withLock { list -> Bool in
            guard list.count < Self.maxIdle else { return false }
            list.append(connection)
            return true
        }
        if !kept { connection.channel.close(promise: nil) }
    }

    /// A new TLS connection to the server.
    func connect() async throws -> Connection {
        let handler = NIOLoopBoundBox<ResponseHandler?>.makeEmptyBox(eventLoop: group.next())
        let channel = try await connectTLS(on: handler.eventLoop) { channel in
            let responses = ResponseHandler()
            try channel.pipeline.syncOperations.addHTTPClientHandlers()
            try channel.pipeline.syncOperations.addHandler(responses)
            handler.value = responses
        }
        return Connection(channel: channel, handler: handler)
    }

    /// A TLS connection to the server on `loop` (SNI unless the host is an address), with `handlers` added behind
    /// the TLS handler; failures are transport errors naming the server.
    func connectTLS(on loop: any EventLoop, handlers: @escaping @Sendable (any Channel) throws -> Void) async throws -> any Channel {
        let tls = self.tlsContext, host = config.host
        do {
            return try await ClientBootstrap(group: loop)
                .connectTimeout(.seconds(10))
                .channelOption(ChannelOptions.tcpOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let isIP = (try? SocketAddress(ipAddress: host, port: 0)) != nil
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: isIP ? nil : host))
                        try handlers(channel)
                    }
                }
                .connect(host: host, port: config.port).get()
        } catch {
            throw KubeClientError.transport("\(config.host):\(config.port): \(error)")
        }
    }
}

/// One connection and its response handler (used on the connection's event loop only).
final class Connection: Sendable {
    let channel: any Channel
    private let handler: NIOLoopBoundBox<ResponseHandler?>

    init(channel: any Channel, handler: NIOLoopBoundBox<ResponseHandler?>) {
        self.channel = channel
        self.handler = handler
    }

    /// Writes a request and sets up how its response is handled; `idle` runs when a keep-alive
    /// response has ended.
    func start(_ mode: BodyMode, head: HTTPRequestHead, body: [UInt8]?, idle: @escaping @Sendable () -> Void) {
        let channel = self.channel, handler = self.handler
        let bodyBuffer = body.map { ByteBuffer(bytes: $0) }
        channel.eventLoop.execute {
            guard let responses = handler.value, channel.isActive else {
                return Self.fail(mode, KubeClientError.connectionClosed)
            }
            responses.onIdle = idle
            responses.expect(mode)
            channel.write(HTTPClientRequestPart.head(head), promise: nil)
            if let bodyBuffer { channel.write(HTTPClientRequestPart.body(.byteBuffer(bodyBuffer)), promise: nil) }
            channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        }
    }

    private static func fail(_ mode: BodyMode, _ error: any Error) {
        switch mode {
        case .whole(let promise): promise.fail(error)
        case .lines(let head, _, let end):
            head.fail(error)
            end(error)
        }
    }
}
