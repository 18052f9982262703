// swift-tools-version:6.0
// libFuzzer entry for the feed decoders and the YAML loaders; a separate package so `swift build`/
// `swift test` at the root never see it. One binary, the input kind chosen by FEED_FORMAT (jsonstat,
// sdmx-json, sdmx-csv, pxweb, worldbank, eurostat, nbs-easyquery, csv, observations-csv, config
// or plan for the config and plan loaders, json-pieces for the JSON reader in pieces against one
// core). See CONTRIBUTING.md "Fuzzing".
import PackageDescription

let package = Package(
    name: "feeds-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "planwatch", path: "..")],
    targets: [
        .executableTarget(
            name: "FeedsFuzz",
            dependencies: [.product(name: "PlanWatchFeeds", package: "planwatch"),
                           .product(name: "PlanWatchCore", package: "planwatch")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
    ],
    swiftLanguageModes: [.v6]
)
