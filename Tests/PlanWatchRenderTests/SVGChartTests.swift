import Foundation
import ReportKit
import Testing
@testable import PlanWatchRender

/// The y axis of a chart: round ends, and a span wide enough that a hairline change looks like one.
@Suite struct SVGChartTests {
    /// The y-axis tick values of a chart, read back from the SVG.
    static func yTicks(_ svg: String) -> [Double] {
        svg.components(separatedBy: "<text class=\"ytick\"").dropFirst().compactMap { part in
            part.split(separator: ">", maxSplits: 1).last.flatMap { Double($0.prefix { $0 != "<" }) }
        }
    }

    /// K23 forest cover: maintain 45.31, figures 45.30 and 45.31. The axis must start at a round value
    /// and span several percent of the level, not 45.295 to 45.315.
    @Test func maintainTargetNearTheFiguresGetsAnAxisOfSeveralPercent() {
        let chart = ReportDocument.Chart(
            id: "K23", title: LocalizedText(zh: "森林覆盖率", en: "Forest coverage rate"), unit: "%",
            observed: [.init(year: 2021, value: 45.3), .init(year: 2022, value: 45.31)],
            baseline: .init(year: 2020, value: 45.31), target: .init(year: 2025, value: 45.31),
            targetKind: .maintain, projection: [], status: .targetAchieved)
        let ticks = Self.yTicks(SVGChart(chart: chart, index: 1).svg())
        #expect(ticks == [43, 44, 45, 46, 47], "\(ticks)")
        let span = ticks.last! - ticks.first!
        #expect(span >= 0.05 * 45.31)
        // The 0.01 step is then under half a percent of the plot height.
        #expect(0.01 / span < 0.005)
    }

    @Test(arguments: [
        [45.3, 45.31, 45.31, 45.31],  // K23: maintain
        [86.0, 86.8, 87.7, 90.4],  // K21: floor at 86
        [5.5, 5.5],  // a ceiling on the bound
        [0.026, 0.026],  // a small rate, flat
        [1234567.0, 1234600.0],  // a large level, nearly flat
    ])
    func rangeCoversTheValuesWithAtLeastFivePercent(_ values: [Double]) {
        let range = SVGChart.valueRange(values)
        let ticks = SVGChart.niceTicks(low: range.low, high: range.high).values
        let magnitude = values.map(abs).max()!
        #expect(ticks.first! <= values.min()! && ticks.last! >= values.max()!)
        #expect(ticks.last! - ticks.first! >= SVGChart.minimumRelativeSpan * magnitude, "\(ticks)")
        // A margin above and below the values, so no point sits on the frame.
        #expect(range.low < values.min()! && range.high > values.max()!)
        // Never more than a few times the minimum when the values themselves are flat.
        #expect(ticks.last! - ticks.first! <= 0.2 * magnitude, "\(ticks)")
        #expect(ticks.count >= 3 && ticks.count <= 8)
    }

    @Test func wideSeriesKeepTheirOwnSpan() {
        // GDP growth 4.2 to 7.5: already far wider than 5%, so only the 8% margin is added.
        let range = SVGChart.valueRange([4.2, 5.4, 4.6, 7.5])
        #expect(abs(range.low - (4.2 - 3.3 * 0.08)) < 1e-9)
        #expect(abs(range.high - (7.5 + 3.3 * 0.08)) < 1e-9)
        #expect(SVGChart.niceTicks(low: range.low, high: range.high).values == [3, 4, 5, 6, 7, 8])
    }

    @Test func axisStaysOnTheSideOfZeroOfItsValues() {
        // A share falling towards 0 never gets a negative axis from the margin.
        #expect(SVGChart.valueRange([2.1, 0]).low == 0)
        #expect(SVGChart.valueRange([0.3, 0.2]).low >= 0)
        #expect(SVGChart.valueRange([-3, -0.1]).high <= 0)
        // Values on both sides keep both.
        let both = SVGChart.valueRange([-1.5, 2])
        #expect(both.low < -1.5 && both.high > 2)
        // All zero: a unit span.
        let zero = SVGChart.valueRange([0, 0])
        #expect(zero.low == 0 && zero.high > 0.9)
        #expect(SVGChart.valueRange([.nan]) == (0, 1))
    }
}

