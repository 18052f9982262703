import ArgumentParser
import Foundation
import PlanWatchCore
import ReportKit

struct ReportsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reports", abstract: "List the department report definitions (Reports/*.yaml).",
        discussion: "Each line: id, title, department, cut-off year, language, indicators, output stem. Write one with `planwatch run --report ID`.")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Write JSON instead of text.")
    var json = false

    struct Listing: Encodable {
        var id: String
        var title: LocalizedText
        var department: LocalizedText?
        var asOf: Int?
        var language: String
        var formats: [String]?
        var sections: [String]
        var indicators: [String]
        var regions: [String]
        var output: String
        /// `region` for a fanned-out definition.
        var forEach: String?
        /// Every document stem the definition writes: the report, then one per region.
        var outputs: [String]
        var definedAt: String
    }

    func run() async throws {
        let job = try global.loadJob()
        let listings = job.reports.map { d in
            var report = DepartmentReport(definition: d, plan: job.plan, profile: ProgressProfile.named(job.config.profile),
                                          observations: [], generatedAt: Date())
            report.regions = job.regions
            report.seriesRegions = job.seriesRegions
            let regional = d.forEachRegion ? report.fanOutRegions().map { "\(d.documentID)-\($0.code)" } : []
            return Listing(id: d.id, title: d.title, department: d.department, asOf: d.asOf, language: d.language.rawValue,
                           formats: d.formats, sections: d.sections, indicators: d.indicators, regions: d.regions,
                           output: d.documentID, forEach: d.forEachRegion ? "region" : nil, outputs: [d.documentID] + regional,
                           definedAt: d.definedAt)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            Console.out(String(decoding: try encoder.encode(listings), as: UTF8.self))
            return
        }
        for l in listings {
            let asOf = l.asOf.map { "as of \($0)" } ?? "latest"
            Console.out("\(l.id)\t\(l.title.bilingual)\t\(l.department?.bilingual ?? "—")\t\(asOf)\t\(l.language)\t\(l.indicators.count) indicators\t\(l.outputs.joined(separator: ","))")
        }
    }
}
