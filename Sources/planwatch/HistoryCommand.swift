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

    @Option(parsing: .unconditional, help: "How many runs, newest first (1 to 100000).")
    var limit: Int = 20

    @Flag(help: "JSON instead of text.")
    var json = false

    func run() async throws {
        let limit = try OptionRange.checked("--limit", limit, in: ConfigLimits.historyLimit, what: "the number of runs to list, newest first,")
        let loaded = try global.loadJob()
        let file = loaded.config.dataDirectory.appendingPathComponent("store.sqlite")
        let history: RunHistory
        do {
            history = try RunHistory(store: try JobRunner.openStore(loaded.config), job: job, limit: limit)
        } catch {
            throw CLIExit.failure("cannot read the store \(file.path): \(error)")
        }
        // A name that is not a job: a typo (exit 2), unless the store has runs of it (a job since
        // removed or renamed), which stay listed with a note.
        if let job, !loaded.config.jobs.contains(where: { $0.name == job }) {
            let known = loaded.config.jobs.map(\.name)
            guard !history.entries.isEmpty else {
                throw CLIExit.configuration("\(global.config): no job '\(job)' under `jobs:` and no run of it in \(ReportJob.displayPath(file)); "
                    + (known.isEmpty ? "the config has no jobs" : "known: \(known.joined(separator: ", "))"))
            }
            Console.error("note: job '\(job)' is no longer under `jobs:` in \(global.config); these are its recorded runs")
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
