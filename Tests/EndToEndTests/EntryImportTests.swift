import Foundation
import PlanWatchCore
import PlanWatchEntry
import PlanWatchFeeds
import PlanWatchTestSupport
import PlanWatchText
import ReportKit
import Testing

/// The import's cell checks on the bundled plan, in process: every problem named by its cell.
@Suite struct EntryImportTests {
    static let root = PlanWatchBinary.packageRoot
    let plan = try! PlanLoader().load(file: root.appendingPathComponent("Config/plans/yueyang-14th.yaml")).plan

    func row(_ series: String, _ year: String, unit: String, value: String, status: String = "final", title: String = "统计公报") -> [String] {
        [series, "430600", year, "", "", unit, "", value, status, title, "", "", "王五"]
    }

    @Test func everyBadCellIsNamed() {
        let sheet = EntrySheet(sheetName: "Entry", rows: [
            EntryTemplate.headers,
            row("K13", "2022", unit: "%", value: "4.8"),                       // row 2: fine
            row("K13", "2019", unit: "%", value: "5.0"),                       // row 3: year before the baseline year
            row("K13", "2023", unit: "‰", value: "48"),                        // row 4: unit changed
            row("K13", "2024", unit: "%", value: "5.1", status: "draft"),      // row 5: status outside the vocabulary
            row("K13", "2021", unit: "%", value: "5.2", title: ""),            // row 6: no source
            row("K99", "2022", unit: "%", value: "1"),                         // row 7: not a plan series
            row("x.physicians", "2022", unit: "人", value: "1.3万"),           // row 8: not a strict number
            ["K13", "430600", "2025", "", "", "%", "", "", "", "", "", "", ""],  // row 9: untouched, skipped
        ])
        let entry = EntryImport(sheet: sheet, plan: plan, known: [])
        let refs = entry.errors.map(\.reference)
        #expect(refs == ["Entry!C3", "Entry!F4", "Entry!I5", "Entry!J6", "Entry!A7", "Entry!H8"], "\(entry.errors)")
        #expect(entry.figures.map(\.series) == ["K13"])
        #expect(entry.errors[5].message.contains("'1.3万' is not a number"))
    }

    @Test func aValueTenTimesOffItsNeighboursIsAWarning() {
        let known = [Observation(indicator: "x.population", region: "430600", period: Period(year: 2023), value: 499.14, unit: "万人",
                                 provenance: Provenance(sourceID: "test", location: "test"))]
        let sheet = EntrySheet(sheetName: "Entry", rows: [
            EntryTemplate.headers, row("x.population", "2024", unit: "万人", value: "4987500"),
        ])
        let entry = EntryImport(sheet: sheet, plan: plan, known: known)
        #expect(entry.errors.isEmpty && entry.figures.count == 1)
        #expect(entry.problems.contains { !$0.isError && $0.reference == "Entry!H2" && $0.message.contains("ten times") })
    }

    @Test func gb18030CSVReads() throws {
        let text = EntryTemplate.headers.joined(separator: ",") + "\r\n" + row("K13", "2022", unit: "%", value: "4.8", title: "岳阳市统计局").joined(separator: ",") + "\r\n"
        let data = try #require(Iconv.convert(Array(text.utf8), from: "UTF-8", to: "GB18030"))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("gb-\(UUID().uuidString).csv")
        try data.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(String(data: data, encoding: .utf8) == nil, "the file really is not UTF-8")
        let sheet = try EntrySheet.read(file)
        let entry = EntryImport(sheet: sheet, plan: plan, known: [])
        #expect(entry.errors.isEmpty)
        #expect(entry.figures.first?.sourceTitle == "岳阳市统计局")
    }

