import Foundation
import PlanWatchText
import ReportKit

/// Plain text for terminals and e-mail: columns aligned by display width (CJK = two columns), lines
/// no wider than `options.width`, ANSI colour only when `options.colour` is set.
public struct TextRenderer: Renderer {
    public let formatID = "text"
    public let fileExtension = "txt"

    public init() {}

    public func render(_ doc: ReportDocument, options: RenderOptions) throws -> Data {
        Data(renderString(doc, options: options).utf8)
    }

    public func renderString(_ doc: ReportDocument, options: RenderOptions) -> String {
        var out = Layout(width: options.width, colour: options.colour)
        let labels = Format.labels(options.language)
        out.wrapped(doc.title.zh, style: .title)
        if let en = doc.title.en, !en.isEmpty, en != doc.title.zh { out.wrapped(en, style: .title) }
        if let subtitle = doc.subtitle { out.wrapped(subtitle.bilingual) }
        for fact in doc.facts { out.wrapped("\(fact.key.bilingual): \(fact.value)", hang: 2) }
        out.wrapped("\(labels.generated): \(Format.isoDate(doc.generatedAt))", style: .dim)
        out.rule("=")
        for (index, section) in doc.sections.enumerated() {
            out.blank()
            out.wrapped("\(index + 1). \(section.title.bilingual)", style: .heading)
            out.rule("-")
            for block in section.blocks {
                out.blank()
                switch block {
                case .paragraph(let text): paragraph(text, into: &out)
                case .table(let table): self.table(table, labels: labels, into: &out)
                case .chart(let chart): self.chart(chart, labels: labels, into: &out)
                case .summary(let summary): self.summary(summary, labels: labels, into: &out)
                case .notes(let notes): self.notes(notes, labels: labels, into: &out)
                }
            }
        }
        return out.text
    }

    // MARK: - Blocks

    private func paragraph(_ text: LocalizedText, into out: inout Layout) {
        out.wrapped(text.zh)
        if let en = text.en, !en.isEmpty, en != text.zh { out.wrapped(en) }
    }

    private func notes(_ notes: [LocalizedText], labels: Format.Labels, into out: inout Layout) {
        out.line("\(labels.notes):", style: .bold)
        for note in notes { out.wrapped("- \(note.bilingual)", indent: 2, hang: 2) }
    }

    private func summary(_ summary: ReportDocument.StatusSummary, labels: Format.Labels, into out: inout Layout) {
        out.line(labels.summary, style: .bold)
        if !summary.bindingAlerts.isEmpty {
            out.wrapped("\(labels.alert) (\(summary.bindingAlerts.count)):", indent: 2, style: .alert)
            for alert in summary.bindingAlerts { out.wrapped("! \(alert.bilingual)", indent: 4, hang: 2, style: .alert) }
        }
        let counts = Format.orderedCounts(summary)
        let labelWidth = counts.map { DisplayWidth.width(of: "\(Format.symbol($0.0)) \(labels.text(summary.label($0.0)))") }.max() ?? 0
        let countWidth = counts.map { String($0.1).count }.max() ?? 1
        let fits = 2 + labelWidth + 2 + countWidth <= out.width
        for (status, count) in counts {
            let text = "\(Format.symbol(status)) \(labels.text(summary.label(status)))"
            guard fits else {
                out.wrapped("\(text): \(count)", indent: 2, hang: 2, style: Layout.style(for: status))
                continue
            }
            let label = DisplayWidth.pad(text, to: labelWidth)
            let number = DisplayWidth.pad(String(count), to: countWidth, alignment: .trailing)
            let room = max(0, out.width - 2 - labelWidth - 2 - countWidth - 1)
            let bar = String(repeating: "#", count: min(count, room))
            out.paintedLine("  " + out.paint(label, Layout.style(for: status)) + "  " + number + " " + bar)
        }
        if counts.isEmpty { out.line("  " + labels.noData, style: .dim) }
    }

    private func chart(_ chart: ReportDocument.Chart, labels: Format.Labels, into out: inout Layout) {
        let unit = chart.unit.isEmpty ? "" : " (\(chart.unit))"
        out.wrapped("\(chart.title.bilingual)\(unit)", style: .bold)
        out.wrapped(
            "[\(Format.symbol(chart.status)) \(labels.text(chart.statusWords))]", indent: 2, style: Layout.style(for: chart.status))
        let spark = sparkline(chart.observed.map(\.value))
        out.wrapped((spark.isEmpty ? "" : spark + "  ") + Format.observedLine(chart, labels: labels), indent: 2, hang: 2)
        let facts = Format.chartFacts(chart, labels: labels)
        if !facts.isEmpty { out.wrapped(facts.joined(separator: " · "), indent: 2, hang: 2) }
    }

