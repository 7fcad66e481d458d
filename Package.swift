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
    ],
    targets: [
        // C layer: Debian's liblua5.4-dev, plus the only real C we write.
        .systemLibrary(name: "CLua", pkgConfig: "lua5.4", providers: [.apt(["liblua5.4-dev"])]),
        .target(name: "CLuaShims", dependencies: ["CLua"]),

        // Libraries. LuaKit and SMSCore depend on no server library, so they build in seconds.
        .target(name: "LuaKit", dependencies: ["CLua", "CLuaShims"], swiftSettings: swiftSettings),
        .target(name: "SMSCore", swiftSettings: swiftSettings),
        .target(
            name: "Store",
            dependencies: ["SMSCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings),
        .target(name: "Providers", dependencies: ["SMSCore", "Store"], swiftSettings: swiftSettings),
        .target(
            name: "Engine", dependencies: ["LuaKit", "SMSCore", "Store", "Providers"],
            swiftSettings: swiftSettings),

        // Executables.
        .executableTarget(
            name: "moonwire",
            dependencies: ["Engine", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "MoonwireBench", dependencies: ["LuaKit", "SMSCore"], swiftSettings: swiftSettings),

        // Tests.
        .testTarget(name: "LuaKitTests", dependencies: ["LuaKit"], swiftSettings: swiftSettings),
        .testTarget(name: "SMSCoreTests", dependencies: ["SMSCore"], swiftSettings: swiftSettings),
        .testTarget(name: "StoreTests", dependencies: ["Store"], swiftSettings: swiftSettings),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "LuaKit", "Store"], swiftSettings: swiftSettings),
        .testTarget(
            name: "MoonwireEndToEndTests", dependencies: ["moonwire"], swiftSettings: swiftSettings),
    ],
    swiftLanguageModes: [.v6]
)
