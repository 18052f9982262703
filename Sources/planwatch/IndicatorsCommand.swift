import ArgumentParser
import Foundation
import PlanWatchCore
import ReportKit

struct IndicatorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "indicators", abstract: "List every plan indicator with its latest assessment.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Only this module's indicators (industry-chains, ecology, livelihood, safety).")
    var module: String?

    @Flag(help: "Write JSON: profile, base, current, target, CAGR_o, CAGR_r, progress value, score, status, warnings.")
    var json = false

    func run() async throws {
        let job = try global.loadJob()
        let assessed = await job.assess()
        let indicators = job.plan.indicators.filter { module == nil || $0.module == module }
        if let module, indicators.isEmpty {
            throw CLIExit.configuration("no indicators in module '\(module)'; modules: industry-chains, ecology, livelihood, safety")
        }
        let records = indicators.map { IndicatorRecord(indicator: $0, assessment: assessed.assessments[$0.id]) }
        if json {
            // Context figures follow the indicators, one entry per source (`"kind": "context"`); a
            // run without any keeps the plain array of indicator records.
            let entries = records.map(Entry.indicator) + SourceContext.bySource(assessed.context).map(Entry.context)
            Console.out(String(decoding: try IndicatorRecord.encoder().encode(entries), as: UTF8.self))
        } else {
            for r in records {
                let a = r.assessment
                let indicator = job.plan.indicator(id: r.id)
                let latest = IndicatorSections.latestFigure(a, indicator?.series.count == 1 ? indicator?.series.first : nil)
                let withheld = indicator.flatMap { i in
                    ObservationStatus.withheldLatest(assessed.observations, ids: Set([i.id] + i.series.map(\.id)))
                }
                let current = latest.map { "\(IndicatorSections.format($0)) (\(a?.currentYear ?? 0))" } ?? withheld ?? (a?.missingFigureLabel.bilingual ?? "数据不足 / no data")
                Console.out("\(r.id)\t\(r.nameZh)\t\(current)\t\(r.targetText)\t\(r.statusZh) / \(r.statusEn)")
            }
        }
        if RunDiagnostics.report(assessed) { throw CLIExit.partial }
    }
}

extension IndicatorsCommand {
    /// One element of the `--json` array: an indicator record, or a source's context figures.
    enum Entry: Encodable {
        case indicator(IndicatorRecord)
        case context(SourceContext)

        func encode(to encoder: any Encoder) throws {
            switch self {
            case .indicator(let record): try record.encode(to: encoder)
            case .context(let context): try context.encode(to: encoder)
            }
        }
    }
}
