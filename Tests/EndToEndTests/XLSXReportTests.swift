import Foundation
import PlanWatchTestSupport
import Testing

/// `--format xlsx` on the bundled config, read back by LibreOffice headless and compared cell by cell
/// with the CSV tables of the same run: text (Chinese included) equal, numbers equal as numbers,
/// missing figures shown as missing, the sources sheet last.
@Suite struct XLSXReportTests {
    @Test func workbooksReadBackInLibreOfficeLikeTheCSVTables() async throws {
        guard let office = ["/usr/bin/libreoffice", "/usr/bin/soffice"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            print("notice: LibreOffice not installed (Scripts/install-deps.sh --with-browser); XLSX report read-back check skipped")
            return
        }
        let dir = PlanWatchBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try await PlanWatchBinary.run(["run", "--format", "xlsx,csv", "--out", dir.path, "--quiet"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let workbook = dir.appendingPathComponent("ecology.xlsx")
        #expect(FileManager.default.fileExists(atPath: workbook.path))
        let converted = dir.appendingPathComponent("converted")
        // Field 8 false: cell contents as stored (numbers whole), not as shown; -1: every sheet.
        let output = try await ChildProcess.run(URL(fileURLWithPath: office), [
            "-env:UserInstallation=file://\(dir.appendingPathComponent("lo-profile").path)", "--headless", "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,false,false,false,false,-1",
            "--outdir", converted.path, workbook.path,
        ])
        #expect(output.status == 0, "libreoffice: \(output.combined)")
        let sheets = try FileManager.default.contentsOfDirectory(atPath: converted.path).sorted()
        #expect(sheets.contains("ecology-Sources.csv"))
        let reader = DataEntryTests()
        var compared = 0
        for file in try FileManager.default.contentsOfDirectory(atPath: dir.path) where file.hasPrefix("ecology.") && file.hasSuffix(".csv") {
            let table = String(file.dropFirst("ecology.".count).dropLast(4))
            let expected = try reader.csvRows(dir.appendingPathComponent(file))
            let got = try reader.csvRows(converted.appendingPathComponent("ecology-\(table).csv"))
            #expect(got.count == expected.count, "\(table): \(got.count) rows, CSV has \(expected.count)")
            // The CSV adds the row's source and date after the table's columns (the workbook has them
            // on its Sources sheet).
            var header = expected[0]
            if header.suffix(2) == ["来源 / Source", "数据日期 / Data date"] { header.removeLast(2) }
            #expect(got[0] == header, "\(table) header")
            for (a, b) in zip(got.dropFirst(), expected.dropFirst()) {
                for (i, (x, y)) in zip(a, b).enumerated() {
                    if header[i].hasPrefix("进度") { continue }  // progress: its label in both, but the CSV guards a leading '-'
                    if let nx = Double(x), let ny = Double(y) {
                        // The workbook stores the whole figure; the CSV has it as the table shows it.
                        let decimals = y.split(separator: ".").dropFirst().first?.count ?? 0
                        let tolerance = 0.5 * pow(10, -Double(decimals)) + 1e-9 * max(1, abs(ny))
                        #expect(abs(nx - ny) <= tolerance, "\(table) \(header[i]): \(x) vs \(y)")
                    } else if y.isEmpty {
                        #expect(x == "—" || x.contains("no data"), "\(table) \(header[i]): a missing figure reads '\(x)'")
                    } else {
                        #expect(x == y, "\(table) \(header[i])")
                    }
                    compared += 1
                }
            }
        }
        #expect(compared > 50)
        let sources = try reader.csvRows(converted.appendingPathComponent("ecology-Sources.csv"))
        #expect(sources.first == ["来源 / Sources"] && sources.contains { $0.first?.contains("岳阳市2022年度生态环境质量公报") == true })
    }
}
