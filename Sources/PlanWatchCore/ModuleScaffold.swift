import Foundation
import ReportKit

/// `planwatch module new NAME`: a ready out-of-tree module package, built against this host's ReportKit
/// (by path), with the one registration symbol, a module with one section, a test on ReportKitTesting,
/// a README and a config whose paths work from the package folder.
public struct ModuleScaffold: Sendable {
    /// The module id, e.g. `housing`.
    public var id: String
    /// Plan indicator ids the module declares and reports.
    public var indicatorIDs: [String]
    /// This host's ReportKit package.
    public var reportKit: URL
    /// The plan and observations the sample config uses.
    public var plan: URL
    public var observations: URL
    /// The `planwatch` the README tells the user to run.
    public var planwatch: String

    /// Where this host's sources were when it was compiled: ReportKit, the bundled plan and data live
    /// there. A host binary copied to another machine without its checkout has none of them.
    public static let hostRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The ReportKit package modules must build against, printed by `planwatch module sdk-path`.
    public static var reportKitPath: URL { hostRoot.appendingPathComponent("ReportKit") }

    /// A problem with the name, the folder or the host's checkout; the message says what to do.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public init(
        id: String, indicatorIDs: [String], reportKit: URL = ModuleScaffold.reportKitPath,
        plan: URL = ModuleScaffold.hostRoot.appendingPathComponent("Config/plans/yueyang-14th.yaml"),
        observations: URL = ModuleScaffold.hostRoot.appendingPathComponent("Config/data/yueyang-observed.csv"),
        planwatch: String
    ) throws(Problem) {
        guard let first = id.unicodeScalars.first, CharacterSet.lowercaseLetters.contains(first),
              id.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }),
              !id.hasSuffix("-"), !id.contains("--")
        else {
            throw Problem(description: "module name '\(id)': use lowercase letters, digits and single '-', starting with a letter (e.g. housing, water-quality)")
        }
        if ModuleCatalog.builtIn.contains(where: { $0.descriptor.id == id }) {
            throw Problem(description: "module name '\(id)' is the id of a built-in module, which would refuse yours; choose another name")
        }
        guard FileManager.default.fileExists(atPath: reportKit.appendingPathComponent("Package.swift").path) else {
            throw Problem(
                description:
                    "this planwatch's ReportKit package is not at \(reportKit.path) (the checkout it was built from has moved); build planwatch from its checkout and run that one")
        }
        self.id = id
        self.indicatorIDs = indicatorIDs
        self.reportKit = reportKit
        self.plan = plan
        self.observations = observations
        self.planwatch = planwatch
    }

    /// `housing` → `Housing`, `water-quality` → `WaterQuality`.
    public var typeStem: String { Self.typeStem(of: id) }

    /// The Swift name stem of a module id; the package's library is `lib<stem>Module.so`.
    public static func typeStem(of id: String) -> String {
        id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
    public var target: String { "\(typeStem)Module" }
    public var reportType: String { "\(typeStem)Report" }

    /// Relative path → contents of every file of the package.
    public var files: [(path: String, contents: String)] {
        [
            ("Package.swift", packageSwift),
            ("Sources/\(target)/ModuleEntry.swift", moduleEntry),
            ("Sources/\(target)/\(reportType).swift", report),
            ("Tests/\(target)Tests/\(reportType)Tests.swift", tests),
            ("planwatch.yaml", config),
            ("README.md", readme),
            (".gitignore", "/.build\n/out\n/Package.resolved\n"),
        ]
    }

    /// Writes the package into `directory`, which must not exist or be empty. Returns the files written.
    @discardableResult
    public func write(to directory: URL) throws(Problem) -> [URL] {
        let fm = FileManager.default
        if let existing = try? fm.contentsOfDirectory(atPath: directory.path), !existing.isEmpty {
            throw Problem(description: "\(directory.path) exists and is not empty; give another folder with --dir")
        }
        var written: [URL] = []
        for file in files {
            let url = directory.appendingPathComponent(file.path)
            do {
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.contents.utf8).write(to: url, options: .atomic)
            } catch {
                throw Problem(description: "\(url.path): cannot write: \(error.localizedDescription)")
            }
            written.append(url)
        }
        return written
    }

    /// A Swift string literal of `text`.
    static func literal(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// A YAML double-quoted scalar of a path.
    static func yamlPath(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    var declaredList: String { "[" + indicatorIDs.map(Self.literal).joined(separator: ", ") + "]" }

    var packageSwift: String {
        """
        // swift-tools-version:6.0
        // A PlanWatch report module, loaded by `planwatch` at run time. It depends on the ReportKit package
        // of the planwatch that made it (`planwatch module sdk-path`) and is built as a dynamic library.
        import PackageDescription

        let package = Package(
            name: "\(target)",
            products: [
                .library(name: "\(target)", type: .dynamic, targets: ["\(target)"]),
            ],
            dependencies: [
                .package(path: \(Self.literal(reportKit.path))),
            ],
            targets: [
                .target(
                    name: "\(target)",
                    dependencies: [.product(name: "ReportKit", package: "ReportKit")]
                ),
                .testTarget(
                    name: "\(target)Tests",
                    dependencies: ["\(target)", .product(name: "ReportKitTesting", package: "ReportKit")]
                ),
            ],
            swiftLanguageModes: [.v6]
        )

        """
    }

    var moduleEntry: String {
        """
        import ReportKit

        // The one C symbol planwatch looks up. The registration carries the ReportKit ABI version and the
        // compiler this module was built with; planwatch refuses the module if they differ from its own.
        @_cdecl("planwatch_module_register")
        public func planwatchModuleRegister() -> UnsafeMutableRawPointer {
            ModuleRegistration(\(reportType)()).retainedPointer()
        }

        """
    }

    var report: String {
        """
        import ReportKit

        /// The `\(id)` report: one table with every series of the indicators it declares, their latest
        /// figures, targets and statuses.
        public struct \(reportType): ReportModule {
            public init() {}

            public var descriptor: ModuleDescriptor {
                ModuleDescriptor(
                    id: \(Self.literal(id)), title: LocalizedText(zh: \(Self.literal(id)), en: \(Self.literal(typeStem))),
                    summary: LocalizedText(zh: \(Self.literal(id)), en: "What this report covers"), version: "0.1.0",
                    // The plan indicators this module reports; ModuleConformance checks each is in the document.
                    indicatorIDs: \(declaredList))
            }

            static let columns: [ReportDocument.Column] = [
                .init(id: "series", title: LocalizedText(zh: "编号", en: "Series")),
                .init(id: "name", title: LocalizedText(zh: "指标", en: "Indicator")),
                .init(id: "latest", title: LocalizedText(zh: "最新", en: "Latest"), alignment: .trailing),
                .init(id: "year", title: LocalizedText(zh: "年份", en: "Year"), alignment: .trailing),
                .init(id: "target", title: LocalizedText(zh: "目标", en: "Target"), alignment: .trailing),
                .init(id: "status", title: LocalizedText(zh: "进展", en: "Status")),
            ]

            public func build(context: ReportContext) throws -> ReportDocument {
                var rows: [[ReportDocument.Cell]] = []
                for indicator in descriptor.declaredIndicators(in: context.plan) {
                    // One result per series, whether the indicator has one series or several.
                    for (series, result) in context.seriesResults(of: indicator) {
                        // The latest published figure (also when a single year cannot be assessed yet),
                        // its year marked when provisional, and a status that never reads 数据不足 for it.
                        let latest: ReportDocument.Cell = IndicatorSections.latestFigure(result, series)
                            .map { .number($0, decimals: IndicatorSections.latestDecimals(result, series)) } ?? IndicatorSections.missingCell(result)
                        rows.append([
                            .text(series.id), .text(series.name.bilingual + " (\\(series.unit))"), latest,
                            IndicatorSections.yearCell(IndicatorSections.latestYear(result), provisional: result?.latestIsProvisional ?? false),
                            .text(IndicatorSections.targetText(series)),
                            IndicatorSections.statusCell(result, alert: result?.bindingAlert ?? false),
                        ])
                    }
                }
                // No figure without its source: the source lines of every figure the rows show.
                let sources = IndicatorSections(context: context, indicators: descriptor.declaredIndicators(in: context.plan)).table().sources
                let table = ReportDocument.Table(
                    id: "series", caption: LocalizedText(zh: "分项进展", en: "Progress by series"), columns: Self.columns, rows: rows,
                    sources: sources)
                return ReportDocument(
                    id: descriptor.id, title: descriptor.title, subtitle: context.plan.name, generatedAt: context.generatedAt,
                    facts: IndicatorSections.facts(context: context),
                    sections: [ReportDocument.Section(id: "series", title: LocalizedText(zh: "分项进展", en: "Progress by series"), blocks: [.table(table)])])
            }
        }

        """
    }

    var tests: String {
        """
        import Foundation
        import ReportKit
        import ReportKitTesting
        import Testing
        import \(target)

        @Suite struct \(reportType)Tests {
            /// A small plan with the declared indicators, so the test runs without planwatch.
            static let plan = Plan(
                id: "test", name: LocalizedText(zh: "测试规划"), startYear: 2021, endYear: 2025,
                region: Region(code: "430600", name: LocalizedText(zh: "岳阳市")),
                indicators: \(reportType)().descriptor.indicatorIDs.map { id in
                    Indicator(
                        id: id, name: LocalizedText(zh: id), module: "test", attribute: .expected, seedReference: "test",
                        series: [
                            IndicatorSeries(
                                id: id, name: LocalizedText(zh: id), unit: "%", direction: .higherIsBetter,
                                baseline: Baseline(year: 2020, value: 50), target: Target(kind: .level, value: 60, year: 2025, text: "60%"))
                        ])
                })

            @Test func conformsAndReportsEveryDeclaredIndicator() throws {
                let observations = Self.plan.indicators.map { Observation.fixture($0.id, 2024, 58) }
                let context = ReportContext.fixture(plan: Self.plan, observations: observations)
                #expect(ModuleConformance.problems(in: \(reportType)(), context: context) == [])
                let document = try \(reportType)().build(context: context)
                guard case .table(let table) = document.sections.first?.blocks.first else {
                    Issue.record("the first block is not the series table")
                    return
                }
                #expect(table.rows.count == Self.plan.indicators.count)
            }

            /// `export/` in this package: the real plan and observations, written by
            /// `planwatch export --config planwatch.yaml --plan --observations --json export` (see the README).
            static let export = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("export")

            @Test(
                .enabled(
                    if: FileManager.default.fileExists(atPath: export.path),
                    "no export/ folder: run `planwatch export --config planwatch.yaml --plan --observations --json export` in this package"))
            func conformsOnTheRealPlan() throws {
                let context = try ReportContext.fixture(exportedIn: Self.export)
                #expect(ModuleConformance.problems(in: \(reportType)(), context: context) == [])
            }

            @Test func theEntrySymbolHandsOverAStampedRegistration() throws {
                let object = Unmanaged<AnyObject>.fromOpaque(planwatchModuleRegister()).takeRetainedValue()
                let registration = try #require(object as? ModuleRegistration)
                #expect(registration.modules.map(\\.descriptor.id) == [\(Self.literal(id))])
                #expect(registration.abiVersion == ReportKitABI.version)
            }
        }

        """
    }

    var config: String {
        """
        # Runs planwatch on the bundled plan with this module. Relative paths resolve against this file's
        # folder, so `planwatch run --config planwatch.yaml` works from here.
        plan: \(Self.yamlPath(plan.path))
        sources:
          - id: observed
            format: observations-csv
            path: \(Self.yamlPath(observations.path))
        outputs:
          dir: out
          formats: [text, html, json]
        # Built by `swift build` in this folder; rebuild after every change.
        module_paths: [.build/debug/lib\(target).so]

        """
    }

    var readme: String {
        """
        # \(target): a PlanWatch report module

        Module id `\(id)`; reports the plan indicators \(indicatorIDs.joined(separator: ", ")) in one table.
        Made by `planwatch module new \(id)` against the ReportKit at `\(reportKit.path)`.

        ## Build and run

        From this folder, with the Swift toolchain that built planwatch (\(ReportKitABI.compiler)):

        ```sh
        swift build
        \(planwatch) run --config planwatch.yaml
        ```

        The reports land in `out/<run>/`: `\(id).txt`, `.html` and `.json` next to the built-in modules'
        ones, and `manifest.json` lists the module with the library it came from.
        `\(planwatch) modules --config planwatch.yaml` lists it.

        ## Test

        ```sh
        swift test
        ```

        One test builds a small plan with the declared indicators and runs `ModuleConformance` on it.
        Another runs it on the real plan and observations, exported by planwatch into `export/` (JSON;
        no planwatch needed when the tests run; skipped with a notice until the folder exists):

        ```sh
        \(planwatch) export --config planwatch.yaml --plan --observations --json export
        swift test
        ```

        ## Rules

        - Build with the same Swift toolchain as planwatch and against its ReportKit (the path in
          `Package.swift`). planwatch refuses a module built with another compiler or ReportKit ABI version
          and says which. Debug or release does not need to match planwatch's.
        - Never build with `--static-swift-stdlib`: the module must share planwatch's Swift runtime.
        - Declare the indicators you report in `indicatorIDs`; the module id must not be a built-in one.

        """
    }
}
