import CXLSXWriter
import Foundation
import ReportKit

/// One Excel workbook per report (libxlsxwriter): a sheet per table with the column titles as header,
/// numbers as numbers (shown at the document's decimals, stored whole), status cells coloured by
/// status with binding alerts in bold red, missing figures as their label (never 0), and a `Sources`
/// sheet last. Chinese text is written as UTF-8, as the format requires.
public struct XLSXRenderer: Renderer {
    public let formatID = "xlsx"
    public let fileExtension = "xlsx"

    public init() {}

    public func render(_ doc: ReportDocument, options: RenderOptions) throws -> Data {
        // libxlsxwriter writes to a path; a private temporary file is read back and removed.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("planwatch-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: file) }
        let labels = Format.labels(options.language)
        guard let workbook = workbook_new(file.path) else { throw RenderError.xlsx("cannot create a workbook in \(file.deletingLastPathComponent().path)") }
        var properties = lxw_doc_properties()
        let title = strdup(doc.title.bilingual)
        defer { free(title) }
        properties.title = title
        workbook_set_properties(workbook, &properties)

        let header = workbook_add_format(workbook)
        format_set_bold(header)
        format_set_text_wrap(header)
        format_set_bg_color(header, 0xDDEBF7)
        var numberFormats: [Int: UnsafeMutablePointer<lxw_format>] = [:]
        func numberFormat(_ decimals: Int) -> UnsafeMutablePointer<lxw_format>? {
            if let f = numberFormats[decimals] { return f }
            let f = workbook_add_format(workbook)
            format_set_num_format(f, decimals > 0 ? "0." + String(repeating: "0", count: min(decimals, 10)) : "0")
            numberFormats[decimals] = f
            return f
        }
        var statusFormats: [String: UnsafeMutablePointer<lxw_format>] = [:]
        func statusFormat(_ status: AssessmentStatus, alert: Bool) -> UnsafeMutablePointer<lxw_format>? {
            let key = "\(status.rawValue)\(alert)"
            if let f = statusFormats[key] { return f }
            let f = workbook_add_format(workbook)
            format_set_bg_color(f, Self.colour(status))
            if alert {
                format_set_bold(f)
                format_set_font_color(f, 0xC00000)
            }
            statusFormats[key] = f
            return f
        }
        let missing = workbook_add_format(workbook)
        format_set_font_color(missing, 0x808080)

        var used: Set<String> = []
        var sources: [String] = []
        for table in CSVRenderer.allTables(doc) {
            let sheet = workbook_add_worksheet(workbook, Self.sheetName(table.id, used: &used))
            for (c, column) in table.columns.enumerated() {
                worksheet_write_string(sheet, 0, lxw_col_t(c), column.title.bilingual, header)
                worksheet_set_column(sheet, lxw_col_t(c), lxw_col_t(c), column.id == "name" ? 48 : 16, nil)
            }
            for (r, row) in table.rows.enumerated() {
                let rowIndex = lxw_row_t(r + 1)
                for (c, cell) in row.enumerated() where c < table.columns.count {
                    let col = lxw_col_t(c)
                    switch cell {
                    case .text(let text): worksheet_write_string(sheet, rowIndex, col, text, nil)
                    case .number(let value, let decimals):
                        if value.isFinite { worksheet_write_number(sheet, rowIndex, col, value, numberFormat(decimals)) }
                    case .status, .wordedStatus:
                        let (status, alert, label) = cell.statusWords!
                        let text = alert ? "\(labels.text(label)) (\(labels.alert))" : labels.text(label)
                        worksheet_write_string(sheet, rowIndex, col, text, statusFormat(status, alert: alert))
                    case .missing(let label):
                        // An empty label is no label: 数据不足 in the report's language, as in every renderer.
                        worksheet_write_string(sheet, rowIndex, col, labels.missing(label), missing)
                    case .progress(_, let label): worksheet_write_string(sheet, rowIndex, col, label, nil)
                    }
                }
            }
            worksheet_freeze_panes(sheet, 1, 0)
            for source in table.sources where !sources.contains(source) { sources.append(source) }
        }
        let sheet = workbook_add_worksheet(workbook, Self.sheetName("Sources", used: &used))
        worksheet_write_string(sheet, 0, 0, labels.sources, header)
        worksheet_set_column(sheet, 0, 0, 120, nil)
        for (r, source) in sources.enumerated() { worksheet_write_string(sheet, lxw_row_t(r + 1), 0, source, nil) }
        let result = workbook_close(workbook)
        guard result == LXW_NO_ERROR else { throw RenderError.xlsx(String(cString: lxw_strerror(result))) }
        return try Data(contentsOf: file)
    }

    /// Excel sheet names: at most 31 characters, none of []:*?/\, unique in the workbook.
    static func sheetName(_ id: String, used: inout Set<String>) -> String {
        var base = String(id.map { "[]:*?/\\".contains($0) ? "_" : $0 }.prefix(28))
        if base.isEmpty { base = "table" }
        var name = base, n = 2
        while used.contains(name.lowercased()) {
            name = "\(base)~\(n)"
            n += 1
        }
        used.insert(name.lowercased())
        return name
    }

    /// Fill colours by status, in the reports' palette order: on course green, behind amber to red,
    /// no data and pending grey.
    static func colour(_ status: AssessmentStatus) -> lxw_color_t {
        switch status {
        case .targetAchieved: 0xC6EFCE
        case .substantialProgress: 0xE2F0D9
        case .moderateProgress: 0xFFF2CC
        case .limitedProgress: 0xFCE4D6
        case .deterioration, .notAchieved: 0xFFC7CE
        case .pending, .notAvailable: 0xEDEDED
        }
    }
}
