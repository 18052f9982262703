import Foundation
import ReportKit

/// One chart as inline SVG: observed series (solid, dots), baseline (square), target (dash-dot line
/// with a diamond at the target year, or a hatched band and bound line for ceilings and floors),
/// projection (dashed), axes with year labels, and a legend. Geometry is layout only: the points
/// drawn are those in the document.
struct SVGChart {
    let chart: ReportDocument.Chart
    /// Position of the chart in the document, used for element ids (never data).
    let index: Int
    /// The report's language: legend, target and projection labels and "no data" follow it, like the tables.
    var labels: Format.Labels = Format.bilingualLabels

    static let width = 680.0, height = 330.0
    static let left = 64.0, right = 150.0, top = 18.0, plotBottom = 250.0

    private var plotWidth: Double { Self.width - Self.left - Self.right }
    private var plotHeight: Double { Self.plotBottom - Self.top }

    func svg() -> String {
        let e = HTMLEscape.escape
        let titleID = "chart-\(index)-title"
        var o = """
            <svg class="chart" viewBox="0 0 \(Int(Self.width)) \(Int(Self.height))" width="\(Int(Self.width))" height="\(Int(Self.height))" \
            role="img" aria-labelledby="\(titleID)" xmlns="http://www.w3.org/2000/svg">
            <title id="\(titleID)">\(e(chart.title.bilingual)) (\(e(chart.unit)))</title>
            <defs><pattern id="hatch-\(index)" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">\
            <rect width="8" height="8" fill="#e6f2e6"/><line x1="0" y1="0" x2="0" y2="8" stroke="#8fbf8f" stroke-width="2"/></pattern></defs>

            """
        let all = chart.observed + [chart.baseline, chart.target].compactMap { $0 } + chart.projection
        let points = all.filter { $0.value.isFinite }
        guard !points.isEmpty else {
            o += "<text x=\"\(Int(Self.width / 2))\" y=\"\(Int(Self.height / 2))\" text-anchor=\"middle\" class=\"nodata\">\(e(labels.noData))</text>\n</svg>"
            return o
        }
        // Domains.
        var minYear = points.map(\.year).min()!, maxYear = points.map(\.year).max()!
        if minYear == maxYear { minYear -= 1; maxYear += 1 }
        let range = Self.valueRange(points.map(\.value))
        let ticks = Self.niceTicks(low: range.low, high: range.high)
        let yLow = ticks.values.first!, yHigh = ticks.values.last!
        func x(_ year: Int) -> Double { Self.left + Double(year - minYear) / Double(maxYear - minYear) * plotWidth }
        func y(_ value: Double) -> Double { Self.plotBottom - (value - yLow) / (yHigh - yLow) * plotHeight }
        func n(_ v: Double) -> String { Format.display(v, decimals: 1) }
        let plotRight = Self.left + plotWidth

        // Grid and y axis.
        for tick in ticks.values {
            o += "<line class=\"grid\" x1=\"\(n(Self.left))\" y1=\"\(n(y(tick)))\" x2=\"\(n(plotRight))\" y2=\"\(n(y(tick)))\"/>"
            o += "<text class=\"ytick\" x=\"\(n(Self.left - 8))\" y=\"\(n(y(tick) + 4))\" text-anchor=\"end\">\(Format.display(tick, decimals: ticks.decimals))</text>\n"
        }
        // Target: band and bound line for ceilings and floors, else a dash-dot line and a diamond.
        if let target = chart.target, target.value.isFinite {
            let ty = y(target.value)
            switch chart.targetKind {
            case .ceiling, .floor, .maintain:
                let (bandTop, bandBottom) = chart.targetKind == .ceiling ? (ty, Self.plotBottom) : (Self.top, ty)
                o += "<rect class=\"band\" x=\"\(n(Self.left))\" y=\"\(n(bandTop))\" width=\"\(n(plotWidth))\" height=\"\(n(max(0, bandBottom - bandTop)))\" fill=\"url(#hatch-\(index))\"/>\n"
                o += "<line class=\"bound\" x1=\"\(n(Self.left))\" y1=\"\(n(ty))\" x2=\"\(n(plotRight))\" y2=\"\(n(ty))\"/>\n"
            default:
                o += "<line class=\"target\" x1=\"\(n(Self.left))\" y1=\"\(n(ty))\" x2=\"\(n(plotRight))\" y2=\"\(n(ty))\"/>\n"
                o += "<path class=\"target-mark\" d=\"M\(n(x(target.year))) \(n(ty - 7))l7 7l-7 7l-7 -7z\"/>\n"
            }
            let relation = chart.targetKind == .ceiling ? "≤ " : ([.floor, .maintain].contains(chart.targetKind) ? "≥ " : "")
            o += "<text class=\"label target-label\" x=\"\(n(plotRight + 8))\" y=\"\(n(ty + 4))\">\(e(targetName)) \(target.year) \(relation)\(e(Format.label(target.value)))</text>\n"
        }
        // X axis with year labels.
        o += "<line class=\"axis\" x1=\"\(n(Self.left))\" y1=\"\(n(Self.plotBottom))\" x2=\"\(n(plotRight))\" y2=\"\(n(Self.plotBottom))\"/>"
        o += "<line class=\"axis\" x1=\"\(n(Self.left))\" y1=\"\(n(Self.top))\" x2=\"\(n(Self.left))\" y2=\"\(n(Self.plotBottom))\"/>\n"
        let span = maxYear - minYear
        let step = span <= 12 ? 1 : (span <= 24 ? 2 : 5)
        for year in stride(from: minYear, through: maxYear, by: step) {
            o += "<line class=\"axis\" x1=\"\(n(x(year)))\" y1=\"\(n(Self.plotBottom))\" x2=\"\(n(x(year)))\" y2=\"\(n(Self.plotBottom + 5))\"/>"
            o += "<text class=\"xtick\" x=\"\(n(x(year)))\" y=\"\(n(Self.plotBottom + 19))\" text-anchor=\"middle\">\(year)</text>\n"
        }
        if !chart.unit.isEmpty {
            o += "<text class=\"unit\" x=\"\(n(Self.left + 6))\" y=\"\(n(Self.top - 5))\">\(e(chart.unit))</text>\n"
        }
        // Baseline.
        if let baseline = chart.baseline, baseline.value.isFinite {
            let bx = x(baseline.year), by = y(baseline.value)
            o += "<rect class=\"baseline\" x=\"\(n(bx - 5))\" y=\"\(n(by - 5))\" width=\"10\" height=\"10\"/>\n"
        }
        // Projection (dashed), drawn before the observed line so the observed dots stay on top.
        let projection = chart.projection.filter { $0.value.isFinite }
        if projection.count >= 2 || (projection.count == 1 && chart.observed.last != nil) {
            var path = projection
            if projection.count == 1, let last = chart.observed.last { path.insert(last, at: 0) }
            o += "<polyline class=\"projection\" points=\"\(path.map { "\(n(x($0.year))),\(n(y($0.value)))" }.joined(separator: " "))\"/>\n"
            let end = path.last!
            o += "<circle class=\"projection-end\" cx=\"\(n(x(end.year)))\" cy=\"\(n(y(end.value)))\" r=\"4\"/>"
            o += "<text class=\"label projection-label\" x=\"\(n(plotRight + 8))\" y=\"\(n(y(end.value) + 4 + labelNudge(end.value, y: y)))\">\(e(plotWord("预测", "projection"))) \(e(Format.label(end.value)))</text>\n"
        }
        // Observed.
        let observed = chart.observed.filter { $0.value.isFinite }
        if observed.count >= 2 {
            o += "<polyline class=\"observed\" points=\"\(observed.map { "\(n(x($0.year))),\(n(y($0.value)))" }.joined(separator: " "))\"/>\n"
        }
        for point in observed {
            o += "<circle class=\"observed-dot\" cx=\"\(n(x(point.year)))\" cy=\"\(n(y(point.value)))\" r=\"3.5\"/>"
        }
        if let first = observed.first {
            o += "<text class=\"value\" x=\"\(n(x(first.year)))\" y=\"\(n(y(first.value) - 9))\" text-anchor=\"middle\">\(e(Format.label(first.value)))</text>"
        }
        if let last = observed.last, observed.count > 1 {
            o += "<text class=\"value\" x=\"\(n(x(last.year)))\" y=\"\(n(y(last.value) - 9))\" text-anchor=\"middle\">\(e(Format.label(last.value)))</text>"
        }
        if observed.isEmpty {
            o += "<text class=\"nodata\" x=\"\(n(Self.left + plotWidth / 2))\" y=\"\(n(Self.top + plotHeight / 2))\" text-anchor=\"middle\">\(e(labels.noData))</text>"
        }
        o += "\n" + legend() + "</svg>"
        return o
    }

