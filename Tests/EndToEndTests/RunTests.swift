import Foundation
import PlanWatchTestSupport
import Testing

/// `planwatch run` on the bundled Yueyang plan: the README's first command, checked as a reader would.
@Suite struct RunTests {
    static let fixedDate = "1767225600"  // 2026-01-01T00:00:00Z
    static let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    func runBundled(_ extra: [String] = []) async throws -> (PlanWatchBinary.Output, URL) {
        let out = PlanWatchBinary.temporaryDirectory()
        let output = try await PlanWatchBinary.run(["run", "--out", out.path, "--width", "120"] + extra,
                                             environment: ["SOURCE_DATE_EPOCH": Self.fixedDate])
        return (output, out)
    }

    @Test func reportNamesEveryKeyIndicatorWithBilingualStatus() async throws {
        let (output, out) = try await runBundled()
        #expect(output.status == 0, "stderr: \(output.stderr)")
        for k in 1...26 {
            #expect(output.stdout.contains(String(format: "K%02d ", k)), "K\(k) missing from the text report")
        }
        for label in ["提前实现", "target achieved", "略有滞后", "数据不足", "no data", "待评估"] {
            #expect(output.stdout.contains(label), "\(label) missing")
        }
        // Missing data is never printed as zero: K24 (grain capacity) has no published figure. With the
        // time-share and projection columns the indicator table is laid out one block per row at 120
        // columns: the row is the lines from "K24" to the next id.
        let lines = output.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex { $0 == "K24" || $0.hasPrefix("K24 ") })
        let k24 = lines[start..<min(start + 11, lines.count)].joined(separator: "\n")
        #expect(k24.contains("数据不足") && !k24.contains(": 0\n") && !k24.contains(" 0 "), "\(k24)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path)
        for name in ["index.html", "overview.html", "industry-chains.html", "ecology.html", "livelihood.html", "safety.html",
                     "assessments.csv", "assessments.json", "manifest.json", "overview.txt", "overview.md", "overview.json"] {
            #expect(files.contains(name), "\(name) not written")
        }
        #expect(!files.contains { $0.hasPrefix(".") || $0.contains(".tmp") }, "temporary files left: \(files)")
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("manifest.json"))) as? [String: Any])
        #expect(manifest["exitCode"] as? Int == 0)
        let sources = try #require(manifest["sources"] as? [[String: Any]])
        #expect(sources.first?["id"] as? String == "yueyang-observed" && sources.first?["outcome"] as? String == "local")
        #expect((manifest["indicatorsWithoutData"] as? [String])?.contains("K24") == true)
    }

    @Test func worksFromAnyDirectory() async throws {
        let elsewhere = PlanWatchBinary.temporaryDirectory()
        let config = PlanWatchBinary.packageRoot.appendingPathComponent("Config/planwatch.yaml").path
        let out = elsewhere.appendingPathComponent("reports")
        let output = try await PlanWatchBinary.run(["run", "--config", config, "--out", out.path, "--format", "text", "--quiet"], in: elsewhere)
        #expect(output.status == 0, "stderr: \(output.stderr)")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("overview.txt").path))
    }

    /// One bad source never takes the others down: the run completes, says which source failed and
    /// where, and exits 3.
    @Test func aFailingSourceMakesThePartialExitCode() async throws {
        let dir = PlanWatchBinary.temporaryDirectory()
        let root = PlanWatchBinary.packageRoot.path
        try """
        plan: \(root)/Config/plans/yueyang-14th.yaml
        sources:
          - {id: gone, format: observations-csv, path: missing.csv}
          - {id: broken, format: observations-csv, path: broken.csv}
          - {id: good, format: observations-csv, path: \(root)/Config/data/yueyang-observed.csv}
        outputs: {dir: out, formats: [text]}
        """.write(to: dir.appendingPathComponent("planwatch.yaml"), atomically: true, encoding: .utf8)
        try "indicator,region,period,value\nK21,430600,2024,not-a-number\n".write(to: dir.appendingPathComponent("broken.csv"), atomically: true, encoding: .utf8)
        let output = try await PlanWatchBinary.run(["run", "--config", "planwatch.yaml", "--quiet"], in: dir)
        #expect(output.status == 3, "stderr: \(output.stderr)")
        #expect(output.stderr.contains("source 'gone'") && output.stderr.contains("missing.csv"))
        #expect(output.stderr.contains("source 'broken'") && output.stderr.contains("line 2, column value"))
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("out/manifest.json"))) as? [String: Any])
        let outcomes = (manifest["sources"] as? [[String: Any]] ?? []).map { "\($0["id"]!)=\($0["outcome"]!)" }
        #expect(outcomes == ["gone=failed", "broken=failed", "good=local"])
        let text = try String(contentsOf: dir.appendingPathComponent("out/overview.txt"), encoding: .utf8)
        #expect(text.contains("提前实现"), "the good source's figures are still assessed")
    }

    /// Golden files for every format on the bundled plan; re-record with PLANWATCH_RECORD=1 and
    /// review the diff.
    @Test(arguments: ["overview.txt", "overview.md", "overview.html", "overview.json", "ecology.txt", "assessments.csv", "overview.indicators.csv"])
    func bundledPlanMatchesGolden(file: String) async throws {
        let (output, out) = try await runBundled()
        #expect(output.status == 0, "stderr: \(output.stderr)")
        let actual = try Data(contentsOf: out.appendingPathComponent(file))
        try Golden.assert(actual, named: "bundled/\(file)", in: Self.snapshots)
    }

    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].contains { FileManager.default.isExecutableFile(atPath: $0) }

    /// The bundled plan's HTML reports in a real browser: no console error, no blank page, at desktop
    /// and A4 size (Scripts/screenshot.sh). Runs when Chromium is installed (CI installs it).
    // The limit only guards against a hung browser: 18 Chromium starts on a loaded two-core machine
    // took more than 5 minutes once.
    @Test(.enabled(if: chromium), .timeLimit(.minutes(20)))
    func bundledReportsRenderInABrowser() async throws {
        let (output, out) = try await runBundled(["--format", "html", "--quiet"])
        #expect(output.status == 0, "stderr: \(output.stderr)")
        let pages = ["index", "overview", "industry-chains", "ecology", "livelihood", "safety"].map { out.appendingPathComponent("\($0).html").path }
        let shot = try await ChildProcess.run(URL(fileURLWithPath: "/bin/bash"),
            [PlanWatchBinary.packageRoot.appendingPathComponent("Scripts/screenshot.sh").path, "-o", out.appendingPathComponent("png").path] + pages)
        #expect(shot.status == 0, "\(shot.combined)")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("png/ecology.desktop.png").path))
        try await checkPrintedOverview(out.appendingPathComponent("png/overview.pdf"))
    }

    /// The overview printed to A4 by Chromium (screenshot.sh writes the PDF when poppler is there).
    ///
    /// Page bound: the 26-row indicator table with rows of at most three or four lines takes about
    /// 2.5 pages, the six charts two to a page 3, the domain table and notes 4: 10 pages; the derived
    /// K07 with its inputs and the K22 measure note add a page: 11; the time-share and projection
    /// columns every module must state (issue 10) lengthen the indicator rows by a page: 12. Before the print table was laid
    /// out from its content, names wrapped to six to eight lines and the report, with less in it,
    /// took 12. Issue 13 added two: the 背景数据 / context figures section (52 curated x. figures of the
    /// bundled data, their source lines shared by series: about 1.5 pages) and source lines that name
    /// the indicator they support (one per indicator and publication): 14 with the columns above; the
    /// sentence listing indicators not assessed although published (one year only) and the data-problems
    /// section: 15. A new section that adds pages must raise this bound with its reason. Nothing may be clipped: every word lies inside the page's 12 mm right margin.
    func checkPrintedOverview(_ pdf: URL) async throws {
        let tools = ["/usr/bin/pdfinfo", "/usr/bin/pdftotext"]
        guard FileManager.default.fileExists(atPath: pdf.path), tools.allSatisfy(FileManager.default.isExecutableFile) else {
            print("notice: no printed overview or no poppler-utils (pdfinfo, pdftotext); print layout not checked")
            return
        }
        let info = try await ChildProcess.run(URL(fileURLWithPath: tools[0]), [pdf.path])
        let pages = info.stdout.split(separator: "\n").first { $0.hasPrefix("Pages:") }
            .flatMap { Int($0.dropFirst("Pages:".count).trimmingCharacters(in: .whitespaces)) }
        let count = try #require(pages, "\(info.combined)")
        #expect(count <= 15, "the printed overview takes \(count) A4 pages")
        let boxes = pdf.deletingPathExtension().appendingPathExtension("bbox.html")
        let text = try await ChildProcess.run(URL(fileURLWithPath: tools[1]), ["-bbox", pdf.path, boxes.path])
        #expect(text.status == 0, "\(text.combined)")
        let html = try String(contentsOf: boxes, encoding: .utf8)
        let pageWidth = try #require(Self.attribute("width", in: html.components(separatedBy: "<page ").dropFirst().first ?? ""))
        let words = html.components(separatedBy: "<word ").dropFirst()
        #expect(words.count > 500, "too little text in the printed overview")
        let rightEdge = pageWidth - 12 / 25.4 * 72 + 1  // 12 mm margin, 1 pt for rounding
        let outside = words.filter { (Self.attribute("xMax", in: $0) ?? 0) > rightEdge }
        #expect(outside.isEmpty, "clipped at the right edge: \(outside.prefix(5).map { $0.prefix(80) })")
        #expect(words.contains { $0.contains(">Progress<") }, "the progress column is missing from the print")
    }

    static func attribute(_ name: String, in tag: some StringProtocol) -> Double? {
        guard let range = tag.range(of: "\(name)=\"") else { return nil }
        return Double(tag[range.upperBound...].prefix { $0 != "\"" })
    }
}

