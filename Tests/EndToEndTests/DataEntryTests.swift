import CXLSXWriter
import Foundation
import PlanWatchTestSupport
import Testing

/// Template → filled → import → assessed, through the built binary, on a copy of the bundled data.
@Suite(.serialized) struct DataEntryTests {
    let root = PlanWatchBinary.packageRoot

    /// A folder with a config on the bundled plan and a copy of the observations file.
    func workspace() throws -> URL {
        let dir = PlanWatchBinary.temporaryDirectory()
        try FileManager.default.copyItem(at: root.appendingPathComponent("Config/data/yueyang-observed.csv"),
                                         to: dir.appendingPathComponent("observed.csv"))
        try """
        plan: \(root.appendingPathComponent("Config/plans/yueyang-14th.yaml").path)
        sources:
          - {id: yueyang-observed, format: observations-csv, path: observed.csv}
        outputs: {dir: out, formats: [md]}
        """.write(to: dir.appendingPathComponent("planwatch.yaml"), atomically: true, encoding: .utf8)
        return dir
    }

    func run(_ arguments: [String], in dir: URL) async throws -> PlanWatchBinary.Output {
        try await PlanWatchBinary.run(arguments + ["--config", "planwatch.yaml"], in: dir)
    }

    /// The template CSV as rows of fields (it is simple: the test's own quoting is enough for reading
    /// back what it needs, ids and years; quoted fields are kept whole).
    func csvRows(_ url: URL) throws -> [[String]] {
        var text = try String(contentsOf: url, encoding: .utf8)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        var rows: [[String]] = [], field = "", row: [String] = [], quoted = false
        var chars = Array(text)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" { if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { quoted = false } } else { field.append(c) }
            } else if c == "\"" { quoted = true
            } else if c == "," { row.append(field); field = ""
            } else if c == "\n" || c == "\r\n" { row.append(field); rows.append(row); row = []; field = ""
            } else if c != "\r" { field.append(c) }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }

    func writeCSV(_ rows: [[String]], to url: URL) throws {
        let text = rows.map { $0.map { $0.contains(",") || $0.contains("\"") ? "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : $0 }.joined(separator: ",") }.joined(separator: "\r\n")
        try (Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8)).write(to: url)
    }

    /// Fills the value, status, source and submitter of the row for `series` and `year`.
    func fill(_ rows: inout [[String]], _ series: String, _ year: Int, _ value: String, status: String = "final") throws {
        let i = try #require(rows.firstIndex { $0.first == series && $0.count > 2 && $0[2] == String(year) }, "no template row \(series) \(year)")
        rows[i][7] = value
        rows[i][8] = status
        rows[i][9] = "岳阳市卫生健康委员会 2022年卫生统计年报"
        rows[i][10] = "https://wjw.yueyang.gov.cn/example"
        rows[i][12] = "张三"
    }

    func indicators(in dir: URL) async throws -> [String: [String: Any]] {
        let output = try await run(["indicators", "--json"], in: dir)
        #expect(output.status == 0, "stderr: \(output.stderr)")
        let list = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]])
        return Dictionary(list.compactMap { r in (r["id"] as? String).map { ($0, r) } }, uniquingKeysWith: { a, _ in a })
    }

    func observations(_ records: [String: [String: Any]], _ id: String) -> [[String: Any]] {
        ((records[id]?["assessment"] as? [String: Any])?["observations"] as? [[String: Any]]) ?? []
    }

    @Test func csvTemplateFilledAndImportedShowsInTheAssessment() async throws {
        let dir = try workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        let made = try await run(["template", "--module", "livelihood", "--out", "t.csv"], in: dir)
        #expect(made.status == 0, "stderr: \(made.stderr)")
        let data = try Data(contentsOf: dir.appendingPathComponent("t.csv"))
        #expect(data.starts(with: [0xEF, 0xBB, 0xBF]), "UTF-8 with BOM for Excel")
        var rows = try csvRows(dir.appendingPathComponent("t.csv"))
        #expect(rows[0][7] == "value / 数值")
        // K13 2022 is missing in the bundled data; K15 is derived, so the template asks for its input.
        #expect(!rows.contains { $0.first == "K15" })
        try fill(&rows, "K13", 2022, "4.8")
        try fill(&rows, "x.physicians", 2022, "13000", status: "provisional")
        try writeCSV(rows, to: dir.appendingPathComponent("t.csv"))
        let imported = try await run(["import", "t.csv"], in: dir)
        #expect(imported.status == 0, "stderr: \(imported.stderr)")
        #expect(imported.stdout.contains("added 2"))

        let records = try await indicators(in: dir)
        let k13 = try #require(observations(records, "K13").first { $0["period"] as? String == "2022" })
        #expect(k13["value"] as? Double == 4.8)
        let note = try #require((k13["provenance"] as? [String: Any])?["note"] as? String)
        #expect(note.contains("submitted by 张三") && note.contains("from t.csv") && note.contains("sha256 "))
        // K15 = physicians / (population × 10): 13000 / 5017.5, provisional from both inputs.
        let k15 = try #require(observations(records, "K15").first { $0["period"] as? String == "2022" })
        #expect(abs((k15["value"] as? Double ?? 0) - 13000 / (501.75 * 10)) < 1e-9)
        #expect(k15["status"] as? String == "p")
        let inputs = ((k15["provenance"] as? [String: Any])?["inputs"] as? [[String: Any]])?.compactMap { $0["indicator"] as? String }
        #expect(inputs == ["x.physicians", "x.population"])

        // The next run reports it.
        let report = try await run(["run", "--out", "out", "--format", "md", "--quiet"], in: dir)
        #expect(report.status == 0, "stderr: \(report.stderr)")
        let md = try FileManager.default.subpathsOfDirectory(atPath: dir.appendingPathComponent("out").path).first { $0.hasSuffix("livelihood.md") }
        let text = try String(contentsOf: dir.appendingPathComponent("out").appendingPathComponent(try #require(md)), encoding: .utf8)
        #expect(text.contains("岳阳市卫生健康委员会 2022年卫生统计年报"))
    }

    @Test func oneBadCellWritesNothingAndNamesTheCell() async throws {
        let dir = try workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try await run(["template", "--indicators", "K13", "--years", "2021-2023", "--out", "t.csv"], in: dir)
        var rows = try csvRows(dir.appendingPathComponent("t.csv"))
        try fill(&rows, "K13", 2021, "5.1")
        try fill(&rows, "K13", 2022, "4,8")
        try writeCSV(rows, to: dir.appendingPathComponent("t.csv"))
        let before = try Data(contentsOf: dir.appendingPathComponent("observed.csv"))
        let imported = try await run(["import", "t.csv"], in: dir)
        #expect(imported.status == 1)
        let row = try #require(rows.firstIndex { $0.first == "K13" && $0[2] == "2022" }) + 1
        #expect(imported.stderr.contains("t!H\(row): error: '4,8' is not a number"), "stderr: \(imported.stderr)")
        #expect(imported.stderr.contains("nothing was written"))
        #expect(try Data(contentsOf: dir.appendingPathComponent("observed.csv")) == before)
    }

    @Test func aConflictingFigureIsRefusedUnlessRevised() async throws {
        let dir = try workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try await run(["template", "--indicators", "K13", "--years", "2022-2022", "--out", "t.csv"], in: dir)
        let template = try csvRows(dir.appendingPathComponent("t.csv"))
        var rows = template
        try fill(&rows, "K13", 2022, "4.8")
        try writeCSV(rows, to: dir.appendingPathComponent("t.csv"))
        #expect(try await run(["import", "t.csv"], in: dir).status == 0)
        rows = template
        try fill(&rows, "K13", 2022, "4.9")
        try writeCSV(rows, to: dir.appendingPathComponent("t2.csv"))
        let before = try Data(contentsOf: dir.appendingPathComponent("observed.csv"))
        let refused = try await run(["import", "t2.csv"], in: dir)
        #expect(refused.status == 1 && refused.stderr.contains("already holds 4.8") && refused.stderr.contains("--revise"))
        #expect(try Data(contentsOf: dir.appendingPathComponent("observed.csv")) == before)
        let revised = try await run(["import", "t2.csv", "--revise"], in: dir)
        #expect(revised.status == 0, "stderr: \(revised.stderr)")
        let text = try String(contentsOf: dir.appendingPathComponent("observed.csv"), encoding: .utf8)
        #expect(text.contains("superseded") && text.contains("was 4.8") && text.contains("revises 4.8"))
        let k13 = observations(try await indicators(in: dir), "K13").filter { $0["period"] as? String == "2022" }
        #expect(k13.compactMap { $0["value"] as? Double } == [4.9])
    }

    /// A workbook filled through libxlsxwriter (numbers as numbers, text as shared strings) reads back.
    @Test func filledWorkbookImports() async throws {
        let dir = try workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("filled.xlsx")
        let workbook = try #require(workbook_new(file.path))
        _ = workbook_add_worksheet(workbook, "Guide")
        let sheet = workbook_add_worksheet(workbook, "Entry")
        let header = ["series / 指标编号", "region / 地区代码", "year / 年份", "name_zh / 指标名称", "name_en / English name", "unit / 单位",
                      "target / 规划目标", "value / 数值", "status / 状态", "source_title / 来源名称", "source_url / 来源网址",
                      "note / 原文摘录或说明", "submitted_by / 填报人"]
        for (c, h) in header.enumerated() { worksheet_write_string(sheet, 0, lxw_col_t(c), h, nil) }
        let cells = ["K13", "430600", "", "城镇调查失业率", "", "%", "", "", "final", "岳阳市人社局 2022年统计快报", "", "城镇调查失业率4.9%", "李四"]
        for (c, v) in cells.enumerated() where !v.isEmpty { worksheet_write_string(sheet, 1, lxw_col_t(c), v, nil) }
        worksheet_write_number(sheet, 1, 2, 2022, nil)
        worksheet_write_number(sheet, 1, 7, 4.9, nil)
        #expect(workbook_close(workbook) == LXW_NO_ERROR)
        let imported = try await run(["import", "filled.xlsx"], in: dir)
        #expect(imported.status == 0, "stderr: \(imported.stderr)")
        let k13 = try #require(observations(try await indicators(in: dir), "K13").first { $0["period"] as? String == "2022" })
        #expect(k13["value"] as? Double == 4.9)
        #expect(((k13["provenance"] as? [String: Any])?["note"] as? String)?.contains("filled.xlsx Entry!H2") == true)
    }

    /// The Excel template opens in a real spreadsheet program: LibreOffice reads back the same cells as
    /// the CSV template, Chinese text and numbers included.
    @Test func xlsxTemplateReadsBackInLibreOffice() async throws {
        guard let office = ["/usr/bin/libreoffice", "/usr/bin/soffice"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            print("notice: LibreOffice not installed (Scripts/install-deps.sh --with-browser); XLSX read-back check skipped")
            return
        }
        let dir = try workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try await run(["template", "--module", "ecology", "--all", "--out", "t.xlsx"], in: dir).status == 0)
        #expect(try await run(["template", "--module", "ecology", "--all", "--out", "t.csv"], in: dir).status == 0)
        let converted = dir.appendingPathComponent("converted")
        let profile = dir.appendingPathComponent("lo-profile")
        // 76 = UTF-8; the last field -1 writes every sheet to its own file (t-Guide.csv, t-Entry.csv).
        let output = try await ChildProcess.run(URL(fileURLWithPath: office), [
            "-env:UserInstallation=file://\(profile.path)", "--headless", "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
            "--outdir", converted.path, dir.appendingPathComponent("t.xlsx").path,
        ], in: dir)
        #expect(output.status == 0, "libreoffice: \(output.combined)")
        let entry = try csvRows(converted.appendingPathComponent("t-Entry.csv"))
        let expected = try csvRows(dir.appendingPathComponent("t.csv"))
        #expect(entry.count == expected.count)
        for (a, b) in zip(entry, expected) {
            // Input columns are empty in both; compare the fixed cells.
            #expect(Array(a.prefix(7)) == Array(b.prefix(7)))
        }
        #expect(entry.contains { $0.first == "K22" && $0[3] == "地表水达到或优于Ⅲ类水体比例" && $0[2] == "2024" })
        let guide = try csvRows(converted.appendingPathComponent("t-Guide.csv"))
        #expect(guide.contains { $0.first == "K21" && $0.last?.contains("约束性") == true })
    }
}

/// `template --report ID`: the indicators of a department report definition, up to its `as_of` year.
@Suite struct ReportTemplateTests {
    @Test func aReportsTemplateAsksForItsIndicatorsUpToItsCutOff() async throws {
        let out = PlanWatchBinary.temporaryDirectory().appendingPathComponent("midterm.csv")
        let output = try await PlanWatchBinary.run(["template", "--report", "midterm-2023", "--all", "--out", out.path])
        #expect(output.status == 0, "\(output.combined)")
        // CRLF rows (one grapheme in Swift, so split on the string, not on "\n").
        let rows = try String(contentsOf: out, encoding: .utf8).components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(!rows.isEmpty)
        #expect(rows.allSatisfy { $0[0].hasPrefix("K") || $0[0].hasPrefix("x.") }, "only the report's K indicators (and the inputs of derived ones)")
        #expect(rows.allSatisfy { (Int($0[2]) ?? 9999) <= 2023 }, "nothing after the report's as_of year")
        let unknown = try await PlanWatchBinary.run(["template", "--report", "nope", "--out", out.path])
        #expect(unknown.status == 2 && unknown.stderr.contains("definitions: county-ic13, ecology-annual, midterm-2023"), "\(unknown.stderr)")
    }
}
