// swift-tools-version:6.0
// ReportKit is the SDK shared by the planwatch host and every report module.
// It is a package of its own, with a dynamic library product, so that the host and a module loaded
// at run time share one copy of its types (see docs/ARCHITECTURE.md). Foundation only.
import PackageDescription

let package = Package(
    name: "ReportKit",
    products: [
        .library(name: "ReportKit", type: .dynamic, targets: ["ReportKit"]),
        .library(name: "ReportKitTesting", targets: ["ReportKitTesting"]),
    ],
    // Only for `swift package generate-documentation` (the DocC reference and the "Write a report
    // module" article); no target depends on it, so a module's build never compiles it.
    dependencies: [
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
    ],
    targets: [
        .target(
            name: "ReportKit",
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
        .target(
            name: "ReportKitTesting",
            dependencies: ["ReportKit"],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
        .testTarget(
            name: "ReportKitTests",
            dependencies: ["ReportKit", "ReportKitTesting"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