/// What the user review found, kept fixed.
@Suite struct RunEdgeTests {
    static let root = PlanWatchBinary.packageRoot.path

    /// `planwatch run | head` must still write every report: files come before the terminal text.
    @Test func aClosedPipeDoesNotCostTheReports() async throws {
        let out = PlanWatchBinary.temporaryDirectory().appendingPathComponent("o")
        let shell = try await ChildProcess.run(URL(fileURLWithPath: "/bin/bash"), [
            "-c", "'\(PlanWatchBinary.executable.path)' run --out '\(out.path)' | head -c 10 >/dev/null; echo \"status ${PIPESTATUS[0]}\"",
        ], in: PlanWatchBinary.packageRoot)
        #expect(shell.stdout.contains("status 0"), "\(shell.combined)")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("manifest.json").path))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("index.html").path))
    }

    func project(data: String, mapping: String = "", header: String = "indicator,region,period,value,unit",
                 formats: String = "text", more: String = "") throws -> URL {
        let dir = PlanWatchBinary.temporaryDirectory()
        try """
        plan: \(Self.root)/Config/plans/yueyang-14th.yaml
        sources:
          - {id: curated, format: observations-csv, path: data.csv\(mapping)}
        outputs: {dir: out, formats: [\(formats)]}
        \(more)
        """.write(to: dir.appendingPathComponent("planwatch.yaml"), atomically: true, encoding: .utf8)
        try (header + "\n" + data).write(to: dir.appendingPathComponent("data.csv"), atomically: true, encoding: .utf8)
        return dir
    }

