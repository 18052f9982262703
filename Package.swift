// swift-tools-version:6.0
// The planwatch host: fetch layer (libcurl), feed decoders, renderers, host core, the CLI, and the
// built-in report modules under Plugins/. The SDK lives in the nested ReportKit package so that its
// types are shared, not copied, between the host and runtime-loaded modules (docs/ARCHITECTURE.md).
import PackageDescription

let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

/// A built-in report module: its own target under Plugins/, importing ReportKit only.
func reportModule(_ name: String, folder: String) -> Target {
    .target(
        name: name,
        dependencies: [.product(name: "ReportKit", package: "ReportKit")],
        path: "Plugins/\(folder)/Sources",
        swiftSettings: strict
    )
}

let package = Package(
    name: "planwatch",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "planwatch", targets: ["planwatch"]),
        // The feed decoders as a library, for the fuzz and benchmark packages under Fuzz/ and Benchmarks/.
        .library(name: "PlanWatchFeeds", targets: ["PlanWatchFeeds"]),
        // The config and plan loaders, for the fuzz package under Fuzz/.
        .library(name: "PlanWatchCore", targets: ["PlanWatchCore"]),
        // The store, for the benchmark package under Benchmarks/store.
        .library(name: "PlanWatchStore", targets: ["PlanWatchStore"]),
        // Each built-in module is also a dynamic library, loadable at run time like an out-of-tree one.
        .library(name: "IndustryChainsModule", type: .dynamic, targets: ["IndustryChainsModule"]),
        .library(name: "EcologyModule", type: .dynamic, targets: ["EcologyModule"]),
        .library(name: "LivelihoodModule", type: .dynamic, targets: ["LivelihoodModule"]),
        .library(name: "SafetyModule", type: .dynamic, targets: ["SafetyModule"]),
    ],
    dependencies: [
        .package(path: "ReportKit"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        // SHA-256 for the cache and manifest digests (3.x and 4.x offer the same API; 4.5.2 builds here).
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        // Mustache page templates of department reports (`template:` in Reports/*.yaml).
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        // TestClock for the scheduler tests: cron times are driven without sleeping.
        .package(url: "https://github.com/pointfreeco/swift-clocks", from: "1.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // libxlsxwriter writes the data-entry templates (docs/DATA-ENTRY.md).
        .systemLibrary(
            name: "CXLSXWriter",
            pkgConfig: "xlsxwriter",
            providers: [.apt(["libxlsxwriter-dev"])]
        ),
        // Data entry: Excel/CSV templates out, filled templates back in (XLSX read with ZIPFoundation).
        .target(
            name: "PlanWatchEntry",
            dependencies: [
                "CXLSXWriter", "PlanWatchCore", "PlanWatchFeeds", "PlanWatchFetch", "PlanWatchText",
                .product(name: "ReportKit", package: "ReportKit"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "PlanWatchFetch",
            dependencies: ["CCurl", "PlanWatchText", .product(name: "Logging", package: "swift-log"), .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        .target(name: "PlanWatchText", swiftSettings: strict),
        .target(
            name: "PlanWatchFeeds",
            dependencies: [.product(name: "ReportKit", package: "ReportKit"), "PlanWatchText"],
            swiftSettings: strict
        ),
        .target(
            name: "PlanWatchRender",
            dependencies: [.product(name: "ReportKit", package: "ReportKit"), "PlanWatchText", "CXLSXWriter",
                           .product(name: "Mustache", package: "swift-mustache")],
            swiftSettings: strict
        ),
        // The store of runs, payloads and observation vintages: a protocol of its own, with GRDB (SQLite)
        // behind it; no SQLite type crosses the protocol (docs/STORE.md).
        .target(
            name: "PlanWatchStore",
            dependencies: [.product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .target(
            name: "PlanWatchCore",
            dependencies: [
                "PlanWatchStore",
                .product(name: "ReportKit", package: "ReportKit"),
                "PlanWatchFeeds", "PlanWatchFetch", "PlanWatchRender", "PlanWatchText",
                "IndustryChainsModule", "EcologyModule", "LivelihoodModule", "SafetyModule",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "planwatch",
            dependencies: [
                "PlanWatchCore", "PlanWatchText", "PlanWatchEntry",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        reportModule("IndustryChainsModule", folder: "IndustryChains"),
        reportModule("EcologyModule", folder: "Ecology"),
        reportModule("LivelihoodModule", folder: "Livelihood"),
        reportModule("SafetyModule", folder: "Safety"),
        .testTarget(
            name: "PlanWatchCoreTests",
            dependencies: ["PlanWatchCore", "PlanWatchFetch", .product(name: "ReportKitTesting", package: "ReportKit"),
                           .product(name: "Logging", package: "swift-log"), .product(name: "Clocks", package: "swift-clocks")]
        ),
        .testTarget(name: "PlanWatchTextTests", dependencies: ["PlanWatchText"]),
        .testTarget(name: "PlanWatchStoreTests", dependencies: ["PlanWatchStore", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "PlanWatchFeedsTests", dependencies: ["PlanWatchFeeds", "PlanWatchTestSupport"], exclude: ["Fixtures", "Reference"]),
        // A real HTTP server on 127.0.0.1 for the fetch and end-to-end tests.
        .target(name: "PlanWatchTestSupport", dependencies: ["PlanWatchFetch"], path: "Tests/TestSupport"),
        .testTarget(name: "PlanWatchFetchTests", dependencies: ["PlanWatchFetch", "PlanWatchTestSupport", .product(name: "Logging", package: "swift-log")]),
        .executableTarget(name: "fetch-bench", dependencies: ["PlanWatchFetch"], path: "Benchmarks/fetch/Sources"),
        .testTarget(name: "PlanWatchRenderTests", dependencies: ["PlanWatchRender", "PlanWatchText", "PlanWatchTestSupport"], exclude: ["Snapshots"]),
        .testTarget(name: "EndToEndTests", dependencies: ["PlanWatchCore", "PlanWatchFeeds", "PlanWatchFetch", "PlanWatchTestSupport", "PlanWatchEntry", "PlanWatchText", .product(name: "ReportKitTesting", package: "ReportKit")], exclude: ["Snapshots", "Synthetic"]),
    ],
    swiftLanguageModes: [.v6]
)
