// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "swift-osm",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "osm", targets: ["osm"]),
        .executable(name: "osm-proxy", targets: ["osm-proxy"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.0"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.0.0"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.0"),
    ],
    targets: [
        // Layer 0: pure values and logic.
        .target(name: "KubeModel", swiftSettings: swiftSettings),
        .target(name: "NodeAPI", swiftSettings: swiftSettings),
        .target(name: "MeshProtocol", exclude: ["README.md"], swiftSettings: swiftSettings),
        // Layer 1: pure plans (no I/O).
        .target(name: "NetPlan", swiftSettings: swiftSettings),
        .target(name: "MeshPolicy", dependencies: ["KubeModel", "MeshProtocol"], swiftSettings: swiftSettings),
        .target(name: "MeshManifests", dependencies: ["KubeModel"], resources: [.copy("crds")], swiftSettings: swiftSettings),
        .target(name: "DNSWire", swiftSettings: swiftSettings),
        // Layer 1: PKI (no NIO).
        .target(
            name: "MeshPKI",
            dependencies: [
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: swiftSettings),
        // Layer 2: storage.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CMalloc"),
        .target(name: "KubeStorage", dependencies: ["KubeModel", "CSQLite"], swiftSettings: swiftSettings),
        .target(
            name: "MeshTLS",
            dependencies: [
                "MeshPKI", "MeshProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "MeshStream",
            dependencies: ["MeshProtocol", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: swiftSettings),
        .target(
            name: "MeshController",
            dependencies: [
                "MeshPolicy", "MeshProtocol", "MeshStream", "MeshTLS", "MeshPKI", "NetPlan", "KubeClient", "KubeModel", "PlainHTTP",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "LinuxNet",
            dependencies: ["NetPlan", "CMalloc", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: swiftSettings),
        .target(
            name: "NetSplice",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "PlainHTTP",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),
        // Layer 3: components.
        .target(
            name: "MeshProxy",
            dependencies: [
                "MeshProtocol", "MeshStream", "LinuxNet", "MeshTLS", "NetSplice", "PlainHTTP", "SeededRandom",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "KubeClient",
            dependencies: [
                "KubeModel",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "DemoApps",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "NodeRuntime",
            dependencies: [
                "KubeClient", "KubeModel", "NodeAPI", "LinuxNet", "NetPlan", "DNSWire", "NetSplice",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "KubeAPIServer",
            dependencies: [
                "KubeModel", "KubeStorage", "NodeAPI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "OSMCommands",
            dependencies: [
                "KubeAPIServer", "MeshPKI", "KubeModel", "LinuxNet", "NetPlan", "ProxyCommand", "MeshProtocol", "KubeClient", "DemoApps", "MeshController", "MeshManifests",
                "NodeRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        // Layer 4: the one executable.
        .target(
            name: "ProxyCommand",
            dependencies: [
                "MeshProxy", "MeshProtocol", "MeshTLS", "MeshPKI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),
        .executableTarget(name: "osm", dependencies: ["OSMCommands"], swiftSettings: swiftSettings),
        .executableTarget(name: "osm-proxy", dependencies: ["ProxyCommand"], swiftSettings: swiftSettings),
        // Tests.
        .testTarget(name: "KubeModelTests", dependencies: ["KubeModel", "SeededRandom"], swiftSettings: swiftSettings),
        .testTarget(name: "KubeStorageTests", dependencies: ["KubeStorage"], swiftSettings: swiftSettings),
        .testTarget(name: "NetPlanTests", dependencies: ["NetPlan"], swiftSettings: swiftSettings),
        .testTarget(name: "DNSWireTests", dependencies: ["DNSWire", "SeededRandom"], swiftSettings: swiftSettings),
        .testTarget(
            name: "MeshTLSTests",
            dependencies: [
                "MeshTLS", "MeshPKI", "MeshProtocol", "MeshTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
            ],
            swiftSettings: swiftSettings),
        .target(name: "SeededRandom", swiftSettings: swiftSettings),
        .target(
            name: "MeshTestSupport",
            dependencies: ["MeshPKI", "MeshProtocol", "MeshTLS"],
            swiftSettings: swiftSettings),
        .target(
            name: "KubeTestSupport",
            dependencies: [
                "KubeClient", "KubeAPIServer", "MeshPKI",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "DemoAppsTests",
            dependencies: ["DemoApps", .product(name: "NIOEmbedded", package: "swift-nio"), .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "KubeClientTests",
            dependencies: [
                "KubeClient", "KubeModel", "KubeTestSupport", "MeshPKI",
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "NodeRuntimeTests",
            dependencies: [
                "NodeRuntime", "KubeClient", "KubeModel", "KubeTestSupport", "DNSWire", "LinuxNet",
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(name: "NetnsTests", dependencies: ["OSMCommands", "NodeRuntime", "MeshPKI", "LinuxNet", "NetPlan", "KubeTestSupport"], exclude: ["podtool.py"], swiftSettings: swiftSettings),
        .testTarget(
            name: "MeshProxyTests",
            dependencies: [
                "MeshProxy", "LinuxNet", "MeshTLS", "MeshPKI", "NetSplice", "MeshTestSupport", "PlainHTTP", "SeededRandom",
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(name: "MeshProtocolTests", dependencies: ["MeshProtocol", "SeededRandom"], swiftSettings: swiftSettings),
        .testTarget(
            name: "MeshControllerTests",
            dependencies: [
                "MeshController", "MeshPolicy", "MeshProtocol", "MeshStream", "KubeModel", "MeshProxy", "MeshTLS", "MeshTestSupport", "NetPlan", "MeshPKI", "PlainHTTP",
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(name: "MeshPolicyTests", dependencies: ["MeshPolicy", "MeshProtocol", "KubeModel"], swiftSettings: swiftSettings),
        .testTarget(
            name: "KubeAPIServerTests",
            dependencies: [
                "KubeAPIServer", "OSMCommands", "MeshPKI", "NodeAPI", "MeshProxy", "MeshTLS", "MeshProtocol", "MeshController",
                "KubeClient", "MeshTestSupport", "KubeTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings),
    ]
)