    /// "62,1" is a decimal comma, not 621: an error naming the cell, never a wrong figure.
    @Test func aDecimalCommaIsAnErrorNotAWrongNumber() async throws {
        let dir = try project(data: "K08,430600,2022,\"62,1\",%\n")
        let output = try await PlanWatchBinary.run(["run", "--config", "planwatch.yaml", "--quiet"], in: dir)
        #expect(output.status == 3)
        #expect(output.stderr.contains("line 2, column value") && output.stderr.contains("'62,1' is not a number"), "\(output.stderr)")
    }

    @Test func figuresForAnotherRegionOrUnitAreWarned() async throws {
        let dir = try project(data: "K08,999999,2022,62.1,%\nK21,430600,2024,87.7,万人\n")
        let output = try await PlanWatchBinary.run(["run", "--config", "planwatch.yaml", "--quiet"], in: dir)
        #expect(output.status == 3, "a figure that cannot be used makes the run partial")
        #expect(output.stderr.contains("plan series K08 (only 999999) got figures only for other regions than the plan region 430600"), "\(output.stderr)")
        #expect(output.stderr.contains("series K21 arrives in '万人' but the plan measures it in '%'"), "\(output.stderr)")
    }

    @Test func validateRefusesAMappingToASeriesThePlanLacks() async throws {
        let dir = try project(data: "", mapping: ", mapping: {codes: {A0D0101: K99}}")
        let output = try await PlanWatchBinary.run(["validate", "--config", "planwatch.yaml"], in: dir)
        #expect(output.status == 2)
        #expect(output.stderr.contains("mapping.codes.A0D0101: 'K99' is not a series of plan yueyang-14th"), "\(output.stderr)")
    }