    /// Block glyphs ▁..█ scaled between the smallest and largest observed value (layout only).
    private func sparkline(_ values: [Double]) -> String {
        let finite = values.filter(\.isFinite)
        guard finite.count >= 2, let low = finite.min(), let high = finite.max() else { return "" }
        let glyphs = Array("▁▂▃▄▅▆▇█")
        return String(values.map { value -> Character in
            guard value.isFinite else { return " " }
            guard high > low else { return glyphs[3] }
            // Halves first: high - low overflows to infinity for ±1.7e308, and Int(NaN) traps.
            let position = ((value / 2 - low / 2) / (high / 2 - low / 2) * 7).rounded()
            return position.isFinite ? glyphs[min(7, max(0, Int(position)))] : glyphs[3]
        })
    }

    /// Words up to this width are never broken in a table cell: ids such as `LV06.new-rural-nursing`
    /// and header words. Longer tokens (URLs) may be.
    static let wholeWordLimit = 24

    /// Natural widths when they fit; else every column gets at least its longest word (numbers whole)
    /// and the remaining room goes to the columns that lack the most. nil when even that does not fit:
    /// the table is then laid out one block per row, because narrowing a column further would split
    /// words ("Indicator"/"s", "LV05.public-"/"rental").
    static func columnWidths(
        headers: [[String]], cells: [[String]], table: ReportDocument.Table, available: Int, gap: Int
    ) -> [Int]? {
        let count = headers.count
        let room = available - gap * (count - 1)
        let natural = (0..<count).map { index in
            max(headers[index].map { DisplayWidth.width(of: $0) }.max() ?? 0,
                cells.map { DisplayWidth.width(of: $0[index]) }.max() ?? 0, 1)
        }
        if natural.reduce(0, +) <= room { return natural }
        func longestWord(_ text: String) -> Int {
            DisplayWidth.wrap(text, to: 1_000).flatMap { $0.split(separator: " ") }
                .map { DisplayWidth.width(of: $0) }.max() ?? 0
        }
        var widths = (0..<count).map { index -> Int in
            var longest = headers[index].map(longestWord).max() ?? 1
            for (rowIndex, row) in table.rows.enumerated() where index < row.count {
                if case .number = row[index] {
                    longest = max(longest, DisplayWidth.width(of: cells[rowIndex][index]))
                } else {
                    longest = max(longest, min(longestWord(cells[rowIndex][index]), wholeWordLimit))
                }
            }
            return min(natural[index], max(longest, 4))
        }
        var spare = room - widths.reduce(0, +)
        guard spare >= 0 else { return nil }
        while spare > 0, let neediest = widths.indices.filter({ widths[$0] < natural[$0] })
            .max(by: { natural[$0] - widths[$0] < natural[$1] - widths[$1] }) {
            widths[neediest] += 1
            spare -= 1
        }
        return widths
    }

    private func table(_ table: ReportDocument.Table, labels: Format.Labels, into out: inout Layout) {
        out.wrapped(table.caption.bilingual, style: .bold)
        let columns = table.columns
        guard !columns.isEmpty else { return }
        let gap = 2
        // Header: Chinese on the first line, English on the second.
        let headers: [[String]] = columns.map { column in
            var lines = [column.title.zh]
            if let en = column.title.en, !en.isEmpty, en != column.title.zh { lines.append(en) }
            return lines
        }
        let cells: [[String]] = table.rows.map { row in
            // Neutralised before measuring, so a picture (␛) takes its column like any character.
            columns.indices.map { $0 < row.count ? ControlCharacters.neutralise(Format.plain(row[$0], labels: labels)) : "" }
        }
        // Too narrow for the columns with their words whole: one block per row, "header: value" per
        // line, so no column (the status least of all) is cut off and no word split.
        let fitted = columns.count * 4 + gap * (columns.count - 1) > out.width
            ? nil : Self.columnWidths(headers: headers, cells: cells, table: table, available: out.width, gap: gap)
        // The alert legend and the sources close the table in either layout.
        func footer(anyAlert: Bool) {
            if anyAlert { out.wrapped("! = \(labels.alert)", style: .dim) }
            for source in table.sources {
                out.wrapped("\(labels.source): \(source)", hang: 2, style: .dim)
            }
        }
        guard let widths = fitted else {
            var anyAlert = false
            for (rowIndex, row) in table.rows.enumerated() {
                for (index, column) in columns.enumerated() {
                    let style: Layout.Style
                    if index < row.count, let (status, alert, _) = row[index].statusWords {
                        if alert { anyAlert = true }
                        style = alert ? .alert : Layout.style(for: status)
                    } else {
                        style = index == 0 ? .bold : .plain
                    }
                    let text = index == 0 ? cells[rowIndex][index] : "\(column.title.bilingual): \(cells[rowIndex][index])"
                    out.wrapped(text, indent: index == 0 ? 0 : 2, hang: index == 0 ? 0 : 2, style: style)
                }
            }
            footer(anyAlert: anyAlert)
            return
        }
        let alignments: [DisplayWidth.Alignment] = columns.map {
            switch $0.alignment {
            case .leading: .leading
            case .trailing: .trailing
            case .center: .center
            }
        }
        func emit(_ texts: [String], styles: [Layout.Style], bold: Bool) {
            let wrapped = texts.indices.map { DisplayWidth.wrap(texts[$0], to: widths[$0]) }
            let height = wrapped.map(\.count).max() ?? 1
            for lineIndex in 0..<height {
                var parts: [String] = []
                for index in texts.indices {
                    let piece = lineIndex < wrapped[index].count ? wrapped[index][lineIndex] : ""
                    let fitted = DisplayWidth.fit(piece, to: widths[index], alignment: alignments[index])
                    parts.append(out.paint(fitted, bold ? .bold : styles[index]))
                }
                out.paintedLine(parts.joined(separator: String(repeating: " ", count: gap)), clip: true)
            }
        }
        let headerHeight = headers.map(\.count).max() ?? 1
        for lineIndex in 0..<headerHeight {
            emit(headers.map { lineIndex < $0.count ? $0[lineIndex] : "" }, styles: [], bold: true)
        }
        out.line(
            widths.map { String(repeating: "-", count: $0) }.joined(separator: String(repeating: " ", count: gap)),
            clip: true)
        var anyAlert = false
        for (rowIndex, row) in table.rows.enumerated() {
            let styles: [Layout.Style] = columns.indices.map { index in
                guard index < row.count else { return .plain }
                switch row[index] {
                case .status(let status, let alert), .wordedStatus(let status, let alert, _):
                    if alert { anyAlert = true }
                    return alert ? .alert : Layout.style(for: status)
                case .missing: return .dim
                default: return .plain
                }
            }
            emit(cells[rowIndex], styles: styles, bold: false)
        }
        footer(anyAlert: anyAlert)
    }
}