    private var targetName: String {
        switch chart.targetKind {
        case .ceiling: plotWord("上限", "ceiling")
        case .floor: plotWord("下限", "floor")
        case .maintain: plotWord("保持", "maintain")
        default: plotWord("目标", "target")
        }
    }

    /// A label inside the plot, where room is short: Chinese alone in a Chinese or bilingual report
    /// (the legend gives the English), English alone in an English one.
    private func plotWord(_ zh: String, _ en: String) -> String {
        labels.language == .en ? en : zh
    }

    /// Moves the projection label off the target label when both sit at about the same height.
    private func labelNudge(_ value: Double, y: (Double) -> Double) -> Double {
        guard let target = chart.target, target.value.isFinite else { return 0 }
        let gap = y(value) - y(target.value)
        guard abs(gap) < 14 else { return 0 }
        return gap >= 0 ? 14 - gap : -(14 + gap)
    }

    private func legend() -> String {
        let y = Self.height - 22
        var items: [(String, String)] = [
            ("<line class=\"observed\" x1=\"0\" y1=\"0\" x2=\"22\" y2=\"0\"/><circle class=\"observed-dot\" cx=\"11\" cy=\"0\" r=\"3.5\"/>", labels.chartWord("实际", "observed")),
        ]
        if chart.baseline != nil {
            items.append(("<rect class=\"baseline\" x=\"6\" y=\"-5\" width=\"10\" height=\"10\"/>", labels.chartWord("基期", "baseline")))
        }
        if chart.target != nil {
            switch chart.targetKind {
            case .ceiling, .floor, .maintain:
                let kind = chart.targetKind == .ceiling ? labels.chartWord("上限", "ceiling") : (chart.targetKind == .floor ? labels.chartWord("下限", "floor") : labels.chartWord("保持", "maintain"))
                let label = "\(kind) (\(labels.chartWord("达标区", "met")))"
                items.append(("<rect class=\"band\" x=\"0\" y=\"-7\" width=\"22\" height=\"14\" fill=\"url(#hatch-\(index))\"/><line class=\"bound\" x1=\"0\" y1=\"-7\" x2=\"22\" y2=\"-7\"/>", label))
            default:
                items.append(("<line class=\"target\" x1=\"0\" y1=\"0\" x2=\"22\" y2=\"0\"/>", labels.chartWord("目标", "target")))
            }
        }
        if !chart.projection.isEmpty {
            items.append(("<line class=\"projection\" x1=\"0\" y1=\"0\" x2=\"22\" y2=\"0\"/>", labels.chartWord("预测", "projection")))
        }
        var o = "<g class=\"legend\">"
        var x = Self.left
        for (swatch, label) in items {
            o += "<g transform=\"translate(\(Format.display(x, decimals: 1)) \(Format.display(y, decimals: 1)))\">\(swatch)<text x=\"28\" y=\"4\">\(HTMLEscape.escape(label))</text></g>"
            x += 40 + Double(DisplayWidth.width(of: label)) * 6.6
        }
        return o + "</g>\n"
    }

