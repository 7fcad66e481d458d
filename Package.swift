// swift-tools-version: 6.1
import PackageDescription

/// Settings shared by every Swift target.
let swiftSettings: [SwiftSetting] = [
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0335-existential-any.md
    .enableUpcomingFeature("ExistentialAny"),
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0444-member-import-visibility.md
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "moonwire",
    platforms: [.macOS(.v15)],  // only matters off Linux (Synchronization.Mutex)
    products: [
        .executable(name: "moonwire", targets: ["moonwire"]),
        .library(name: "LuaKit", targets: ["LuaKit"]),
        .library(name: "SMSCore", targets: ["SMSCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        // Imported directly by Providers/Server; they come with async-http-client and hummingbird.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        // Issue 22: moonwire.toml (TOMLKit reports the line of a syntax error), metrics and their exposition.
        .package(url: "https://github.com/LebJe/TOMLKit.git", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        // The PostgreSQL backend (StorePostgres only).
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        // C layer: Debian's liblua5.4-dev, plus the only real C we write.
        .systemLibrary(name: "CLua", pkgConfig: "lua5.4", providers: [.apt(["liblua5.4-dev"])]),
        .target(name: "CLuaShims", dependencies: ["CLua"]),

        // Libraries. LuaKit and SMSCore depend on no server library, so they build in seconds.
        .target(name: "LuaKit", dependencies: ["CLua", "CLuaShims"], swiftSettings: swiftSettings),
        .target(name: "SMSCore", swiftSettings: swiftSettings),
        // Storage: the engine's ports (one protocol per concern, storage-neutral rows, typed
        // errors), the sandbox emulation's ports and rows, the SQLite backend of both (the only
        // code that sees GRDB), and the one place that opens a backend by its location.
        .target(name: "Storage", swiftSettings: swiftSettings),
        .target(name: "SandboxStore", dependencies: ["Storage"], swiftSettings: swiftSettings),
        .target(
            name: "StoreSQLite",
            dependencies: ["Storage", "SandboxStore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings),
        // The PostgreSQL backend of both sets of ports: the only code that sees postgres-nio.
        .target(
            name: "StorePostgres",
            dependencies: [
                "Storage", "SandboxStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "StorageBackends", dependencies: ["Storage", "StoreSQLite", "SandboxStore", "StorePostgres"],
            swiftSettings: swiftSettings),
        // moonwire.toml, the environment and the flags, read once into one typed value (issue 22).
        .target(name: "Settings", dependencies: [.product(name: "TOMLKit", package: "TOMLKit")], swiftSettings: swiftSettings),
        .target(
            name: "Providers",
            dependencies: [
                "SMSCore", "Storage", "SandboxStore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),
        // Hummingbird: inbound webhooks (issue 5) and the sandbox's HTTP emulation of both providers.
        .target(
            name: "Server",
            dependencies: [
                "SMSCore", "Storage", "SandboxStore", "Providers",
                .product(name: "Hummingbird", package: "hummingbird"),
                // Posts the Conerix emulation's webhook events.
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "Engine",
            dependencies: [
                "LuaKit", "SMSCore", "Storage", "StorageBackends", "SandboxStore", "Providers",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),  // pins flow runs to a hash of their source
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings),
        // The REPL as testable code: evaluation, the line editor, the attach protocol.
        .target(name: "Repl", dependencies: ["Engine", "LuaKit", "Storage", "Providers"], swiftSettings: swiftSettings),

        // Executables.
        .executableTarget(
            name: "moonwire",
            dependencies: [
                "Engine", "Server", "Repl", "LuaKit", "SMSCore", "Storage", "StorageBackends", "SandboxStore", "Providers",
                "Settings",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "MoonwireBench", dependencies: ["LuaKit", "SMSCore", "Providers", "Engine", "Storage", "SandboxStore"], swiftSettings: swiftSettings),

        // Tests, and what several of them share: a throwaway PostgreSQL server, a loopback HTTP
        // server, a log recorder (a plain library, as SwiftPM lets a test target depend only on
        // non-test targets).
        .target(
            name: "TestSupport",
            dependencies: [
                // LoopbackHTTPServer: the real HTTP server scripts' `http` calls are tested against.
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                // LogRecorder: what a component logged, to check nothing secret reaches a log.
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/TestSupport", swiftSettings: swiftSettings),
        .testTarget(name: "LuaKitTests", dependencies: ["LuaKit"], exclude: ["JSONTestSuite"], swiftSettings: swiftSettings),
        .testTarget(name: "SettingsTests", dependencies: ["Settings"], swiftSettings: swiftSettings),
        .testTarget(name: "SMSCoreTests", dependencies: ["SMSCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "StoreTests",
            dependencies: [
                "Storage", "StoreSQLite", "SandboxStore", "StorageBackends", "StorePostgres", "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "ProvidersTests",
            dependencies: [
                "Providers", "Server", "Storage", "StoreSQLite", "SandboxStore", "SMSCore", "TestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "Storage", "StoreSQLite", "SandboxStore", "SMSCore", "Providers",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "EngineTests",
            dependencies: [
                "Engine", "LuaKit", "Storage", "StoreSQLite", "SandboxStore", "StorageBackends", "Server", "Providers", "SMSCore",
                "TestSupport",
                // Holds a database's write lock from outside (HeldBackInboundTests).
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "ReplTests", dependencies: ["Repl", "Engine", "LuaKit", "SMSCore", "Storage", "StoreSQLite", "SandboxStore"],
            swiftSettings: swiftSettings),
        // Reads docs/architecture.txt and the sources: depends on nothing, so it builds in seconds.
        .testTarget(name: "ArchitectureTests", swiftSettings: swiftSettings),
        .testTarget(
            name: "MoonwireEndToEndTests",
            dependencies: [
                "moonwire", "Storage", "StoreSQLite", "SandboxStore", "StorageBackends", "Providers", "TestSupport",
                // Holds a database's write lock from outside, as another process would.
                .product(name: "GRDB", package: "GRDB.swift"),
                // Posts webhooks to a running `moonwire serve --http`.
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),
    ],
    swiftLanguageModes: [.v6]
)
