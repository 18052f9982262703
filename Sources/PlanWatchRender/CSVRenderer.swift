import Foundation
import ReportKit

/// CSV for Excel and for machines: RFC 4180, UTF-8 with BOM (or GB18030), numbers at full precision
/// with a dot, text cells neutralised against formula injection, missing figures as empty fields.
///
/// - `renderFiles` writes one CSV per report table (`<doc>.<table>.csv`).
/// - `render` returns all the document's table cells in one long-format CSV.
/// - `assessments(_:plan:)` is the run-wide long-format CSV of every assessment.
public struct CSVRenderer: Renderer {
    public let formatID = "csv"
    public let fileExtension = "csv"

    public init() {}

    /// Every table cell as one row: table_id, row, column_id, column_zh, column_en, kind, number, text, alert.
    /// A number has its exact value in `number` and the table's rounding in `text`.
    public func render(_ doc: ReportDocument, options: RenderOptions) throws -> Data {
        var csv = CSVWriter()
        csv.row(["table_id", "row", "column_id", "column_zh", "column_en", "kind", "number", "text", "alert"])
        for table in Self.allTables(doc) {
            for (rowIndex, row) in table.rows.enumerated() {
                for (index, column) in table.columns.enumerated() {
                    let cell = index < row.count ? row[index] : .missing(nil)
                    let kind: String, number: CSVWriter.Field, text: String, alert: Bool
                    switch cell {
                    case .text(let value): (kind, number, text, alert) = ("text", .empty, value, false)
                    // `number` is exact, `text` what the table shows.
                    case .number(let value, let decimals): (kind, number, text, alert) = ("number", .number(value), Format.display(value, decimals: decimals), false)
                    case .status(let status, let isAlert), .wordedStatus(let status, let isAlert, _): (kind, number, text, alert) = ("status", .empty, status.rawValue, isAlert)
                    case .missing(let label): (kind, number, text, alert) = ("missing", .empty, label ?? "", false)
                    case .progress(let value, let label): (kind, number, text, alert) = ("progress", .number(value), label, false)
                    }
                    csv.row([
                        .text(table.id), .number(Double(rowIndex + 1)), .text(column.id), .text(column.title.zh),
                        .text(column.title.en ?? ""), .text(kind), number, .text(text), .text(alert ? "TRUE" : "FALSE"),
                    ])
                }
            }
        }
        return try csv.data(options.csvEncoding)
    }

    public func renderFiles(_ doc: ReportDocument, options: RenderOptions) throws -> [RenderedFile] {
        try Self.tables(doc, options: options).map { table in
            RenderedFile(name: "\(FileName.safe(doc.id)).\(FileName.safe(table.tableID)).csv", data: table.data)
        }
    }

    /// One CSV per table, in document order: a header row of the column titles ("中文 / English", or
    /// one language in a one-language report), then the rows, as the table shows them: numbers rounded
    /// to the table's decimals (the exact figures are in assessments.csv and the JSON); statuses are
    /// text in `options.language` ("中文 / English" by default, with the binding alert named); progress
    /// is its label, which says what it is (`R=0.85`, `100%`); missing is empty unless the cell has words
    /// of its own (保密 / confidential for a status-only cell, 获取失败 …), which it carries. A table that knows each
    /// row's source adds source and date columns.
    public static func tables(_ doc: ReportDocument, options: RenderOptions = RenderOptions()) throws -> [(tableID: String, data: Data)] {
        let labels = Format.labels(options.language)
        return try allTables(doc).map { table in
            var csv = CSVWriter()
            let sourced = table.rowSources.map { $0.count == table.rows.count } ?? false
            csv.row(table.columns.map { $0.title.bilingual } + (sourced ? sourceColumns : []))
            for (rowIndex, row) in table.rows.enumerated() {
                let extra: [CSVWriter.Field] = sourced
                    ? [.text(table.rowSources![rowIndex].source), table.rowSources![rowIndex].date.map { .text($0) } ?? .empty] : []
                csv.row(table.columns.indices.map { index -> CSVWriter.Field in
                    guard index < row.count else { return .empty }
                    switch row[index] {
                    case .text(let value): return .text(value)
                    case .number(let value, let decimals): return .number(Format.rounded(value, decimals: decimals))
                    case .status, .wordedStatus:
                        let (_, alert, label) = row[index].statusWords!
                        return .text(alert ? "\(labels.text(label)) (\(labels.alert))" : labels.text(label))
                    // A missing figure with words of its own (保密 / confidential, 获取失败 …) carries them,
                    // as the table does; 数据不足 and the table's "—" stay empty fields.
                    case .missing(let label): return Self.missingWords(label).map { .text($0) } ?? .empty
                    case .progress(_, let label): return .text(label)
                    }
                } + extra)
            }
            return (table.id, try csv.data(options.csvEncoding))
        }
    }

