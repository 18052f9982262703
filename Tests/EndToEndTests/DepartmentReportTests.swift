import Foundation
import PlanWatchTestSupport
import Testing

/// Department reports (`Reports/*.yaml`, docs/REPORTS.md) through the built binary: listing,
/// selection, validation with located problems, the `as_of` cut-off, and goldens on the bundled data.
@Suite struct DepartmentReportTests {
    static let root = PlanWatchBinary.packageRoot.path
    static let shipped = ["county-ic13", "ecology-annual", "midterm-2023"]

    /// A project in a temporary folder: the bundled plan and data, `extra` as a second source, and
    /// the given report definitions in `reports/` (or the shipped `Reports/` when nil).
    func project(definitions: [String: String]? = nil, extra: String? = nil) throws -> URL {
        let dir = PlanWatchBinary.temporaryDirectory()
        var sources = "  - {id: yueyang-observed, format: observations-csv, path: \(Self.root)/Config/data/yueyang-observed.csv}\n"
        if let extra {
            sources += "  - {id: later, format: observations-csv, path: later.csv}\n"
            try ("indicator,region,period,value,unit,source_title\n" + extra).write(to: dir.appendingPathComponent("later.csv"), atomically: true, encoding: .utf8)
        }
        let reportsDir = definitions == nil ? "\(Self.root)/Reports" : "reports"
        try """
        plan: \(Self.root)/Config/plans/yueyang-14th.yaml
        reports_dir: \(reportsDir)
        sources:
        \(sources)outputs: {dir: out, formats: [text, csv, html, json, md]}
        """.write(to: dir.appendingPathComponent("planwatch.yaml"), atomically: true, encoding: .utf8)
        if let definitions {
            let folder = dir.appendingPathComponent("reports")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for (name, text) in definitions {
                try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
        }
        return dir
    }

    func run(_ arguments: [String], in dir: URL) async throws -> PlanWatchBinary.Output {
        try await PlanWatchBinary.run(arguments, in: dir, environment: ["SOURCE_DATE_EPOCH": RunTests.fixedDate])
    }

    @Test func reportsJSONListsTheThreeShippedDefinitions() async throws {
        let output = try await PlanWatchBinary.run(["reports", "--json"])
        #expect(output.status == 0, "stderr: \(output.stderr)")
        let list = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]])
        #expect(list.compactMap { $0["id"] as? String } == Self.shipped)
        let midterm = try #require(list.first { $0["id"] as? String == "midterm-2023" })
        #expect(midterm["asOf"] as? Int == 2023)
        #expect((midterm["indicators"] as? [String])?.count == 26)
        let ecology = try #require(list.first { $0["id"] as? String == "ecology-annual" })
        #expect(ecology["indicators"] as? [String] == ["K19", "K20", "K21", "K22", "K23", "EC01", "EC02", "EC03", "EC04", "EC05", "EC06", "EC07", "EC08"])
        let county = try #require(list.first { $0["id"] as? String == "county-ic13" })
        #expect(county["forEach"] as? String == "region")
        #expect((county["outputs"] as? [String])?.count == 7)
    }

    /// Plain `run`: the overview, the four modules and every department report (with the county pages),
    /// each linked from the index page.
    @Test func runWritesModulesAndEveryReport() async throws {
        let out = PlanWatchBinary.temporaryDirectory()
        let output = try await PlanWatchBinary.run(["run", "--format", "html", "--out", out.path, "--quiet"],
                                                   environment: ["SOURCE_DATE_EPOCH": RunTests.fixedDate])
        #expect(output.status == 0, "stderr: \(output.stderr)")
        let counties = ["430681", "430623", "430621", "430624", "430626", "430682"].map { "report-county-ic13-\($0)" }
        let pages = ["overview", "industry-chains", "ecology", "livelihood", "safety"] + Self.shipped.map { "report-\($0)" } + counties
        let index = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        for page in pages {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("\(page).html").path), "\(page).html not written")
            #expect(index.contains("\(page).html"), "index does not link \(page).html")
        }
    }

    @Test func runReportWritesThatReportOnly() async throws {
        let out = PlanWatchBinary.temporaryDirectory()
        let output = try await PlanWatchBinary.run(["run", "--report", "midterm-2023", "--out", out.path, "--quiet"],
                                                   environment: ["SOURCE_DATE_EPOCH": RunTests.fixedDate])
        #expect(output.status == 0, "stderr: \(output.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path)
        let reports = Set(files.filter { $0.hasPrefix("report-") }.map { String($0.prefix { $0 != "." }) })
        #expect(reports == ["report-midterm-2023"], "\(files)")
        #expect(!files.contains("overview.html") && !files.contains("ecology.txt"), "modules were rendered: \(files)")
        let index = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(index.contains("report-midterm-2023.html"))
        let unknown = try await PlanWatchBinary.run(["run", "--report", "midterm", "--out", out.path, "--quiet"])
        #expect(unknown.status == 2 && unknown.stderr.contains("no report definition 'midterm'; known: county-ic13, ecology-annual, midterm-2023"), "\(unknown.stderr)")
    }

    @Test func runModuleAndReportTogether() async throws {
        let out = PlanWatchBinary.temporaryDirectory()
        let output = try await PlanWatchBinary.run(["run", "--module", "ecology", "--report", "ecology-annual", "--format", "text", "--out", out.path, "--quiet"])
        #expect(output.status == 0, "stderr: \(output.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasSuffix(".txt") }.sorted()
        #expect(files == ["ecology.txt", "report-ecology-annual.txt"])
    }

    @Test func validateLocatesEveryProblemOfABadDefinition() async throws {
        let dir = try project(definitions: [
            "bad.yaml": """
            id: bad
            titel: {zh: 坏, en: Bad}
            indicators: [K19-K23, K99, ZZ*, K23-K19]
            language: fr
            """,
            "empty.yaml": """
            id: empty
            title: {zh: 空}
            language: zh
            """,
            "english.yaml": """
            id: english
            title: 只有中文
            modules: [ecology, economy]
            language: en
            """,
            "cn.yaml": """
            id: cn
            title: 只有中文
            intro: 只有中文
            modules: [ecology]
            language: cn
            """,
            "typo.yaml": """
            id: typo
            title: 只有中文
            issuer: {office: 只有中文}
            modules: [ecology]
            langauge: zh
            """,
            "late.yaml": """
            id: late
            title: {zh: 晚}
            modules: [ecology]
            as_of: 2030
            """,
        ])
        let output = try await run(["validate", "--config", "planwatch.yaml"], in: dir)
        #expect(output.status == 2)
        for expected in [
            "reports/bad.yaml:2:1: error: titel: unknown key 'titel' (did you mean 'title'?)",
            "reports/bad.yaml:1:1: error: missing required key 'title'",
            "reports/bad.yaml:3:13: error: indicators: no indicator 'K99' in plan yueyang-14th",
            "reports/bad.yaml:3:13: error: indicators: 'ZZ*' matches no indicator of plan yueyang-14th",
            "reports/bad.yaml:3:13: error: indicators: range 'K23-K19' must run upwards",
            "reports/bad.yaml:4:11: error: language: 'fr' is not one of zh, en, both",
            "reports/empty.yaml:1:1: error: selects no indicator; give `modules:`",
            "reports/english.yaml:2:8: error: title: language en needs an English text",
            "reports/english.yaml:3:10: error: modules: no module 'economy'",
            "reports/cn.yaml:5:11: error: language: 'cn' is not one of zh, en, both",
            "reports/typo.yaml:5:1: error: langauge: unknown key 'langauge' (did you mean 'language'?)",
            "reports/late.yaml:4:8: error: as_of: as_of 2030 is outside plan yueyang-14th (baseline 2020, plan 2021-2025)",
        ] {
            #expect(output.stderr.contains(expected), "missing «\(expected)» in:\n\(output.stderr)")
        }
        // A mistyped language is the one error: the texts are not checked against a guessed language.
        for file in ["reports/cn.yaml", "reports/typo.yaml"] {
            let lines = output.stderr.split(separator: "\n").filter { $0.hasPrefix(file) }
            #expect(lines.count == 1, "\(file): \(lines)")
        }
    }

    /// `as_of: 2023`: figures published for later years never change the report; the same figures
    /// do change a report without a cut-off (so the comparison can fail).
    @Test func observationsAfterTheCutOffNeverChangeTheReport() async throws {
        let later = """
        K01,430600,2024,9.9,%,Later bulletin
        K08,430600,2024,70.0,%,Later bulletin
        K22,430600,2025,99.0,%,Later bulletin
        K03,430600,2025,40.0,%,Later bulletin

        """
        let plain = try project()
        let withLater = try project(extra: later)
        let a = try await run(["run", "--config", "planwatch.yaml", "--report", "midterm-2023", "--report", "ecology-annual", "--quiet"], in: plain)
        let b = try await run(["run", "--config", "planwatch.yaml", "--report", "midterm-2023", "--report", "ecology-annual", "--quiet"], in: withLater)
        #expect(a.status == 0 && b.status == 0, "\(a.stderr)\n\(b.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: plain.appendingPathComponent("out").path)
        let midterm = files.filter { $0.hasPrefix("report-midterm-2023.") }
        #expect(midterm.count >= 5)
        for name in midterm {
            let x = try Data(contentsOf: plain.appendingPathComponent("out/\(name)"))
            let y = try Data(contentsOf: withLater.appendingPathComponent("out/\(name)"))
            #expect(x == y, "\(name) changed with figures after 2023:\n\(Golden.diff(expected: x, actual: y))")
        }
        let x = try String(contentsOf: plain.appendingPathComponent("out/report-ecology-annual.txt"), encoding: .utf8)
        let y = try String(contentsOf: withLater.appendingPathComponent("out/report-ecology-annual.txt"), encoding: .utf8)
        #expect(x != y && y.contains("99.0"), "the report without a cut-off must see the 2025 figure")
    }

    /// `confirm_measure:` on a source reaches the department reports: their own engine pass (with a
    /// cut-off or not) judges a confirmed series as the run does, in the indicator table, the summary
    /// and the year-by-year table; without it the status stays withheld.
    @Test func departmentReportsRespectConfirmMeasure() async throws {
        let plain = try project()
        let confirmed = try project()
        let config = confirmed.appendingPathComponent("planwatch.yaml")
        let text = try String(contentsOf: config, encoding: .utf8)
        try text.replacingOccurrences(of: "path: \(Self.root)/Config/data/yueyang-observed.csv}",
                                      with: "path: \(Self.root)/Config/data/yueyang-observed.csv, mapping: {confirm_measure: [K22]}}")
            .write(to: config, atomically: true, encoding: .utf8)
        for dir in [plain, confirmed] {
            let output = try await run(["run", "--config", "planwatch.yaml", "--report", "ecology-annual", "--format", "text,json", "--quiet"], in: dir)
            #expect(output.status == 0, "stderr: \(output.stderr)")
        }
        func k22Row(_ dir: URL) throws -> String {
            let page = try String(contentsOf: dir.appendingPathComponent("out/report-ecology-annual.txt"), encoding: .utf8)
            let lines = page.split(separator: "\n", omittingEmptySubsequences: false)
            let start = try #require(lines.firstIndex { $0 == "K22" })
            return lines[start..<min(start + 11, lines.count)].joined(separator: "\n")
        }
        let withheld = try k22Row(plain), judged = try k22Row(confirmed)
        #expect(withheld.contains("口径与规划基期不一致") && withheld.contains("待评估"), "\(withheld)")
        #expect(!judged.contains("口径与规划基期不一致") && !judged.contains("待评估") && judged.contains("逆向变化"), "\(judged)")
        let page = try String(contentsOf: confirmed.appendingPathComponent("out/report-ecology-annual.txt"), encoding: .utf8)
        #expect(page.contains("约束性指标预警") && page.contains("K22 地表水达到或优于Ⅲ类水体比例"), "a confirmed binding target off course is an alert")
        // Year by year: judged when confirmed, withheld (neither met nor not met) when not.
        let plainPage = try String(contentsOf: plain.appendingPathComponent("out/report-ecology-annual.txt"), encoding: .utf8)
        #expect(page.contains("2022: 84.0 未达标 / not met") && !page.contains("84.0 待评估"))
        #expect(plainPage.contains("2022: 84.0 待评估 / pending") && !plainPage.contains("84.0 未达标"))
    }

    /// A source that fails is named under a report's title in the report's language: a `language: zh`
    /// report carries no English note, a bilingual one both.
    @Test func sourceNotesFollowTheReportsLanguage() async throws {
        let dir = try project()
        let config = dir.appendingPathComponent("planwatch.yaml")
        let text = try String(contentsOf: config, encoding: .utf8)
        try text.replacingOccurrences(of: "outputs:", with: "  - {id: gone, format: observations-csv, path: gone.csv}\noutputs:")
            .write(to: config, atomically: true, encoding: .utf8)
        let output = try await run(["run", "--config", "planwatch.yaml", "--report", "midterm-2023", "--report", "ecology-annual", "--format", "text", "--quiet"], in: dir)
        #expect(output.status == 3, "a failed source makes the run partial: \(output.stderr)")
        let zh = try String(contentsOf: dir.appendingPathComponent("out/report-midterm-2023.txt"), encoding: .utf8)
        let both = try String(contentsOf: dir.appendingPathComponent("out/report-ecology-annual.txt"), encoding: .utf8)
        #expect(zh.contains("数据源 gone: 获取失败，相关数据缺失（原因见 manifest.json）") && !zh.contains("fetch failed"), "\(zh.prefix(800))")
        #expect(both.contains("获取失败，相关数据缺失（原因见 manifest.json）/ fetch failed"), "\(both.prefix(800))")
    }

    /// Goldens of the shipped reports on the bundled data; re-record with PLANWATCH_RECORD=1 and review.
    @Test func shippedReportsMatchGoldens() async throws {
        let out = PlanWatchBinary.temporaryDirectory()
        let output = try await PlanWatchBinary.run(["run", "--out", out.path, "--quiet"] + Self.shipped.flatMap { ["--report", $0] },
                                                   environment: ["SOURCE_DATE_EPOCH": RunTests.fixedDate])
        #expect(output.status == 0, "stderr: \(output.stderr)")
        for id in Self.shipped {
            for ext in ["txt", "md", "json"] {
                let actual = try Data(contentsOf: out.appendingPathComponent("report-\(id).\(ext)"))
                try Golden.assert(actual, named: "reports/report-\(id).\(ext)", in: RunTests.snapshots)
            }
        }
        try Golden.assert(try Data(contentsOf: out.appendingPathComponent("report-county-ic13-430681.txt")),
                          named: "reports/report-county-ic13-430681.txt", in: RunTests.snapshots)
        let midterm = try String(contentsOf: out.appendingPathComponent("report-midterm-2023.txt"), encoding: .utf8)
        #expect(midterm.contains("中期评估") && midterm.contains("数据截至2023年") && midterm.contains("19项指标没有可用的公开统计数据"))
        #expect(!midterm.contains("Indicator results"), "a zh report carries no English headings")
        let county = try String(contentsOf: out.appendingPathComponent("report-county-ic13.txt"), encoding: .utf8)
        #expect(county.contains("汨罗市 / Miluo") && county.contains("没有可用的公开统计数据") && county.contains("no usable published figure"))
    }

    /// `template:` with the shipped default templates: the pages come from Mustache, every value of the
    /// document in them; a golden of the Markdown page.
    @Test func theDefaultTemplatesRenderTheReport() async throws {
        let templates = "\(Self.root)/Reports/templates"
        let dir = try project(definitions: ["midterm.yaml": """
            id: midterm
            title: {zh: 中期评估}
            indicators: [K01-K26]
            as_of: 2023
            language: zh
            template: [\(templates)/default.html.mustache, \(templates)/default.md.mustache]
            """])
        let output = try await run(["run", "--config", "planwatch.yaml", "--report", "midterm", "--format", "html,md,text", "--quiet"], in: dir)
        #expect(output.status == 0, "stderr: \(output.stderr)")
        let html = try String(contentsOf: dir.appendingPathComponent("out/report-midterm.html"), encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("<caption>主要指标完成情况</caption>") && !html.contains("{{"))
        #expect(html.contains("<td class=\" missing\">数据不足</td>"), "missing figures keep their label and class")
        let md = try Data(contentsOf: dir.appendingPathComponent("out/report-midterm.md"))
        try Golden.assert(md, named: "reports/template-midterm.md", in: RunTests.snapshots)
        // The text page is the built-in renderer's: a template replaces only its own format.
        let text = try String(contentsOf: dir.appendingPathComponent("out/report-midterm.txt"), encoding: .utf8)
        #expect(text.contains("===="))
    }

    @Test func validateLocatesATemplateError() async throws {
        let dir = try project(definitions: [
            "t.yaml": """
            id: t
            title: {zh: 测试, en: Test}
            indicators: [K21]
            template: [page.html.mustache, page.txt, missing.md]
            """,
            "page.html.mustache": "<h1>{{title.text}}</h1>\n{{#sections}}\n<h2>{{title.text}}</h2>\n",
        ])
        let output = try await run(["validate", "--config", "planwatch.yaml"], in: dir)
        #expect(output.status == 2)
        for expected in [
            "reports/page.html.mustache:4:1: error: template: Mustache template: expectedSectionEnd (used by reports/t.yaml:4)",
            "reports/t.yaml:4:11: error: template: template 'page.txt' must end in .html or .md",
            "reports/t.yaml:4:11: error: template: cannot read the template reports/missing.md",
        ] {
            #expect(output.stderr.contains(expected), "missing «\(expected)» in:\n\(output.stderr)")
        }
    }

    /// `for_each: region`: one report per county, named by its code whatever the data; a county
    /// without figures gets a report that says so; a county's own figure (region code on the row) is
    /// assessed against its own target and ranked in the comparison.
    @Test func fanOutPerCountyWithStableNames() async throws {
        let codes = ["430621", "430623", "430624", "430626", "430681", "430682"]
        let plain = try project()
        let withData = try project(extra: """
            IC13.gdp-miluo,430681,2023,560,亿元,Miluo bulletin
            IC13.gdp-linxiang,430682,2023,400,亿元,Linxiang bulletin

            """)
        for dir in [plain, withData] {
            let output = try await run(["run", "--config", "planwatch.yaml", "--report", "county-ic13", "--format", "text,md", "--quiet"], in: dir)
            #expect(output.status == 0, "stderr: \(output.stderr)")
            let files = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("out").path).filter { $0.hasSuffix(".txt") }.sorted()
            #expect(files == (codes.map { "report-county-ic13-\($0).txt" } + ["report-county-ic13.txt"]).sorted(), "\(files)")
        }
        func page(_ dir: URL, _ name: String) throws -> String {
            try String(contentsOf: dir.appendingPathComponent("out/\(name)"), encoding: .utf8)
        }
        #expect(try page(plain, "report-county-ic13-430681.txt").contains("汨罗市的3项目标尚无任何公开数据"))
        let miluo = try page(withData, "report-county-ic13-430681.txt")
        #expect(!miluo.contains("尚无任何公开数据") && miluo.contains("560"), "\(miluo)")
        #expect(try page(withData, "report-county-ic13-430623.txt").contains("华容县的3项目标尚无任何公开数据"))
        // The comparison: Miluo 560 of 700 (80.0%) ranks first, Linxiang 400 of 500 (80.0%) second, on
        // 2023 (one Markdown row per county, whatever the text layout's width).
        let comparison = try page(withData, "report-county-ic13.md")
        #expect(comparison.contains("IC13.gdp 地区生产总值（亿元），排名按2023年"))
        let miluoRow = try #require(comparison.split(separator: "\n").first { $0.hasPrefix("| 汨罗市") })
        #expect(miluoRow.contains("| 560 |") && miluoRow.contains("| 80.0 |") && miluoRow.contains("| 1 |"), "\(miluoRow)")
        let linxiangRow = try #require(comparison.split(separator: "\n").first { $0.hasPrefix("| 临湘市") })
        #expect(linxiangRow.contains("| 400 |") && linxiangRow.contains("| 2 |"), "\(linxiangRow)")
    }

    /// A district with no target of its own but its own figure for a city-wide target gets a page,
    /// judged against the city's target; a district with neither gets none; the city report does not
    /// take the district's figure.
    @Test func fanOutIncludesRegionsWithFigures() async throws {
        let dir = try project(definitions: ["air.yaml": """
            id: air
            title: {zh: 空气质量, en: Air quality}
            indicators: [K21, IC13]
            for_each: region
            sections: [indicators, missing]
            """], extra: "K21,430602,2022,95.5,%,District bulletin\n")
        let output = try await run(["run", "--config", "planwatch.yaml", "--report", "air", "--format", "text", "--quiet"], in: dir)
        #expect(output.status == 0, "stderr: \(output.stderr)")
        #expect(!output.stderr.contains("other regions"), "a district figure used by a fanned-out report is not warned about: \(output.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("out").path).filter { $0.hasSuffix(".txt") }.sorted()
        #expect(files == ["report-air-430602.txt", "report-air-430621.txt", "report-air-430623.txt", "report-air-430624.txt",
                          "report-air-430626.txt", "report-air-430681.txt", "report-air-430682.txt", "report-air.txt"], "\(files)")
        let district = try String(contentsOf: dir.appendingPathComponent("out/report-air-430602.txt"), encoding: .utf8)
        #expect(district.contains("K21没有分县（市、区）目标") && district.contains("岳阳楼区") && district.contains("95.5") && district.contains("K21") && !district.contains("IC13"))
        let city = try String(contentsOf: dir.appendingPathComponent("out/report-air.txt"), encoding: .utf8)
        #expect(!city.contains("95.5"), "the city's K21 is the city's figure, not the district's")
    }
}