    /// The same mistake fails `run` the same way (it used to warn and exit 0), with the closest ids.
    @Test func runRefusesAMappingToASeriesThePlanLacksLikeValidate() async throws {
        let dir = try project(data: "", mapping: ", mapping: {codes: {A0D0101: K8}}")
        for command in [["run", "--quiet"], ["indicators"], ["fetch"]] {
            let output = try await PlanWatchBinary.run(command + ["--config", "planwatch.yaml"], in: dir)
            #expect(output.status == 2, "\(command): \(output.stderr)")
            #expect(output.stderr.contains("mapping.codes.A0D0101: 'K8' is not a series of plan yueyang-14th (did you mean K08"), "\(output.stderr)")
        }
    }

    /// Two different figures for one series and year used to give 数据不足 with exit 0 (the reason only
    /// in --json); now both figures are named with their source and unit, and the run exits 3.
    @Test func conflictingFiguresForOneYearAreAProblemNotNoData() async throws {
        let dir = try project(data: "K08,430600,2022,62.1,%\nK08,430600,2022,61.5,%\n")
        for command in [["run", "--quiet"], ["indicators"]] {
            let output = try await PlanWatchBinary.run(command + ["--config", "planwatch.yaml"], in: dir)
            #expect(output.status == 3, "\(command): \(output.stderr)")
            #expect(output.stderr.contains("series K08 has 2 different figures for 2022: 62.1 % from source 'curated'") && output.stderr.contains("61.5 %"),
                    "\(output.stderr)")
        }
    }

    /// A bulk file with hundreds of figures for one series and year made one problem naming each of
    /// them (3.5 MB on stderr, in manifest.json and in the overview for a million rows): the first five
    /// are named, the rest counted.
    @Test func manyConflictingFiguresNameTheFirstFiveAndCountTheRest() async throws {
        let rows = (1...8).map { "K08,430600,2022,\(60 + $0).5,%\n" }.joined()
        let dir = try project(data: rows)
        let output = try await PlanWatchBinary.run(["run", "--quiet", "--config", "planwatch.yaml", "--out", "out"], in: dir)
        #expect(output.status == 3, "\(output.stderr)")
        let lines = output.stderr.split(separator: "\n").filter { $0.contains("series K08 has 8 different figures for 2022: 61.5 % from source 'curated'") }
        #expect(lines.count == 1, "\(output.stderr)")
        #expect(lines.first?.contains("65.5 % from source 'curated'") == true && lines.first?.contains("66.5") == false, "\(output.stderr)")
        #expect(lines.first?.contains("; and 3 more; it is not assessed") == true, "\(output.stderr)")
        let manifest = try String(contentsOf: dir.appendingPathComponent("out/manifest.json"), encoding: .utf8)
        #expect(manifest.contains("and 3 more") && !manifest.contains("68.5"), "the manifest says the same")
    }

    /// The red-team trigger, scaled down: many rows of a few series over 26 years, mixed number shapes,
    /// duplicates and empty cells. Each series and year gave one line listing every row (254 KB lines,
    /// 25 MB of stderr and manifest for a million rows); now one short line with the count of different
    /// figures, the rows, the first few figures with their source line, and the fix, in stderr and
    /// manifest.json alike.
    @Test func manyDifferentFiguresForOneYearAreSummarised() async throws {
        var rows = ""
        let shapes = ["\"12,345.6\"", "1.5e3", " 7 ", "-0.7609", "0.51", "", "94573"]
        var n = 0
        for year in 2000...2025 {
            for series in ["K01", "K02", "K23", "IC07", "LV01.a", "x.gdp-level"] {
                for i in 0..<40 {
                    n += 1
                    // Every fourth row repeats a figure; the others are all different.
                    let value = i % 4 == 0 ? shapes[i % shapes.count] : "\(n).\(i)"
                    rows += "\(series),430600,\(year),\(value),%,\(value.isEmpty ? "z" : "")\n"
                }
            }
        }
        let dir = try project(data: rows, header: "indicator,region,period,value,unit,status", formats: "text, json")
        let output = try await PlanWatchBinary.run(["run", "--config", "planwatch.yaml", "--quiet"], in: dir)
        #expect(output.status == 3, "\(output.stderr)")
        let clashes = output.stderr.split(separator: "\n").filter { $0.contains(" different figures for ") }
        for series in ["K01", "K02", "K23", "IC07"] {
            #expect(clashes.filter { $0.contains("series \(series) has ") }.count == 26, "one line per plan series and year: \(series)")
        }
        #expect(clashes.allSatisfy { $0.count < 1_000 }, "\(clashes.map(\.count).max() ?? 0) characters")
        // Rows of K01 for 2000 are lines 2-41: 39 with a figure (row i 12 is empty), the first "12,345.6".
        let k01 = try #require(clashes.first { $0.contains("series K01 has ") && $0.contains(" for 2000 ") })
        #expect(k01.contains("different figures for 2000 in 39 rows: 12345.6 % from source 'curated' (") && k01.contains("data.csv:2); "), "\(k01)")
        #expect(k01.contains("; and ") && k01.contains(" more; it is not assessed; keep one figure per year"), "\(k01)")
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("out/manifest.json"))) as? [String: Any])
        let problems = try #require(manifest["problems"] as? [String])
        #expect(problems.contains(String(k01.dropFirst("warning: ".count))), "the manifest says what stderr says")
    }

    /// The red-team trigger (a million rows of ids zz-N), smaller: the run exited 0 and the manifest
    /// said "observations 1000000, warnings []" for a source that gave the plan nothing. Now it is the
    /// source's problem: stderr, its manifest entry, exit 3. A source with no row at all says so too.
    @Test func aSourceThatYieldsNothingForThePlanIsAProblem() async throws {
        let dir = try project(data: (0..<2_000).map { "zz-\($0),430600,2023,\(Double($0) + 0.5),%\n" }.joined())
        try "indicator,region,period,value,unit\n".write(to: dir.appendingPathComponent("empty.csv"), atomically: true, encoding: .utf8)
        try """
        plan: \(Self.root)/Config/plans/yueyang-14th.yaml
        sources:
          - {id: curated, format: observations-csv, path: data.csv}
          - {id: empty, format: observations-csv, path: empty.csv}
        outputs: {dir: out, formats: [text]}
        """.write(to: dir.appendingPathComponent("planwatch.yaml"), atomically: true, encoding: .utf8)
        let output = try await PlanWatchBinary.run(["run", "--config", "planwatch.yaml", "--quiet"], in: dir)
        #expect(output.status == 3, "\(output.stderr)")
        #expect(output.stderr.contains("warning: source 'curated': none of its 2000 rows is for plan yueyang-14th, so it yields nothing for the plan: 2000 indicator id(s) not in the plan: 'zz-0' (1), 'zz-1' (1)"), "\(output.stderr)")
        #expect(output.stderr.contains("warning: source 'empty': the source answered but yields no figures"), "\(output.stderr)")
        #expect(output.stderr.split(separator: "\n").count < 10, "one line per source, not per row")
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("out/manifest.json"))) as? [String: Any])
        let sources = try #require(manifest["sources"] as? [[String: Any]])
        for (id, text) in [("curated", "none of its 2000 rows is for plan"), ("empty", "yields no figures")] {
            let entry = try #require(sources.first { $0["id"] as? String == id })
            #expect((entry["problems"] as? [String])?.contains { $0.contains(text) } == true, "\(entry)")
        }
        #expect(manifest["exitCode"] as? Int == 3)
    }

    /// Red-team m3: figures of 1e300 gave `R=inf`, `inf%` in txt/md/html, `inf` in `assess`, and K09
    /// (two growth rates of 1e300 %) was rated target_achieved. An overflowing result is not_available
    /// with the reason, everywhere.
    @Test func overflowingResultsAreNotAssessedAndNeverPrintedAsInf() async throws {
        let dir = try project(data: """
            IC07,430600,2021,1e-300,%
            IC07,430600,2023,1e300,%
            K08,430600,2021,1e308,%
            K08,430600,2023,-1e308,%
            K09,430600,2021,1e300,%
            K09,430600,2023,1e300,%

            """, formats: "text, md, html, json")
        let output = try await PlanWatchBinary.run(["run", "--config", "planwatch.yaml"], in: dir)
        #expect(output.status == 0 || output.status == 3, "\(output.stderr)")
        let inf = try NSRegularExpression(pattern: "(?<![A-Za-z])-?inf(?![A-Za-z])")
        // Each `inf` with the 30 characters before it, to show where it stands.
        func infinities(_ text: String) -> [String] {
            let whole = text as NSString
            var found: [String] = []
            for match in inf.matches(in: text, range: NSRange(location: 0, length: whole.length)) {
                let start = max(0, match.range.location - 30)
                found.append(whole.substring(with: NSRange(location: start, length: match.range.location + match.range.length - start)))
            }
            return found
        }
        #expect(infinities(output.stdout).isEmpty, "\(infinities(output.stdout))")
        let out = dir.appendingPathComponent("out")
        for name in try FileManager.default.contentsOfDirectory(atPath: out.path) where [".txt", ".md", ".html"].contains(where: name.hasSuffix) {
            let text = try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
            #expect(infinities(text).isEmpty, "\(name): \(infinities(text))")
        }
        let list = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("assessments.json"))) as? [[String: Any]])
        for id in ["K09", "IC07"] {
            let a = try #require(list.first { $0["indicatorID"] as? String == id })
            #expect(a["status"] as? String == "not_available", "\(id): \(a["status"] ?? "")")
            #expect((a["warnings"] as? [String])?.contains { $0.contains("too large or too small to compute with") } == true, "\(id)")
        }
        // `assess` on a row whose growth overflows: not_available with the reason, no inf.
        try """
            series,base_year,base_value,current_year,current_value,target,target_year,direction,limit
            big,2020,1e-300,2023,1e300,2,2025,1,

            """.write(to: dir.appendingPathComponent("rows.csv"), atomically: true, encoding: .utf8)
        let assess = try await PlanWatchBinary.run(["assess", "--input", "rows.csv"], in: dir)
        #expect(assess.status == 0, "\(assess.stderr)")
        #expect(infinities(assess.stdout).isEmpty && assess.stdout.contains("not_available") && assess.stdout.contains("too large or too small"),
                "\(assess.stdout)")
    }

    /// Red-team m2: a status-only cell (status c, no value) read 保密 in the yearly tables of txt, md and
    /// html, but was empty in <module>.yearly.csv. The per-table CSV carries what the table shows.
    @Test func aConfidentialCellReadsTheSameInTheTableCSV() async throws {
        let dir = try project(data: "K23,430600,2021,45.3,%,\nK23,430600,2023,,%,c\n", header: "indicator,region,period,value,unit,status",
                              formats: "text, csv", more: "modules: [ecology]")
        let output = try await PlanWatchBinary.run(["run", "--config", "planwatch.yaml", "--quiet"], in: dir)
        #expect(output.status == 0 || output.status == 3, "\(output.stderr)")
        let out = dir.appendingPathComponent("out")
        let yearly = try String(contentsOf: out.appendingPathComponent("ecology.yearly.csv"), encoding: .utf8)
        let row = try #require(yearly.split(separator: "\r\n").first { $0.hasPrefix("K23,") }, "\(yearly)")
        #expect(row.contains("保密 / confidential"), "\(row)")
        let text = try String(contentsOf: out.appendingPathComponent("ecology.txt"), encoding: .utf8)
        #expect(text.contains("保密 / confidential"))
    }

    /// Red-team m5: `run --format text` into a folder holding a full run left the previous run's HTML,
    /// CSV and index beside a manifest listing only this run's files. Files the previous manifest listed
    /// that this run did not write are removed, and said; nothing else in the folder is touched.
    @Test func aNarrowerRunRemovesThePreviousRunsOtherFiles() async throws {
        let dir = try project(data: "K08,430600,2022,62.1,%\n", formats: "text, csv, html")
        let full = try await PlanWatchBinary.run(["run", "--config", "planwatch.yaml", "--quiet"], in: dir)
        #expect(full.status == 0, "\(full.stderr)")
        let out = dir.appendingPathComponent("out")
        try "mine".write(to: out.appendingPathComponent("notes.html"), atomically: true, encoding: .utf8)
        let before = try FileManager.default.contentsOfDirectory(atPath: out.path)
        #expect(before.contains("index.html") && before.contains { $0.hasSuffix(".csv") })
        let text = try await PlanWatchBinary.run(["run", "--config", "planwatch.yaml", "--quiet", "--format", "text"], in: dir)
        #expect(text.status == 0, "\(text.stderr)")
        let after = Set(try FileManager.default.contentsOfDirectory(atPath: out.path))
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("manifest.json"))) as? [String: Any])
        let outputs = Set(try #require(manifest["outputs"] as? [String]))
        #expect(after == outputs.union(["notes.html"]), "left: \(after.subtracting(outputs))")
        let removed = before.filter { !after.contains($0) }.count
        #expect(removed > 10 && text.stderr.contains("removed \(removed) files of the previous run that this run did not write: "), "\(text.stderr)")
        #expect(try String(contentsOf: out.appendingPathComponent("notes.html"), encoding: .utf8) == "mine")
    }

    @Test func anOutputPathThatIsAFileIsSaidPlainly() async throws {
        let file = PlanWatchBinary.temporaryDirectory().appendingPathComponent("out")
        try Data("x".utf8).write(to: file)
        let output = try await PlanWatchBinary.run(["run", "--quiet", "--out", file.path])
        #expect(output.status == 1)
        #expect(output.stderr.contains("the output path is a file, not a folder") && !output.stderr.contains("NSCocoaErrorDomain"), "\(output.stderr)")
    }

    @Test func anEmptyFormatListIsAUsageError() async throws {
        let output = try await PlanWatchBinary.run(["run", "--format", "", "--out", PlanWatchBinary.temporaryDirectory().path])
        #expect(output.status == 2 && output.stderr.contains("--format"))
    }
}
