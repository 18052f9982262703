import ArgumentParser
import Foundation
import PlanWatchCore

struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Recent runs of the scheduled jobs: outcome, duration, failed or stale sources, revised figures.",
        discussion: "Reads the ledger in the data directory's store (docs/STORE.md). Runs whose process is gone are shown as interrupted.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Only the runs of this job.")
    var job: String?

    @Option(help: "How many runs, newest first.")
    var limit: Int = 20

    @Flag(help: "JSON instead of text.")
    var json = false

    func run() async throws {
        let loaded = try global.loadJob()
        let file = loaded.config.dataDirectory.appendingPathComponent("store.sqlite")
        let history: RunHistory
        do {
            history = try RunHistory(store: try JobRunner.openStore(loaded.config), job: job, limit: max(limit, 1))
        } catch {
            throw CLIExit.failure("cannot read the store \(file.path): \(error)")
        }
        if json {
            do {
                try Console.raw(String(decoding: try history.json(), as: UTF8.self) + "\n")
            } catch {
                throw CLIExit.failure("writing the history: \(error)")
            }
            return
        }
        if history.entries.isEmpty {
            Console.out("no runs\(job.map { " of job '\($0)'" } ?? "") recorded in \(ReportJob.displayPath(file))")
        }
        for line in history.lines { Console.out(line) }
    }
}
