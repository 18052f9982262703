// swift-tools-version:6.0
// An out-of-tree PlanWatch report module: depends on the ReportKit package only, and is built as a
// dynamic library that `planwatch` loads at run time (`--module-path` or `module_paths:`).
import PackageDescription

let package = Package(
    name: "WaterQualityModule",
    products: [
        .library(name: "WaterQualityModule", type: .dynamic, targets: ["WaterQualityModule"]),
    ],
    dependencies: [
        .package(path: "../../ReportKit"),
    ],
    targets: [
        .target(
            name: "WaterQualityModule",
            dependencies: [.product(name: "ReportKit", package: "ReportKit")],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
        .testTarget(
            name: "WaterQualityModuleTests",
            dependencies: ["WaterQualityModule", .product(name: "ReportKitTesting", package: "ReportKit")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
