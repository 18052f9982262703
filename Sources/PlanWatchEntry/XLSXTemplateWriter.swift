import CXLSXWriter
import Foundation
import PlanWatchRender

/// Writes an ``EntryTemplate`` as an Excel workbook with libxlsxwriter: a guide sheet first, then the
/// entry sheet with the input columns unlocked and validated (decimal values, a status list) and every
/// other cell locked by sheet protection (no password: it guards against slips, not people).
public enum XLSXTemplateWriter {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public static func write(_ template: EntryTemplate, to url: URL) throws(Failure) {
        guard let workbook = workbook_new(url.path) else {
            throw Failure(description: "cannot create \(url.path): check that the folder exists and is writable")
        }
        let header = workbook_add_format(workbook)
        format_set_bold(header)
        format_set_text_wrap(header)
        format_set_bg_color(header, 0xDDEBF7)
        let input = workbook_add_format(workbook)
        format_set_unlocked(input)
        format_set_bg_color(input, 0xFFF2CC)
        let wrap = workbook_add_format(workbook)
        format_set_text_wrap(wrap)

        let guide = workbook_add_worksheet(workbook, EntryTemplate.guideSheet)
        let guideHeaders = ["series / 指标编号", "name_zh / 指标名称", "name_en / English name", "unit / 单位", "definition / 说明"]
        for (c, text) in guideHeaders.enumerated() { worksheet_write_string(guide, 0, lxw_col_t(c), text, header) }
        for (r, d) in template.definitions.enumerated() {
            for (c, text) in [d.series, d.nameZh, d.nameEn, d.unit, d.definition].enumerated() {
                worksheet_write_string(guide, lxw_row_t(r + 1), lxw_col_t(c), text, wrap)
            }
        }
        worksheet_set_column(guide, 0, 0, 16, nil)
        worksheet_set_column(guide, 1, 2, 30, nil)
        worksheet_set_column(guide, 4, 4, 90, nil)

        let sheet = workbook_add_worksheet(workbook, EntryTemplate.entrySheet)
        for (c, text) in EntryTemplate.headers.enumerated() { worksheet_write_string(sheet, 0, lxw_col_t(c), text, header) }
        let firstInput = EntryTemplate.columns.firstIndex { $0.input } ?? 7
        for (r, row) in template.rows.enumerated() {
            let rowIndex = lxw_row_t(r + 1)
            for (c, text) in template.fixedCells(row).enumerated() {
                if c == 2 {
                    worksheet_write_number(sheet, rowIndex, lxw_col_t(c), Double(row.year), nil)
                } else {
                    worksheet_write_string(sheet, rowIndex, lxw_col_t(c), text, nil)
                }
            }
            for c in firstInput..<EntryTemplate.columns.count { worksheet_write_blank(sheet, rowIndex, lxw_col_t(c), input) }
        }
        let last = lxw_row_t(max(1, template.rows.count))
        // Value: any decimal; status: the three words of the vocabulary.
        var decimal = lxw_data_validation()
        decimal.validate = UInt8(LXW_VALIDATION_TYPE_DECIMAL.rawValue)
        decimal.criteria = UInt8(LXW_VALIDATION_CRITERIA_BETWEEN.rawValue)
        decimal.minimum_number = -1e15
        decimal.maximum_number = 1e15
        decimal.error_title = strdup("数值 / value")
        decimal.error_message = strdup("请填写数字（不带单位、千分位） / enter a number without unit or separators")
        worksheet_data_validation_range(sheet, 1, lxw_col_t(firstInput), last, lxw_col_t(firstInput), &decimal)
        var list = lxw_data_validation()
        list.validate = UInt8(LXW_VALIDATION_TYPE_LIST.rawValue)
        let statuses = EntryTemplate.statuses.map { strdup($0) } + [nil]
        var pointers = statuses
        pointers.withUnsafeMutableBufferPointer { buffer in
            list.value_list = buffer.baseAddress
            worksheet_data_validation_range(sheet, 1, lxw_col_t(firstInput + 1), last, lxw_col_t(firstInput + 1), &list)
        }
        worksheet_set_column(sheet, 0, 2, 10, nil)
        worksheet_set_column(sheet, 3, 4, 28, nil)
        worksheet_set_column(sheet, 6, 6, 24, nil)
        worksheet_set_column(sheet, lxw_col_t(firstInput), lxw_col_t(EntryTemplate.columns.count - 1), 18, nil)
        worksheet_freeze_panes(sheet, 1, 3)
        worksheet_protect(sheet, nil, nil)
        worksheet_activate(sheet)
        let result = workbook_close(workbook)
        for s in statuses { free(s) }
        free(decimal.error_title)
        free(decimal.error_message)
        guard result == LXW_NO_ERROR else {
            throw Failure(description: "cannot write \(url.path): \(String(cString: lxw_strerror(result)))")
        }
    }
}