/// Accumulates output lines no wider than `width`, with optional ANSI styling.
struct Layout {
    enum Style { case plain, bold, dim, title, heading, alert, good, warn, bad }

    let width: Int
    let colour: Bool
    private(set) var lines: [String] = []

    init(width: Int, colour: Bool) {
        self.width = width
        self.colour = colour
    }

    var text: String { lines.joined(separator: "\n") + "\n" }

    static func style(for status: AssessmentStatus) -> Style {
        switch status {
        case .targetAchieved, .substantialProgress: .good
        case .moderateProgress, .limitedProgress: .warn
        case .deterioration, .notAchieved: .bad
        case .notAvailable, .pending: .dim
        }
    }

    /// `text` (control characters neutralised) in the style's ANSI colour when colour is on.
    func paint(_ text: String, _ style: Style) -> String {
        let text = ControlCharacters.neutralise(text)
        guard colour, style != .plain, !text.isEmpty else { return text }
        let code: String
        switch style {
        case .plain: return text
        case .bold: code = "1"
        case .dim: code = "2"
        case .title: code = "1;36"
        case .heading: code = "1;34"
        case .alert: code = "1;31"
        case .good: code = "32"
        case .warn: code = "33"
        case .bad: code = "31"
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    mutating func blank() {
        if let last = lines.last, last.isEmpty { return }
        lines.append("")
    }

    /// One line as given (already laid out); `clip` cuts it to the width as a last resort. Control
    /// characters from the data are shown as pictures before the renderer adds its own colours.
    mutating func line(_ text: String, style: Style = .plain, clip: Bool = false) {
        var text = ControlCharacters.neutralise(text)
        if clip, !colour, DisplayWidth.width(of: text) > width { text = DisplayWidth.truncate(text, to: width) }
        while text.hasSuffix(" ") { text.removeLast() }
        lines.append(paint(text, style))
    }

    /// A line whose pieces went through `paint` already (which neutralised them).
    mutating func paintedLine(_ text: String, clip: Bool = false) {
        var text = text
        if clip, !colour, DisplayWidth.width(of: text) > width { text = DisplayWidth.truncate(text, to: width) }
        while text.hasSuffix(" ") { text.removeLast() }
        lines.append(text)
    }

    /// Wrapped to the width: first line at `indent`, continuation lines at `indent + hang`.
    mutating func wrapped(_ text: String, indent: Int = 0, hang: Int = 0, style: Style = .plain) {
        let pieces = DisplayWidth.wrap(text, to: max(1, width - indent - hang))
        for (index, piece) in pieces.enumerated() {
            line(String(repeating: " ", count: indent + (index == 0 ? 0 : hang)) + piece, style: style)
        }
    }

    mutating func rule(_ character: Character) {
        lines.append(paint(String(repeating: character, count: width), .dim))
    }
}
