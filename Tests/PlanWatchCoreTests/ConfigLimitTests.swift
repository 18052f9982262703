import Foundation
import Testing
@testable import PlanWatchCore

/// Issue 9: every number, duration and id of a config or plan is checked at load time, with
/// file:line:col and key path, and YAML aliases cannot expand without bound.
@Suite struct ConfigLimitTests {
    static let configFile = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("limits-\(UUID().uuidString)/planwatch.yaml")

    /// The problems of a config, as `validate` prints them (empty when it loads).
    func configProblems(_ sources: String, extra: String = "") -> [String] {
        let text = "plan: plan.yaml\nsources:\n" + sources + extra
        do {
            _ = try PlanWatchConfig.load(text: text, file: Self.configFile, displayName: "planwatch.yaml")
            return []
        } catch {
            // The plan file does not exist in these tests; that problem is not the one looked at.
            return error.problems.map(\.description).filter { !$0.contains("plan file") }
        }
    }

    func source(_ settings: String) -> String {
        "  - {id: s, format: observations-csv, url: \"http://127.0.0.1:9/x.csv\", \(settings)}\n"
    }

    func loadedSource(_ settings: String) throws -> SourceConfig? {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("limits-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "id: p".write(to: dir.appendingPathComponent("plan.yaml"), atomically: true, encoding: .utf8)
        let text = "plan: plan.yaml\nsources:\n" + source(settings)
        return try PlanWatchConfig.load(text: text, file: dir.appendingPathComponent("planwatch.yaml")).sources.first
    }

    /// `timeout: {total: 1e16}` passed validate and then trapped in `fetch` (Int(1e19), exit 132).
    @Test(arguments: [
        ("timeout: {total: 1e16}", "planwatch.yaml:3:", "sources[s].timeout.total: 1e16 is out of range; use 0.001 to 86400 seconds"),
        ("timeout: {connect: -1}", "planwatch.yaml:3:", "sources[s].timeout.connect: -1 is out of range; use 0.001 to 600 seconds"),
        ("timeout: 0", "planwatch.yaml:3:", "sources[s].timeout: 0 is out of range"),
        ("timeout: .nan", "planwatch.yaml:3:", "sources[s].timeout: expected a finite number"),
        ("retries: 1000", "planwatch.yaml:3:", "sources[s].retries: 1000 is out of range; use 0 to 20 retries"),
        ("retries: -1", "planwatch.yaml:3:", "sources[s].retries: -1 is out of range"),
        ("max_bytes: 99999999999999", "planwatch.yaml:3:", "sources[s].max_bytes: 99999999999999 is out of range; use 1 to 2147483648 bytes"),
        ("max_bytes: 0", "planwatch.yaml:3:", "sources[s].max_bytes: 0 is out of range"),
        ("mapping: {scale: 0}", "planwatch.yaml:3:", "sources[s].mapping.scale: 0 is out of range"),
        ("mapping: {scale: -10000}", "planwatch.yaml:3:", "sources[s].mapping.scale: -10000 is out of range"),
    ])
    func numbersOutOfRangeAreLocatedProblems(setting: String, place: String, message: String) {
        let problems = configProblems(source(setting))
        #expect(problems.count == 1, "\(problems)")
        #expect(problems.first.map { $0.hasPrefix(place) && $0.contains("error: " + message) } == true, "\(problems)")
    }

    @Test func numbersInRangeLoad() throws {
        let source = try #require(try loadedSource("timeout: {connect: 0.5, total: 86400}, retries: 20, max_bytes: 2147483648, mapping: {scale: 0.0001}"))
        #expect(source.connectTimeout == 0.5 && source.totalTimeout == 86_400 && source.retries == 20 && source.maxBytes == 1 << 31)
        #expect(source.mapping.scale == 0.0001)
    }

    /// `forever`, `7days`, `"7 days"` and `-5` passed validate and silently turned the fallback off.
    @Test(arguments: ["forever", "7days", "\"7 days\"", "-5", "-5d", "nand", "infd", "1e400d", "d", "3651d", "7w"])
    func invalidDurationsAreRefused(value: String) {
        let problems = configProblems(source("max_stale: \(value)"))
        #expect(problems.count == 1, "\(problems)")
        #expect(problems.first.map {
            $0.hasPrefix("planwatch.yaml:3:") && $0.contains("sources[s].max_stale:") && $0.contains("90s, 30m, 12h, 7d")
        } == true, "\(problems)")
    }

    /// `publisher:` is printed in every source line, so it must be a name on one line.
    @Test(arguments: [("\"\"", "the publisher is empty"), ("\"湖南\\u0007统计局\"", "control character"),
                      (String(repeating: "统", count: 81), "over 80")])
    func badPublishersAreRefused(value: String, message: String) {
        let problems = configProblems(source("publisher: \(value)"))
        #expect(problems.count == 1 && problems.first.map { $0.contains("sources[s].publisher:") && $0.contains(message) } == true, "\(problems)")
    }

    @Test func publisherAndComparablePricesLoad() throws {
        #expect(try loadedSource("publisher: 湖南省统计局")?.publisher == "湖南省统计局")
        #expect(try loadedSource("mapping: {comparable_prices: true}")?.comparablePrices == ["*"])
        #expect(try loadedSource("mapping: {comparable_prices: [K01]}")?.comparablePrices == ["K01"])
    }

    @Test(arguments: [("3600", 3600.0), ("90s", 90), ("30m", 1800), ("12h", 43_200), ("7d", 604_800), ("1.5h", 5400), ("0", 0)])
    func durationsWithUnitsLoad(value: String, seconds: Double) throws {
        #expect(try loadedSource("max_stale: \(value)")?.maxStale == seconds)
    }

    @Test func emptyOutputDirAndADataDirThatIsAFileAreProblems() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("limits-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "x".write(to: dir.appendingPathComponent("afile"), atomically: true, encoding: .utf8)
        let text = "plan: plan.yaml\nsources: []\noutputs: {dir: \"\"}\ndata_dir: afile/sub\n"
        #expect {
            try PlanWatchConfig.load(text: text, file: dir.appendingPathComponent("planwatch.yaml"), displayName: "planwatch.yaml")
        } throws: { error in
            let text = (error as? ConfigProblems)?.description ?? ""
            return text.contains("planwatch.yaml:3:16: error: outputs.dir: the output directory is empty")
                && text.contains("planwatch.yaml:4:11: error: data_dir: \(dir.path)/afile is a file")
        }
        #expect(PlanWatchConfig.dataDirectoryProblem(dir) == nil)
        #expect(PlanWatchConfig.dataDirectoryProblem(dir.appendingPathComponent("new/deeper")) == nil)
        #expect(PlanWatchConfig.dataDirectoryProblem(dir.appendingPathComponent("afile"))?.contains("is a file, not a folder") == true)
    }

    /// The pagination form docs/FETCH.md documents was refused ("expected a text value", red-team m10).
    @Test func theLongPaginationFormLoadsWithItsValues() throws {
        let long = try #require(try loadedSource("pagination: {type: world-bank, page_param: p.n, max_pages: 20}"))
        #expect(long.pagination == .worldBank(pageParameter: "p.n", maxPages: 20))
        let documented = try #require(try loadedSource("pagination: {type: world-bank, page_param: page, max_pages: 1000}"))
        #expect(documented.pagination == .worldBank())
        #expect(try loadedSource("pagination: world-bank")?.pagination == .worldBank())
        #expect(try loadedSource("pagination: {type: world-bank}")?.pagination == .worldBank())
        #expect(try loadedSource("retries: 1")?.pagination == nil)
    }

    @Test(arguments: [
        ("pagination: {type: world-bank, max_pages: 0}", "sources[s].pagination.max_pages: 0 is out of range; use 1 to 10000 pages"),
        ("pagination: {type: world-bank, max_pages: 99999999}", "sources[s].pagination.max_pages: 99999999 is out of range"),
        ("pagination: {type: world-bank, page_param: \"a b\"}", "sources[s].pagination.page_param: 'a b' is not a query parameter name"),
        ("pagination: {type: world-bank, page_param: \"\"}", "sources[s].pagination.page_param: '' is not a query parameter name"),
        ("pagination: {type: sdmx}", "sources[s].pagination.type: unknown pagination 'sdmx'; the one supported is world-bank"),
        ("pagination: {page_param: page}", "sources[s].pagination: missing required key 'type'"),
        ("pagination: {type: world-bank, pages: 3}", "sources[s].pagination.pages: unknown key 'pages'"),
        ("pagination: cursor", "sources[s].pagination: unknown pagination 'cursor'"),
    ])
    func aBadPaginationIsALocatedProblem(setting: String, message: String) {
        let problems = configProblems(source(setting))
        #expect(problems.count == 1, "\(problems)")
        #expect(problems.first.map { $0.hasPrefix("planwatch.yaml:3:") && $0.contains("error: " + message) } == true, "\(problems)")
    }

    /// Source ids were not checked: `../../x` with an OSC sequence passed validate (red-team m9).
    @Test(arguments: ["\"../../../tmp/evil\\e]0;T\\a\"", "\"a b\"", "\".hidden\"", "\"湖南\"", "\"x/y\"", String(repeating: "a", count: 65)])
    func aSourceIdOutsideThePatternIsALocatedProblem(id: String) {
        let problems = configProblems("  - id: \(id)\n    format: observations-csv\n    url: \"http://127.0.0.1:9/x.csv\"\n")
        #expect(problems.count == 1, "\(problems)")
        let text = problems.first ?? ""
        #expect(text.hasPrefix("planwatch.yaml:3:9: error: ") && text.contains("is not a valid source id; use ASCII letters, digits, '-', '_' and '.'"), "\(text)")
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "control character in \(text.debugDescription)")
    }

    @Test func sourceIdsOfTheDocumentedShapeLoad() {
        for id in ["nbs-hunan", "wb_china.gdp", "S1", String(repeating: "a", count: 64)] {
            #expect(configProblems("  - {id: \(id), format: observations-csv, url: \"http://127.0.0.1:9/x.csv\"}\n").isEmpty, "\(id)")
        }
    }

    /// A URL with a TAB was refused, but the message echoed the raw TAB (red-team m8); every config
    /// message shows control characters as pictures, keeping its own line breaks.
    @Test func controlCharactersInAConfigMessageAreShownAsPictures() {
        let problems = configProblems("  - {id: s, format: observations-csv, url: \"http://127.0.0.1:9/a\\tb\\e[31m.csv\"}\n")
        #expect(!problems.isEmpty)
        let text = problems.joined(separator: "\n")
        #expect(text.contains("a␉b␛[31m.csv"), "\(text.debugDescription)")
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 }, "\(text.debugDescription)")
        let multi = ConfigProblem(file: "f\u{1B}.yaml", line: 1, key: "k\t", message: "one\ttab\nsecond line")
        #expect(multi.description == "f␛.yaml:1: error: k␉: one␉tab\nsecond line")
    }

    /// A data directory that cannot be created was a raw NSCocoaErrorDomain warning and the cache
    /// silently off (red-team m1): now the folder and the system's reason.
    @Test func aDataDirectoryThatCannotBeCreatedSaysWhy() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("datadir-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(PlanWatchConfig.createDataDirectory(dir.appendingPathComponent("new/deeper")) == nil)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("new/deeper/cache").path))
        if FileManager.default.fileExists(atPath: "/proc/self/status") {
            let problem = PlanWatchConfig.createDataDirectory(URL(fileURLWithPath: "/proc/self/x"))
            #expect(problem?.hasPrefix("/proc/self/x cannot be created: No such file or directory; give a folder you can write to") == true, "\(problem ?? "nil")")
        } else {
            print("notice: /proc is absent; the /proc/self/x case is skipped")
        }
    }

    // MARK: - Plans

    let header = """
    id: test-plan
    name: {zh: 测试规划}
    start_year: 2021
    end_year: 2025
    region: {code: "430600", zh: 岳阳市}
    indicators:

    """

    func planProblems(_ text: String) -> [String] {
        do {
            _ = try PlanLoader().load(text: text, displayName: "plan.yaml")
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    @Test func planYearsAndFiguresOutOfRangeAreProblems() {
        let problems = planProblems(header.replacingOccurrences(of: "start_year: 2021", with: "start_year: 99999") + """
          - {id: K01, zh: 甲, module: ecology, attribute: binding, seed: x, unit: "%", baseline: {year: 1066, value: 1},
             target: {kind: level, value: 1e300, year: 2025, text: "1"}}
          - {id: K02, zh: 乙, module: ecology, attribute: binding, seed: x, unit: "%", target: {kind: direction, year: 3000, limit: -1e16, text: "x"}}
        """)
        let text = problems.joined(separator: "\n")
        #expect(text.contains("plan.yaml:3:13: error: start_year: 99999 is out of range; use 1900 to 2100 (a year)"), "\(text)")
        #expect(text.contains("plan.yaml:7:") && text.contains("error: indicators[K01].baseline.year: 1066 is out of range"), "\(text)")
        #expect(text.contains("error: indicators[K01].target.value: 1e300 is out of range"), "\(text)")
        #expect(text.contains("error: indicators[K02].target.year: 3000 is out of range"), "\(text)")
        #expect(text.contains("error: indicators[K02].target.limit: -1e16 is out of range"), "\(text)")
    }

    /// The shapes of docs/PLAN-FORMAT.md: plan `[a-z0-9-]`, indicator `K01`, series `K01.suffix`.
    @Test func idsOutsideTheDocumentedShapesAreRefused() {
        let problems = planProblems(header.replacingOccurrences(of: "id: test-plan", with: "id: Test_Plan") + """
          - {id: x.gdp-level, zh: 甲, module: ecology, attribute: binding, seed: x, unit: "%", target: {kind: floor, value: 1, text: "1"}}
          - {id: k02, zh: 乙, module: ecology, attribute: binding, seed: x, unit: "%", target: {kind: floor, value: 1, text: "1"}}
          - id: IC03
            zh: 丙
            module: ecology
            attribute: binding
            seed: x
            series:
              - {id: IC03.B10, zh: a, unit: 家, target: {kind: level, value: 5, text: "5"}}
              - {id: IC03.b 10, zh: b, unit: 家, target: {kind: level, value: 5, text: "5"}}
              - {id: IC03.pm25-cut, zh: c, unit: 家, target: {kind: level, value: 5, text: "5"}}
        """)
        let text = problems.joined(separator: "\n")
        #expect(text.contains("plan.yaml:1:5: error: id: 'Test_Plan' is not a valid id; a plan id is lower-case letters, digits and hyphens"), "\(text)")
        #expect(text.contains("plan.yaml:7:10: error: indicators[x.gdp-level].id: 'x.gdp-level' is not a valid id; an indicator id is an upper-case letter"), "\(text)")
        #expect(text.contains("plan.yaml:8:10: error: indicators[k02].id: 'k02' is not a valid id"), "\(text)")
        #expect(text.contains("indicators[IC03].series[0].id: 'IC03.B10' is not a valid id; a series id is <indicator id>.<suffix>"), "\(text)")
        #expect(text.contains("indicators[IC03].series[1].id: 'IC03.b 10' is not a valid id"), "\(text)")
        #expect(!text.contains("'IC03.pm25-cut'"), "\(text)")
        #expect(problems.count == 5, "\(text)")
    }

    @Test(arguments: [("yueyang-14th", PlanLoader.IDKind.plan, true), ("a", .plan, true), ("Yueyang", .plan, false), ("", .plan, false),
                      ("K01", .indicator, true), ("IC03", .indicator, true), ("01K", .indicator, false), ("K-1", .indicator, false),
                      ("T18.pm25-cut", .series, true), ("IC03.3pl", .series, true), ("IC03.", .series, false), ("IC03.a.b", .series, false),
                      ("x.gdp-level", .series, false), (String(repeating: "a", count: 65), .plan, false)])
    func idShapes(id: String, kind: PlanLoader.IDKind, valid: Bool) {
        #expect(PlanLoader.isValidID(id, as: kind) == valid)
    }

    /// Both bundled plans keep to the documented shapes (and every other limit).
    @Test(arguments: ["yueyang-14th.yaml", "yueyang-13th.yaml"])
    func bundledPlansLoad(name: String) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        _ = try PlanLoader().load(file: root.appendingPathComponent("Config/plans/\(name)"))
    }

    // MARK: - Aliases

    /// `count` levels of nine aliases each, as `name: &aN [*aN-1, …]` rows.
    static func aliasLevels(_ count: Int, indent: String) -> String {
        var rows = ["\(indent)- name: &a0 lol"]
        for level in 1...count {
            rows.append("\(indent)- name: &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]")
        }
        return rows.joined(separator: "\n") + "\n"
    }

    /// The issue's trigger: 8 levels of 9 aliases in `reference_data` took 31.6 s and 764 MB in
    /// `validate`; it is now refused before anything walks the tree, at the alias that crosses the limit.
    @Test func anAliasBombInReferenceDataIsRefusedWhereTheAliasIs() {
        let text = header + """
          - {id: K01, zh: 甲, module: ecology, attribute: binding, seed: x, unit: "%", target: {kind: floor, value: 1, text: "1"}}
        reference_data:
          parks:

        """ + Self.aliasLevels(8, indent: "    ")
        let problems = planProblems(text)
        #expect(problems.count == 1, "\(problems)")
        // Levels 1-5 expand to 74,727 nodes; the first alias of level 6 (line 16), *a5 with 66,430, passes 100,000.
        #expect(problems.first?.hasPrefix("plan.yaml:16:18: error: reference_data.parks[6].name[0]: YAML aliases expand to more than 100000 nodes (here *a5 stands for 66430)") == true, "\(problems)")
    }

    /// Aliases used as mapping keys were hashed by Yams through every node they stand for, before
    /// any walk of ours: the count runs on the parser's events, before Yams composes.
    @Test func anAliasBombInMappingKeysIsRefusedBeforeComposing() {
        let text = "levels:\n" + Self.aliasLevels(9, indent: "  ") + "keys: {? *a9 : 1}\n"
        let problems = configProblems("", extra: text)
        #expect(problems.count == 1 && problems.first?.contains("YAML aliases expand to more than 100000 nodes") == true, "\(problems)")
    }

    @Test func aFewAliasesStillLoad() throws {
        let text = header + """
          - {id: K01, zh: 甲, module: ecology, attribute: binding, seed: x, unit: "%", target: &t {kind: floor, value: 1, text: "1"}}
          - {id: K02, zh: 乙, module: ecology, attribute: binding, seed: x, unit: "%", target: *t}
        reference_data:
          parks:

        """ + Self.aliasLevels(3, indent: "    ")
        let loaded = try PlanLoader().load(text: text, displayName: "plan.yaml")
        #expect(loaded.plan.indicators.map(\.series[0].target.value) == [1, 1])
        #expect(loaded.referenceData["parks"]?.last?["name"]?.split(separator: "、").count == 729)
    }
}
