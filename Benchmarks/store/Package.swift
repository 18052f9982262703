// swift-tools-version:6.0
// Benchmark executable for the store; depends on the root package by path.
// Build: swift build -c release --package-path Benchmarks/store --scratch-path .build-store-bench
import PackageDescription

let package = Package(
    name: "store-bench",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "planwatch", path: "../..")],
    targets: [
        .executableTarget(name: "store-bench", dependencies: [.product(name: "PlanWatchStore", package: "planwatch")]),
    ],
    swiftLanguageModes: [.v6]
)
