import Foundation
import PlanWatchFeeds
import PlanWatchFetch
import PlanWatchRender
import PlanWatchText
import ReportKit

/// Reads a filled template back: every cell is checked and every problem reported with its cell
/// reference before anything is written; then the figures are merged into an observations CSV with
/// their provenance (docs/DATA-ENTRY.md).
public struct EntryImport: Sendable {
    public struct Problem: Sendable, CustomStringConvertible {
        public var reference: String
        public var message: String
        public var isError: Bool
        public var description: String { "\(reference): \(isError ? "error" : "warning"): \(message)" }
    }

    public struct Figure: Sendable {
        public var series: String
        public var region: String
        public var year: Int
        public var value: Double
        public var unit: String
        public var status: String
        public var sourceTitle: String
        public var sourceURL: String
        public var note: String
        public var submittedBy: String
        public var reference: String
    }

    public var figures: [Figure] = []
    public var problems: [Problem] = []
    public var errors: [Problem] { problems.filter(\.isError) }

    /// Status words of the template → the status codes the engine reads (final has none).
    static let statusCodes = ["final": "", "provisional": "p", "estimate": "e", "正式": "", "初步": "p", "预计": "e"]

    /// Checks the sheet against the plan. `known` are the figures already held (for the neighbour check).
    /// `regions`: the region codes a row may name (the run's region and the plan's counties); nil
    /// takes any. A figure for another region would be stored and then left out of every report.
    public init(sheet: EntrySheet, plan: Plan, known: [Observation], regions: Set<String>? = nil) {
        guard let header = sheet.rows.first else {
            problems.append(Problem(reference: sheet.reference(row: 0, column: 0), message: "the sheet is empty; fill a template from `planwatch template`", isError: true))
            return
        }
        var column: [String: Int] = [:]
        for (i, cell) in header.enumerated() {
            let key = cell.components(separatedBy: " / ").first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
            if column[key] == nil { column[key] = i }
        }
        let missing = EntryTemplate.columns.map(\.key).filter { column[$0] == nil }
        if !missing.isEmpty {
            problems.append(Problem(reference: sheet.reference(row: 0, column: 0), message: "header lacks column(s) \(missing.joined(separator: ", ")); "
                + (sheet.entrySheetMissing
                    ? "the workbook has no sheet named \(EntryTemplate.entrySheet), so its first sheet '\(sheet.sheetName)' was read: rename the data sheet back to \(EntryTemplate.entrySheet)"
                    : "use a template from `planwatch template`"), isError: true))
            return
        }
        var seen: [Key: (reference: String, value: Double)] = [:]
        let units = Self.units(plan)
        let years = (plan.startYear - 1)...plan.endYear
        for (r, row) in sheet.rows.enumerated().dropFirst() {
            func cell(_ key: String) -> String {
                guard let i = column[key], i < row.count else { return "" }
                return row[i].trimmingCharacters(in: .whitespacesAndNewlines)
            }
            func ref(_ key: String) -> String { sheet.reference(row: r, column: column[key] ?? 0) }
            func fail(_ key: String, _ message: String) { problems.append(Problem(reference: ref(key), message: message, isError: true)) }
            let inputs = ["value", "status", "source_title", "source_url", "note", "submitted_by"]
            if inputs.allSatisfy({ cell($0).isEmpty }) { continue }  // a row nobody filled
            // A control character (ESC, BEL…) is refused whether the file is a CSV or a workbook:
            // it is no part of a figure or a title, and it must not travel on into the data.
            var clean = true
            for key in EntryTemplate.columns.map(\.key) {
                if let bad = cell(key).unicodeScalars.first(where: { ControlCharacters.isControl($0, keepNewlines: true) && $0 != "\r" }) {
                    fail(key, "holds the control character U+\(String(format: "%04X", bad.value)); remove it (retype the cell)")
                    clean = false
                }
            }
            guard clean else { continue }
            // A formula's value is the result Excel saved, which may not be what the department
            // meant to enter: named, never taken silently.
            var unsaved = false
            for key in EntryTemplate.columns.map(\.key) {
                guard let i = column[key], let formula = sheet.formulas[EntrySheet.Position(row: r, column: i)] else { continue }
                if cell(key).isEmpty {
                    fail(key, "formula =\(formula) has no saved result; type the figure, or open and save the workbook in Excel")
                    unsaved = true
                } else {
                    problems.append(Problem(reference: ref(key), message: "the cell holds the formula =\(formula); its saved result '\(cell(key))' is imported: check it, or type the figure", isError: false))
                }
            }
            let series = cell("series")
            guard let unit = units[series] else {
                fail("series", "'\(series)' is not a series of plan \(plan.id) nor an input of a derived series; keep the template's id")
                continue
            }
            var ok = true
            if cell("unit") != unit {
                fail("unit", "unit '\(cell("unit"))' differs from the plan's '\(unit)' for \(series); enter the figure in \(unit) and keep the unit cell")
                ok = false
            }
            let yearText = cell("year")
            let year = Int(yearText) ?? Double(yearText).flatMap { $0 == $0.rounded() ? Int($0) : nil }
            if year == nil {
                fail("year", "'\(yearText)' is not a year; write it as four digits, as the template does (e.g. \(years.upperBound - 1))")
                ok = false
            } else if !years.contains(year!) {
                fail("year", "year '\(yearText)' is not within the plan (\(years.lowerBound)-\(years.upperBound))")
                ok = false
            }
            let region = cell("region")
            if region.isEmpty {
                fail("region", "region is empty; keep the template's region code"); ok = false
            } else if let regions, !regions.contains(region) {
                fail("region", "region '\(region)' is not one the reports read (\(regions.sorted().joined(separator: ", "))); keep the template's region code")
                ok = false
            }
            let valueText = cell("value")
            let value = NumberText.parse(valueText)
            if valueText.isEmpty {
                if !unsaved { fail("value", "no value although the row is filled; enter the figure or clear the row") }
                ok = false
            } else if value == nil || !valueText.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) || $0 == "." || $0 == "-" || $0 == "+" }) {
                // Strict: "1e2", full-width digits or a thousands separator are not what a clerk types
                // for a figure, and read leniently they could pass for another number.
                fail("value", "'\(valueText)' is not a number; write digits with a decimal point, without unit or thousands separators")
                ok = false
            }
            let statusText = cell("status").lowercased()
            let status = statusText.isEmpty ? "" : Self.statusCodes[statusText]
            if status == nil {
                fail("status", "status '\(cell("status"))' is not one of final, provisional, estimate")
                ok = false
            }
            if cell("source_title").isEmpty {
                fail("source_title", "no source: name the publication the figure comes from (统计公报, 部门年报…)")
                ok = false
            }
            guard ok, let year, let value, let status else { continue }
            // One figure per series, region and year: two rows with the same key would both be
            // stored, and which one a report shows would depend on the order of the file.
            let key = Key(series: series, region: region, year: year)
            if let first = seen[key] {
                fail("value", "\(series) \(region) \(year) is also in \(first.reference) (\(Format.exact(first.value)); here \(Format.exact(value))); one row per series, region and year: delete one of the two rows")
                continue
            }
            seen[key] = (ref("value"), value)
            figures.append(Figure(series: series, region: region, year: year, value: value, unit: unit, status: status,
                                  sourceTitle: cell("source_title"), sourceURL: cell("source_url"), note: cell("note"),
                                  submittedBy: cell("submitted_by"), reference: ref("value")))
        }
        // A figure more than ten times off its neighbours is likely a unit slip (万 for 亿): a warning.
        // The neighbours are looked up by series and region (a search of every figure for every row
        // made 20,000 rows take close to a minute).
        var byYear: [Key: [Double]] = [:]
        for o in known {
            guard let value = o.value else { continue }
            byYear[Key(series: o.indicator, region: o.region, year: o.period.year), default: []].append(value)
        }
        for figure in figures { byYear[Key(series: figure.series, region: figure.region, year: figure.year), default: []].append(figure.value) }
        for figure in figures where figure.value != 0 {
            // Nearest years first: the year before or after, then two years off.
            check: for year in [figure.year - 1, figure.year + 1, figure.year - 2, figure.year + 2] {
                for other in byYear[Key(series: figure.series, region: figure.region, year: year)] ?? [] where other != 0 {
                    let ratio = abs(figure.value / other)
                    guard ratio > 10 || ratio < 0.1 else { continue }
                    problems.append(Problem(reference: figure.reference, message: "\(figure.series) \(figure.year) = \(Format.exact(figure.value)) is more than ten times off \(year) = \(Format.exact(other)); check the unit", isError: false))
                    break check
                }
            }
        }
    }

    /// Series, region and year: the key of one figure.
    struct Key: Hashable {
        var series: String
        var region: String
        var year: Int
    }

    /// Units of every id a template may carry: plan series and the `x.` inputs of derived series.
    static func units(_ plan: Plan) -> [String: String] {
        var units: [String: String] = [:]
        for series in plan.indicators.flatMap(\.series) {
            units[series.id] = series.unit
            for (id, unit) in series.derivation?.inputUnits ?? [:] where units[id] == nil { units[id] = unit }
        }
        return units
    }

    public struct MergeResult: Sendable {
        public var added: Int
        public var unchanged: Int
        public var revised: Int
        public var conflicts: [Problem]
    }

    /// Merges the checked figures into `target` (an observations CSV; created when absent). A different
    /// figure for the same series, region and year is refused unless `revise`: then the old row stays,
    /// emptied and marked `superseded` with its value in the note, beside the new one.
    public func merge(into target: URL, file: URL, fileData: Data, revise: Bool, dryRun: Bool, now: Date = Date()) throws -> MergeResult {
        let sha = SHA256Hex.of(fileData)
        let stamp = ISO8601DateFormatter().string(from: now)
        let header = ["indicator", "region", "period", "value", "unit", "status", "source_title", "source_url", "quote", "note"]
        var records: [[String]] = []
        var existingText = ""
        if let data = FileManager.default.contents(atPath: target.path) {
            guard let decoded = TextDecoding.decode(data) else { throw EntrySheet.Failure(description: "\(target.path) is not UTF-8 text") }
            existingText = decoded.text
            records = try CSVTable(text: decoded.text, sourceID: "import", location: target.lastPathComponent).records.map(\.fields)
        }
        let head = records.first?.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? header
        func index(_ key: String) -> Int? { head.firstIndex(of: key) }
        guard let iID = index("indicator"), let iRegion = index("region"), let iPeriod = index("period"), let iValue = index("value") else {
            throw EntrySheet.Failure(description: "\(target.path) is not an observations CSV (header indicator,region,period,value,…)")
        }
        var result = MergeResult(added: 0, unchanged: 0, revised: 0, conflicts: [])
        var appended: [[String]] = []
        var rewrite = false
        // The held annual figures by key, built once (each figure searched every row before).
        var held: [Key: [Int]] = [:]
        for i in records.indices.dropFirst() {
            let f = records[i]
            guard f.count > max(iID, iRegion, iPeriod, iValue), let period = Period(parsing: f[iPeriod]), period.frequency == .annual,
                  NumberText.parse(f[iValue]) != nil else { continue }
            held[Key(series: f[iID], region: f[iRegion], year: period.year), default: []].append(i)
        }
        for figure in figures {
            let same = held[Key(series: figure.series, region: figure.region, year: figure.year)] ?? []
            if same.contains(where: { abs((NumberText.parse(records[$0][iValue]) ?? .nan) - figure.value) <= 1e-9 * max(1, abs(figure.value)) }) {
                result.unchanged += 1
                continue
            }
            var provenance = "填报 submitted by \(figure.submittedBy.isEmpty ? "?" : figure.submittedBy); imported \(stamp) from \(file.lastPathComponent) \(figure.reference) (sha256 \(sha))"
            if let old = same.first {
                let oldValue = records[old][iValue]
                guard revise else {
                    result.conflicts.append(Problem(reference: figure.reference, message: "\(figure.series) \(figure.region) \(figure.year): \(target.lastPathComponent) already holds \(oldValue), the file says \(Format.exact(figure.value)); nothing is overwritten silently: check the figure, or import with --revise to keep both with the revision noted", isError: true))
                    continue
                }
                for i in same {
                    while records[i].count < head.count { records[i].append("") }
                    let was = records[i][iValue]
                    records[i][iValue] = ""
                    if let s = index("status") { records[i][s] = "superseded" }
                    if let n = index("note") { records[i][n] += " | superseded \(stamp) by \(file.lastPathComponent) \(figure.reference): was \(was)" }
                }
                provenance += "; revises \(oldValue)"
                rewrite = true
                result.revised += 1
            } else {
                result.added += 1
            }
            let note = figure.note.isEmpty ? provenance : "\(figure.note) | \(provenance)"
            var row = Array(repeating: "", count: head.count)
            let cells: [String: String] = [
                "indicator": figure.series, "region": figure.region, "period": String(figure.year), "value": Format.exact(figure.value),
                "unit": figure.unit, "status": figure.status, "source_title": figure.sourceTitle, "source_url": figure.sourceURL,
                "quote": "", "note": note,
            ]
            for (key, value) in cells { if let i = index(key) { row[i] = value } }
            appended.append(row)
        }
        guard result.conflicts.isEmpty, !dryRun else { return result }
        if appended.isEmpty && !rewrite { return result }
        var text: String
        if rewrite || records.isEmpty {
            text = ([records.first ?? header] + records.dropFirst() + appended).map(Self.line).joined()
        } else {
            text = existingText
            if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
            text += appended.map(Self.line).joined()
        }
        try AtomicFileWriter.write(Data(text.utf8), to: target, masking: false)
        return result
    }

    /// One CSV line with LF, quoted as the project's writer does but never formula-guarded: this is
    /// data planwatch reads back, and a guard quote stored here would become part of the figure's
    /// title or note (the guard belongs to the CSVs written for spreadsheets).
    static func line(_ fields: [String]) -> String {
        var writer = CSVWriter()
        writer.dataRow(fields)
        var text = writer.text
        // "\r\n" is one Character in Swift: one removal drops the whole line end.
        if text.hasSuffix("\r\n") { text.removeLast() }
        return text + "\n"
    }
}