/// Column widths for print: the fewest lines per row that fit A4, no column under its longest word.
@Suite struct ColumnWidthsTests {
    @Test func longNameWrapsToFewLinesAndNarrowColumnsKeepTheirWidth() {
        let widths = ColumnWidths(extents: [
            .init(longest: 4, word: 4),  // id
            .init(longest: 100, word: 12),  // bilingual name
            .init(longest: 6, word: 6),  // attribute
            .init(longest: 5, word: 5), .init(longest: 5, word: 5), .init(longest: 4, word: 4), .init(longest: 8, word: 3),
            .init(longest: 31, word: 11),  // status badge
            .init(longest: 16, word: 8),  // progress
        ])
        let (lines, columns) = widths.layout()
        // Each column is at least its longest word plus half a unit. Two lines would need 104.5 units
        // of the 103.5 left after padding; three need 83.3.
        #expect(lines == 3, "\(columns)")
        #expect(abs(columns[1] - 100.0 / 3) < 1e-9)
        #expect(columns[7] == 11.5 && columns[0] == 4.5 && columns[8] == 8.5)
        #expect(columns.reduce(0, +) <= ColumnWidths.a4Budget - ColumnWidths.cellOverhead * 9)
        let percent = widths.percentages()
        #expect(abs(percent.reduce(0, +) - 100) < 0.6)
        #expect(percent[1] > 35)
    }

    @Test func shortTablesNeedOneLine() {
        let widths = ColumnWidths(extents: [.init(longest: 10, word: 4), .init(longest: 4, word: 4)])
        #expect(widths.layout().lines == 1)
        #expect(widths.percentages() == [65.7, 34.3])  // (10 + 1.5) and (4.5 + 1.5) of 17.5
    }

    @Test func wordsAreNeverSplit() {
        // Too wide for any number of lines: each column keeps at least its longest word.
        let widths = ColumnWidths(extents: Array(repeating: .init(longest: 400, word: 30), count: 6))
        let (lines, columns) = widths.layout()
        #expect(lines == 8)
        #expect(columns.allSatisfy { $0 >= 50 })
    }

    @Test func measuresCellsAsTheyPrint() {
        // Lower-case letters count 1 half-em, digits and capitals 1.2, CJK characters 2; CJK breaks anywhere.
        #expect(abs(ColumnWidths.longestWord("产业投资占固定资产投资比重 (%) / Industrial investment share") - 10.2) < 1e-9)  // "Industrial"
        #expect(ColumnWidths.longestWord("森林覆盖率") == 2)
        #expect(abs(ColumnWidths.units("森林 K23") - 8.8) < 1e-9)  // 2 + 2 + space and three Latin characters
        let number = ColumnWidths.extent(of: .number(1234.5, decimals: 1))
        #expect(abs(number.longest - 7.2) < 1e-9 && number.word == number.longest)
        let badge = ColumnWidths.extent(of: .status(.moderateProgress, alert: false))
        #expect(badge.word >= Double("progress".count))
        #expect(badge.longest > badge.word)
        #expect(ColumnWidths.extent(of: .progress(0.79, label: "R=0.79")).word >= ColumnWidths.barUnits)
    }

    @Test func tableGetsAColumnGroupWithTheWidths() {
        let html = HTMLRenderer().renderString(Sample.document())
        let group = html.components(separatedBy: "<colgroup>").dropFirst().first?.components(separatedBy: "</colgroup>").first ?? ""
        let percents = group.components(separatedBy: "width:").dropFirst().compactMap { Double($0.prefix { $0 != "%" }) }
        #expect(!percents.isEmpty)
        #expect(abs(percents.reduce(0, +) - 100) < 1)
    }
}