    /// The words of a missing cell in a per-table CSV: its own label, or nil (an empty field) for none,
    /// for 数据不足 in any language, and for the dash a table puts where no figure applies.
    static func missingWords(_ label: String?) -> String? {
        guard let label, !label.isEmpty, label != "—",
              !RenderOptions.Language.allCases.contains(where: { Format.labels($0).noData == label }) else { return nil }
        return label
    }

    /// The columns a table with row sources gets in its CSV.
    static let sourceColumns = ["来源 / Source", "数据日期 / Data date"]

    /// Columns of the run-wide assessments CSV.
    public static let assessmentColumns = [
        "indicator", "series", "name_zh", "name_en", "module", "attribute", "target_kind", "direction",
        "base_year", "base_value", "current_year", "current_value", "target_year", "target_value",
        "cagr_o", "cagr_r", "progress_value", "score", "status", "status_zh", "binding_alert", "P", "E",
        "projection", "headroom", "warnings", "source", "source_date",
    ]

    /// Every assessment as one row (a multi-series indicator's series follow its combined row), UTF-8
    /// with BOM. Rates are fractions as the engine records them (0.05 = 5%); warnings joined by "; ".
    public static func assessments(_ list: [Assessment], plan: Plan) -> Data {
        Data([0xEF, 0xBB, 0xBF]) + Data(assessmentsCSV(list, plan: plan).text.utf8)
    }

    /// The same in a chosen encoding (`--csv-encoding`).
    public static func assessments(_ list: [Assessment], plan: Plan, encoding: RenderOptions.CSVEncoding) throws -> Data {
        try assessmentsCSV(list, plan: plan).data(encoding)
    }

    // MARK: - Private

    static func allTables(_ doc: ReportDocument) -> [ReportDocument.Table] {
        doc.sections.flatMap { section in
            section.blocks.compactMap { block in
                if case .table(let table) = block { return table }
                return nil
            }
        }
    }

    private static func assessmentsCSV(_ list: [Assessment], plan: Plan) -> CSVWriter {
        var csv = CSVWriter()
        csv.row(assessmentColumns)
        func optional(_ value: Double?) -> CSVWriter.Field { value.map { .number($0) } ?? .empty }
        func optional(_ value: Int?) -> CSVWriter.Field { value.map { .number(Double($0)) } ?? .empty }
        func add(_ a: Assessment) {
            let indicator = plan.indicator(id: a.indicatorID)
            let series = indicator?.series.first { $0.id == a.seriesID }
            let name = (indicator?.series.count ?? 0) > 1 ? (series?.name ?? indicator?.name) : indicator?.name
            csv.row([
                .text(a.indicatorID), .text(a.seriesID), .text(name?.zh ?? ""), .text(name?.en ?? ""),
                .text(indicator?.module ?? ""), .text(indicator?.attribute.rawValue ?? ""),
                .text(a.targetKind.rawValue), .number(a.direction.sign),
                optional(a.baseYear), optional(a.baseValue), optional(a.currentYear), optional(a.currentValue),
                optional(a.targetYear), optional(a.targetValue), optional(a.cagrObserved), optional(a.cagrRequired),
                optional(a.progressValue), optional(a.score), .text(a.status.rawValue), .text(a.statusLabel.zh),
                .text(a.bindingAlert ? "TRUE" : "FALSE"), optional(a.progressShare), optional(a.elapsedShare),
                optional(a.projectedValue), optional(a.headroom), .text(a.warnings.joined(separator: "; ")),
                .text(indicator.map { IndicatorSections.sourceLines(indicator: $0, observations: a.observations).joined(separator: "; ") } ?? ""),
                IndicatorSections.sourceDate(a.observations).map { .text($0) } ?? .empty,
            ])
            a.components.forEach(add)
        }
        list.forEach(add)
        return csv
    }
}
