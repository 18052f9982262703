import Foundation
import ReportKit

/// Relative column widths for an HTML table, chosen from its content so that a printed A4 page holds
/// the table without clipping and no row takes more lines than it must.
///
/// Browsers' automatic table layout shares the width by each column's longest line, so on a narrow
/// page a long bilingual indicator name was squeezed to six to eight lines while the status and
/// progress columns stayed half empty, and the 9-column indicator table still came out wider than A4.
/// Here every column gets its longest cell divided by the same number of lines L (never less than its
/// longest unbreakable word), with the smallest L whose widths fit the page; the widths are then
/// printed as percentages with `table-layout: fixed`.
///
/// Widths are in units of half an em: a CJK character (wide in ``DisplayWidth``) is 2, a lower-case
/// Latin letter 1 and any other character 1.2, about what the stylesheet's sans-serif fonts measure
/// (digits and capitals about 0.6 em); a column also gets ``wordSlack`` over its longest word.
struct ColumnWidths {
    /// Content units an A4 page has for one table: 186 mm between the margins at the 9 pt print size
    /// is 117 half-ems. No reserve is kept: the per-character estimate is already on the wide side
    /// (measured in headless Chromium with Noto Sans CJK: lower-case text 0.93, digits 1.11, CJK 2.0
    /// half-ems), and the fixed layout can never make the table wider than the page.
    static let a4Budget = 117.0
    /// Cell padding and border per column, in the same units (4 px each side, 1 px border at 9 pt).
    static let cellOverhead = 1.5
    /// The progress bar's print width (3.5 em) and the padding and border a status badge adds.
    static let barUnits = 7.0, badgeUnits = 3.0

    /// Added to a column's longest word, so that a code like K05 or a year is never split.
    static let wordSlack = 0.5

    /// The most lines any cell of a row should take when the table fits at all.
    private static let maxLines = 8

    /// The longest line (when nothing wraps) and the longest unbreakable word of one column.
    struct Extent: Equatable {
        var longest: Double
        var word: Double
    }

    let extents: [Extent]

    /// `labels`: the report's language, so that a missing cell or a status badge is measured with the
    /// words the renderer writes (数据不足 alone in a Chinese report), not the bilingual form.
    init(_ table: ReportDocument.Table, labels: Format.Labels = Format.bilingualLabels) {
        var extents = table.columns.map { column in
            let titles = [column.title.zh, column.title.en ?? ""]  // printed on two lines
            return Extent(longest: titles.map(Self.units).max() ?? 0, word: titles.map(Self.longestWord).max() ?? 0)
        }
        for row in table.rows {
            for (index, cell) in row.enumerated() where index < extents.count {
                let extent = Self.extent(of: cell, labels: labels)
                extents[index].longest = max(extents[index].longest, extent.longest)
                extents[index].word = max(extents[index].word, extent.word)
            }
        }
        self.extents = extents
    }

    init(extents: [Extent]) {
        self.extents = extents
    }

    /// The fewest lines per row for which the columns fit `budget`, and the widths that give it. When
    /// even `maxLines` does not fit, the widths for `maxLines` (the page then scales them down).
    func layout(budget: Double = Self.a4Budget) -> (lines: Int, widths: [Double]) {
        let available = budget - Self.cellOverhead * Double(extents.count)
        var widths: [Double] = []
        for lines in 1...Self.maxLines {
            widths = extents.map { max($0.word + Self.wordSlack, $0.longest / Double(lines), 1) }
            if widths.reduce(0, +) <= available { return (lines, widths) }
        }
        return (Self.maxLines, widths)
    }

    /// Each column's share of the table width, in percent with one decimal, summing to about 100. A
    /// column's width in CSS includes its padding and border, so the share does too.
    func percentages(budget: Double = Self.a4Budget) -> [Double] {
        let widths = layout(budget: budget).widths.map { $0 + Self.cellOverhead }
        let total = widths.reduce(0, +)
        guard total > 0 else { return widths.map { _ in 100 / Double(max(widths.count, 1)) } }
        return widths.map { ($0 / total * 1000).rounded() / 10 }
    }

    // MARK: - Measuring cells

    static func extent(of cell: ReportDocument.Cell, labels: Format.Labels = Format.bilingualLabels) -> Extent {
        switch cell {
        case .text(let text):
            return Extent(longest: units(text), word: longestWord(text))
        case .number(let value, let decimals):
            // Numbers never wrap (`.num` is nowrap).
            let width = units(Format.display(value, decimals: decimals))
            return Extent(longest: width, word: width)
        case .missing(let label):
            let text = labels.missing(label)
            return Extent(longest: units(text), word: longestWord(text))
        case .status, .wordedStatus:
            // The badge: symbol and the label in the report's language(s) (Chinese, then English, in a
            // bilingual report); it may wrap between the words.
            let (status, alert, label) = cell.statusWords!
            let (zh, english) = switch labels.language {
            case .both: (label.zh, label.en ?? "")
            case .zh: (label.zh, "")
            case .en: ("", label.en ?? label.zh)
            }
            let text = [Format.symbol(status), zh, english].filter { !$0.isEmpty }.joined(separator: " ")
            let head = [Format.symbol(status), zh].filter { !$0.isEmpty }.joined(separator: " ")
            var extent = Extent(longest: units(text) + badgeUnits, word: max(units(head), longestWord(english)) + badgeUnits)
            if alert {
                let tag = "! " + labels.chartWord("约束性预警", "binding alert")
                extent.longest += units(tag) + badgeUnits
                extent.word = max(extent.word, units(labels.language == .en ? "! binding" : "! 约束性预警") + badgeUnits)
            }
            return extent
        case .progress(_, let label):
            // The bar and its label (nowrap) side by side, or the label under the bar.
            let width = units(label)
            return Extent(longest: barUnits + 1 + width, word: max(barUnits, width))
        }
    }

    /// The printed width of `text` in half-ems: 2 for a wide (CJK) character, 1 for a lower-case Latin
    /// letter, 1.2 for any other.
    static func units(_ text: String) -> Double {
        text.reduce(0) { $0 + unit($1) }
    }

    private static func unit(_ character: Character) -> Double {
        // One ASCII scalar (nearly every character of a table): no Character comparison, which
        // normalises both sides.
        if let v = DisplayWidth.singleScalar(character), v < 0x80 { return (0x61...0x7A).contains(v) ? 1 : 1.2 }
        if DisplayWidth.width(of: character) >= 2 { return 2 }
        return ("a"..."z").contains(character) ? 1 : 1.2
    }

    private static func isWhitespace(_ character: Character) -> Bool {
        if let v = DisplayWidth.singleScalar(character), v < 0x80 { return v == 0x20 || (0x09...0x0D).contains(v) }
        return character.isWhitespace
    }

    /// The widest run a browser cannot break: Latin words and numbers; CJK text breaks between
    /// characters, so each counts alone.
    static func longestWord(_ text: String) -> Double {
        var longest = 0.0, current = 0.0
        for character in text {
            let width = unit(character)
            if isWhitespace(character) {
                current = 0
            } else if width >= 2 {
                current = 0
                longest = max(longest, width)
            } else {
                current += width
                longest = max(longest, current)
            }
        }
        return longest
    }
}