    /// The Excel template carries its protections: sheet protection, the decimal rule on the value
    /// column and the status list (read from the workbook's XML with Python's zipfile).
    @Test func excelTemplateValidatesAndLocks() async throws {
        let dir = PlanWatchBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = try await PlanWatchBinary.run(["template", "--module", "safety", "--out", dir.appendingPathComponent("t.xlsx").path])
        #expect(out.status == 0, "stderr: \(out.stderr)")
        let python = try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/python3"), [
            "-c", "import zipfile,sys; print(zipfile.ZipFile(sys.argv[1]).read('xl/worksheets/sheet2.xml').decode())",
            dir.appendingPathComponent("t.xlsx").path,
        ]).stdout
        #expect(python.contains("<sheetProtection"))
        #expect(python.contains("type=\"decimal\"") && python.contains("sqref=\"H2:H"))
        #expect(python.contains("type=\"list\"") && python.contains("final,provisional,estimate"))
    }

    /// Two rows with one key were both stored (red team M7): an error naming both cells.
    @Test func twoRowsWithOneKeyAreAnErrorNamingBoth() {
        let sheet = EntrySheet(sheetName: "Entry", rows: [
            EntryTemplate.headers,
            row("K13", "2022", unit: "%", value: "4.8"),
            row("K13", "2023", unit: "%", value: "4.9"),
            row("K13", "2022", unit: "%", value: "5.0"),
        ])
        let entry = EntryImport(sheet: sheet, plan: plan, known: [])
        #expect(entry.errors.map(\.reference) == ["Entry!H4"], "\(entry.errors)")
        #expect(entry.errors.first?.message.contains("K13 430600 2022 is also in Entry!H2 (4.8; here 5)") == true, "\(entry.errors)")
    }

    /// The formula guard belongs to the CSVs written for spreadsheets, not to the data: text that
    /// looks like a formula is stored as entered, quoted as CSV needs, without a leading quote.
    @Test func formulaLikeTextIsStoredAsEntered() throws {
        var filled = row("K13", "2022", unit: "%", value: "4.8", title: "=HYPERLINK(\"http://evil\",\"x\")")
        filled[11] = "-2+3"
        filled[12] = "@SUM(1)"
        let entry = EntryImport(sheet: EntrySheet(sheetName: "Entry", rows: [EntryTemplate.headers, filled]), plan: plan, known: [])
        #expect(entry.errors.isEmpty, "\(entry.errors)")
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("obs-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: target) }
        _ = try entry.merge(into: target, file: URL(fileURLWithPath: "t.csv"), fileData: Data(), revise: false, dryRun: false)
        let text = try String(contentsOf: target, encoding: .utf8)
        #expect(text.contains(",\"=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",") && text.contains(",-2+3 | 填报 submitted by @SUM(1);"), "\(text)")
        #expect(!text.contains("'"), "\(text)")
        let back = try CSVTable(text: text, sourceID: "t", location: "t").records
        #expect(back[1].fields[6] == "=HYPERLINK(\"http://evil\",\"x\")")
    }

    /// A control character is refused with its cell, from a CSV as from a workbook (where Excel writes
    /// it as _x001B_, read back by EntrySheet).
    @Test func aControlCharacterIsAnErrorNamingTheCell() {
        var filled = row("K13", "2022", unit: "%", value: "4.8", title: "T\u{1B}]0;PWN\u{07}")
        filled[11] = "line1\nline2\r\nline3\tend"   // newlines and tabs are text
        let entry = EntryImport(sheet: EntrySheet(sheetName: "Entry", rows: [EntryTemplate.headers, filled]), plan: plan, known: [])
        #expect(entry.errors.map(\.reference) == ["Entry!J2"], "\(entry.errors)")
        #expect(entry.errors.first?.message.contains("control character U+001B") == true)
        #expect(entry.figures.isEmpty)
    }

    /// A value from a formula is the result Excel saved: named in a warning; without one, an error.
    @Test func aFormulaValueIsNamed() {
        var sheet = EntrySheet(sheetName: "Entry", rows: [
            EntryTemplate.headers, row("K13", "2022", unit: "%", value: "2"), row("K13", "2023", unit: "%", value: ""),
        ])
        sheet.formulas = [EntrySheet.Position(row: 1, column: 7): "1+1", EntrySheet.Position(row: 2, column: 7): "A1*2"]
        let entry = EntryImport(sheet: sheet, plan: plan, known: [])
        #expect(entry.figures.map(\.value) == [2])
        #expect(entry.problems.contains { !$0.isError && $0.reference == "Entry!H2" && $0.message.contains("formula =1+1; its saved result '2' is imported") }, "\(entry.problems)")
        #expect(entry.errors.map(\.reference) == ["Entry!H3"] && entry.errors[0].message.contains("formula =A1*2 has no saved result"), "\(entry.problems)")
    }

    /// A user test: a figure keyed to a region no report reads was stored, then left out of every
    /// report with exit 0; "1e2" and full-width digits passed the strict-number rule; "2024年" was
    /// called "not within the plan"; the unit-slip warning named a year two off, not the next one.
    @Test func regionsNumbersYearsAndNeighboursAreCheckedAsTheTemplateSays() {
        var other = row("K13", "2022", unit: "%", value: "4.8")
        other[1] = "430602"
        let sheet = EntrySheet(sheetName: "Entry", rows: [
            EntryTemplate.headers,
            other,                                                           // row 2: a region no report reads
            row("K13", "2023", unit: "%", value: "1e2"),                     // row 3: exponent
            row("K13", "2024", unit: "%", value: "１２.５"),                  // row 4: full-width digits
            row("K13", "2021", unit: "%", value: "5.0"),                     // row 5: fine
            row("K12", "2024年", unit: "%", value: "5.0"),                   // row 6: year with 年
        ])
        let entry = EntryImport(sheet: sheet, plan: plan, known: [], regions: ["430600", "430603"])
        #expect(entry.errors.map(\.reference) == ["Entry!B2", "Entry!H3", "Entry!H4", "Entry!C6"], "\(entry.errors)")
        #expect(entry.errors[0].message.contains("region '430602' is not one the reports read (430600, 430603)"), "\(entry.errors)")
        #expect(entry.errors[3].message.contains("'2024年' is not a year; write it as four digits"), "\(entry.errors)")
        #expect(entry.figures.map(\.year) == [2021])

        let known = [2022, 2023].map { Observation(indicator: "x.budget-revenue", region: "430600", period: Period(year: $0), value: $0 == 2022 ? 185 : 190,
                                                   unit: "亿元", provenance: Provenance(sourceID: "test", location: "test")) }
        let slip = EntryImport(sheet: EntrySheet(sheetName: "Entry", rows: [EntryTemplate.headers, row("x.budget-revenue", "2024", unit: "亿元", value: "2500"),
                                                                           row("x.budget-revenue", "2021", unit: "亿元", value: "18")]),
                               plan: plan, known: known, regions: ["430600"])
        #expect(slip.problems.contains { $0.reference == "Entry!H2" && $0.message.contains("ten times off 2023 = 190") }, "\(slip.problems)")
        #expect(slip.problems.contains { $0.reference == "Entry!H3" && $0.message.contains("ten times off 2022 = 185") }, "\(slip.problems)")
    }

    /// A user test: a workbook whose Entry sheet was renamed read its Guide sheet and asked for a new
    /// template; a missing file said only "cannot read".
    @Test func aRenamedEntrySheetAndAMissingFileAreSaidPlainly() {
        var guide = EntrySheet(sheetName: "Guide", rows: [["说明 / Guide"], ["fill the Entry sheet"]])
        guide.entrySheetMissing = true
        let entry = EntryImport(sheet: guide, plan: plan, known: [])
        #expect(entry.errors.count == 1 && entry.errors[0].message.contains("no sheet named Entry, so its first sheet 'Guide' was read: rename the data sheet back to Entry"), "\(entry.errors)")
        let missing = PlanWatchBinary.temporaryDirectory().appendingPathComponent("nope.xlsx")
        #expect(throws: EntrySheet.Failure.self) { try EntrySheet.read(missing) }
        do { _ = try EntrySheet.read(missing) } catch { #expect(error.description.contains("nope.xlsx: no such file"), "\(error)") }
    }
}
