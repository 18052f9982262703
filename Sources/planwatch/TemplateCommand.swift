import ArgumentParser
import Foundation
import PlanWatchCore
import PlanWatchEntry
import PlanWatchText

struct TemplateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Write a data-entry template (填报表) for the figures still missing: Excel (.xlsx) or CSV (UTF-8 with BOM).")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Only this module's indicators (industry-chains, ecology, livelihood, safety).")
    var module: String?

    @Option(help: "Only these indicator or series ids, comma separated (K07,IC03.b100).")
    var indicators: String?

    @Option(help: "Only the indicators of this department report definition (Reports/<id>.yaml; see `planwatch reports`).")
    var report: String?

    @Option(help: "Years to ask for, A-B (default: the baseline year to the plan's last year).")
    var years: String?

    @Flag(help: "One row per series, region and year, including those already filled.")
    var all = false

    @Option(help: "Output file: .xlsx (Excel workbook) or .csv.")
    var out: String

    func run() async throws {
        let job = try global.loadJob()
        let plan = job.plan
        var range = (plan.startYear - 1)...plan.endYear
        if let years {
            let parts = years.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 2, parts[0] <= parts[1] else {
                throw CLIExit.configuration("--years: '\(years)' is not a range like 2021-2025")
            }
            range = parts[0]...parts[1]
        }
        if let module, !plan.indicators.contains(where: { $0.module == module }) {
            throw CLIExit.configuration("--module: no indicators in module '\(module)'; modules: industry-chains, ecology, livelihood, safety")
        }
        var ids = indicators?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        if let report {
            guard ids == nil, module == nil else {
                throw CLIExit.configuration("--report selects the indicators itself; give one of --module, --report or --indicators")
            }
            guard let definition = job.reports.first(where: { $0.id == report }) else {
                throw CLIExit.configuration("--report: no report definition '\(report)'; definitions: \(job.reports.map(\.id).joined(separator: ", "))")
            }
            ids = definition.indicators
            // A report read as of a year asks only for the figures up to that year.
            if years == nil, let asOf = definition.asOf { range = range.lowerBound...min(range.upperBound, asOf) }
        }
        for id in ids ?? [] where plan.indicator(id: id) == nil {
            throw CLIExit.configuration("--indicators: '\(id)' is not an indicator or series of plan \(plan.id)")
        }
        let assessed = await job.assess()
        let template = EntryTemplate(plan: plan, observations: assessed.observations + assessed.unmapped,
                                     region: job.config.region ?? plan.region.code, module: module, indicators: ids,
                                     years: range, all: all)
        let url = GlobalOptions.resolve(out)
        do {
            switch url.pathExtension.lowercased() {
            case "xlsx": try XLSXTemplateWriter.write(template, to: url)
            case "csv": try AtomicFileWriter.write(template.csv(), to: url, masking: false)
            default: throw CLIExit.configuration("--out: '\(out)' must end in .xlsx or .csv")
            }
        } catch let exit as CLIExit {
            throw exit
        } catch {
            throw CLIExit.failure("\(error)")
        }
        Console.out("wrote \(template.rows.count) rows for \(template.definitions.count) series to \(out)")
    }
}
