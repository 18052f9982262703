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
