// swift-tools-version:6.2
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "tocsin",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "tocsin", targets: ["tocsin"]),
        .library(name: "TocsinCore", targets: ["TocsinCore"]),
        .library(name: "TocsinGeo", targets: ["TocsinGeo"]),
        .library(name: "TocsinBGP", targets: ["TocsinBGP"]),
        .library(name: "TocsinFlow", targets: ["TocsinFlow"]),
        .library(name: "TocsinProbe", targets: ["TocsinProbe"]),
        .library(name: "TocsinDetect", targets: ["TocsinDetect"]),
        .library(name: "TocsinStore", targets: ["TocsinStore"]),
        .library(name: "TocsinServer", targets: ["TocsinServer"]),
        .library(name: "TocsinPublic", targets: ["TocsinPublic"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.8.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        .target(name: "TocsinCore", swiftSettings: strict),
        .target(name: "TocsinGeo", dependencies: ["TocsinCore"], swiftSettings: strict),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .systemLibrary(name: "CBzip2", path: "Sources/CBzip2"),
        .target(
            name: "TocsinBGP",
            dependencies: [
                "TocsinCore", "TocsinGeo", "CZlib", "CBzip2",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "TocsinFlow",
            dependencies: [
                "TocsinCore", "TocsinGeo",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .target(name: "TocsinProbe", dependencies: ["TocsinCore", "TocsinGeo"], swiftSettings: strict),
        .target(name: "TocsinDetect", dependencies: ["TocsinCore"], swiftSettings: strict),
        .target(name: "TocsinPublic", dependencies: ["TocsinCore"], swiftSettings: strict),
        .target(
            name: "TocsinStore",
            dependencies: [
                "TocsinCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "TocsinServer",
            dependencies: [
                "TocsinCore", "TocsinStore", "TocsinDetect", "CZlib",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // Built into the binary, so an installed `tocsin` needs no files beside it.
            resources: [
                .embedInCode("Dashboard/world-110m.tsv"),
                .embedInCode("Dashboard/chart.js"),
                .embedInCode("Dashboard/Text/en.json"),
                .embedInCode("Dashboard/Text/fr.json"),
                .embedInCode("Dashboard/Text/ru.json"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "tocsin",
            dependencies: [
                "TocsinCore", "TocsinGeo", "TocsinBGP", "TocsinFlow", "TocsinProbe", "TocsinStore", "TocsinDetect", "TocsinServer", "TocsinPublic",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "tocsin-bench",
            dependencies: [
                "TocsinCore", "TocsinGeo", "TocsinBGP", "TocsinFlow", "TocsinProbe", "TocsinStore", "TocsinDetect", "TocsinServer",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Benchmarks/tocsin-bench",
            swiftSettings: strict
        ),
        .target(name: "TocsinTestSupport", dependencies: [.product(name: "Hummingbird", package: "hummingbird")], path: "Tests/TocsinTestSupport"),
        .testTarget(name: "TocsinCoreTests", dependencies: ["TocsinCore"]),
        .testTarget(name: "TocsinGeoTests", dependencies: ["TocsinCore", "TocsinGeo", "TocsinTestSupport"]),
        .testTarget(name: "TocsinBGPTests", dependencies: ["TocsinCore", "TocsinGeo", "TocsinBGP", "TocsinTestSupport"]),
        .testTarget(name: "TocsinFlowTests", dependencies: ["TocsinCore", "TocsinGeo", "TocsinFlow", "TocsinTestSupport"]),
        .testTarget(name: "TocsinProbeTests", dependencies: ["TocsinCore", "TocsinGeo", "TocsinProbe", "TocsinDetect", "TocsinTestSupport"]),
        .testTarget(name: "TocsinDetectTests", dependencies: ["TocsinCore", "TocsinDetect"]),
        .testTarget(name: "TocsinPublicTests", dependencies: ["TocsinCore", "TocsinPublic", "TocsinTestSupport"]),
        .testTarget(name: "TocsinStoreTests", dependencies: ["TocsinCore", "TocsinStore", "TocsinTestSupport"]),
        .testTarget(name: "TocsinServerTests", dependencies: [
            "TocsinCore", "TocsinStore", "TocsinServer", "TocsinTestSupport",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "NIOCore", package: "swift-nio"),
        ]),
        .testTarget(name: "TocsinCLITests", dependencies: ["tocsin", "TocsinBGP", "TocsinTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