    /// The smallest span the value axis may have, as a share of the largest magnitude shown. A
    /// maintain target of 45.31 with figures of 45.30 and 45.31 would otherwise fill the plot with a
    /// 0.01 step and read as a collapse; with 5% the axis runs 43 to 47 and the step is the hairline it is.
    static let minimumRelativeSpan = 0.05

    /// The values the y axis must show (observations, baseline, target, projection), widened to at
    /// least ``minimumRelativeSpan`` of their magnitude around their middle, with an 8% margin each
    /// side, and kept on the side of zero the values are on (a margin never makes a share negative).
    /// ``niceTicks(low:high:)`` then rounds the ends outwards to tick values.
    static func valueRange(_ values: [Double]) -> (low: Double, high: Double) {
        let finite = values.filter(\.isFinite)
        guard var low = finite.min(), var high = finite.max() else { return (0, 1) }
        let magnitude = max(abs(low), abs(high))
        let minimumSpan = magnitude > 0 ? magnitude * minimumRelativeSpan : 1
        if high - low < minimumSpan {
            let middle = (low + high) / 2
            low = middle - minimumSpan / 2
            high = middle + minimumSpan / 2
        }
        let margin = (high - low) * 0.08
        var paddedLow = low - margin, paddedHigh = high + margin
        if let dataLow = finite.min(), dataLow >= 0, paddedLow < 0 {
            paddedHigh -= paddedLow
            paddedLow = 0
        }
        if let dataHigh = finite.max(), let dataLow = finite.min(), dataHigh <= 0, dataLow < 0, paddedHigh > 0 {
            paddedLow -= paddedHigh
            paddedHigh = 0
        }
        return (paddedLow, paddedHigh)
    }

    /// About five round tick values covering low...high, and the decimals to print them with.
    static func niceTicks(low: Double, high: Double) -> (values: [Double], decimals: Int) {
        let rough = (high - low) / 4
        let magnitude = pow(10, floor(log10(rough)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? 10 * magnitude
        let start = floor(low / step) * step, end = ceil(high / step) * step
        var values: [Double] = []
        var v = start
        while v <= end + step * 0.001, values.count < 20 {
            values.append(abs(v) < step * 1e-9 ? 0 : v)
            v += step
        }
        let decimals = max(0, -Int(floor(log10(step)))) + (step / magnitude == 2.5 ? 1 : 0)
        return (values, decimals)
    }
}
