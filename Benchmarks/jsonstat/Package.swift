// swift-tools-version:6.0
// Benchmark executable for the JSON-stat decoder; depends on the root package by path.
// Build: swift build -c release --package-path Benchmarks/jsonstat --scratch-path .build-bench
import PackageDescription

let package = Package(
    name: "feeds-bench",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "planwatch", path: "../..")],
    targets: [
        .executableTarget(name: "feeds-bench", dependencies: [.product(name: "PlanWatchFeeds", package: "planwatch")]),
    ],
    swiftLanguageModes: [.v6]
)
