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
        var definedAt: String
    }

    func run() async throws {
        let job = try global.loadJob()
        let listings = job.reports.map {
            Listing(id: $0.id, title: $0.title, department: $0.department, asOf: $0.asOf, language: $0.language.rawValue,
                    formats: $0.formats, sections: $0.sections, indicators: $0.indicators, regions: $0.regions,
                    output: $0.documentID, definedAt: $0.definedAt)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            Console.out(String(decoding: try encoder.encode(listings), as: UTF8.self))
            return
        }
        for l in listings {
            let asOf = l.asOf.map { "as of \($0)" } ?? "latest"
            Console.out("\(l.id)\t\(l.title.bilingual)\t\(l.department?.bilingual ?? "—")\t\(asOf)\t\(l.language)\t\(l.indicators.count) indicators\t\(l.output)")
        }
    }
}
