import ArgumentParser
import Foundation
import PlanWatchCore

struct FetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Fetch the configured sources and report each one: fresh, not-modified, stale or failed.",
        discussion: "One line per source: outcome, HTTP status, bytes, time, URL (secrets masked) and the reason; decoder warnings go to standard error. Exit 3 when a source failed or is stale.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Only this source id.")
    var source: String?

    func run() async throws {
        let job = try global.loadJob()
        if let source, !job.config.sources.contains(where: { $0.id == source }) {
            throw CLIExit.configuration("--source: no source '\(source)'; sources: \(job.config.sources.map(\.id).joined(separator: ", "))")
        }
        let remote = job.config.sources.filter { source == nil || $0.id == source }.filter { if case .url = $0.location { true } else { false } }
        let loaded = await SourceLoader(config: job.config, logger: job.logger)
            .load(only: source, progress: FetchProgress.forStandardError(total: remote.count)?.update)
        for record in loaded.records {
            Console.out(record.summaryLine)
            // Decoder warnings explain a source's figures (an empty time range gives 0 observations
            // and says so); stdout keeps one line per source.
            for problem in record.problems {
                Console.error("warning: source '\(record.id)': \(problem)")
            }
            for warning in record.warnings {
                Console.error("warning: source '\(record.id)': \(warning)")
            }
        }
        if loaded.records.contains(where: { !$0.isUsable || $0.isPartial }) { throw CLIExit.partial }
    }
}
