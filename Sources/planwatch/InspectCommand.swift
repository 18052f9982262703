import ArgumentParser
import Foundation
import PlanWatchCore
import PlanWatchFeeds

struct InspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show what a feed file or a configured source holds: dimensions, series keys, counts, and what its mapping makes of it.",
        discussion: """
        `inspect FILE --format F`: dimensions with sizes and labels, observation and missing counts, status codes.
        `inspect --source ID`: fetches the configured source (or reads its cache), lists the series keys exactly as
        `mapping.codes` expects them, then every figure the mapping produces (plan series and x. context figures),
        and what was dropped and why. Analysts use it to write a source's `mapping:`. --rows writes every cell as CSV.
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "A feed payload saved to a file (or use --source).")
    var file: String?

    @Option(help: "The feed format: \(FeedDecoders.formats.joined(separator: ", ")) (with FILE).")
    var format: String?

    @Option(help: "A configured source id: fetch it (or read its cache) and show what its mapping yields.")
    var source: String?

    @Option(help: "Refuse a FILE larger than this many bytes (default 256 MiB); raise it for a larger payload saved on purpose.")
    var maxBytes: Int = Self.defaultMaxBytes

    /// Payloads saved from the statistics offices are a few MB; the CSV benchmark's million rows about 120 MB.
    static let defaultMaxBytes = 256 << 20

    @Flag(help: "Write the summary as JSON.")
    var json = false

    @Flag(help: "Write the cells as CSV rows (dimension codes, value, status, unit, multiplier).")
    var rows = false

    func run() async throws {
        if let source {
            guard file == nil, format == nil else {
                throw CLIExit.configuration("--source reads the configured source; give either --source ID or FILE --format F, not both")
            }
            return try await inspectSource(source)
        }
        guard let file else {
            throw CLIExit.configuration("give a payload FILE with --format F, or --source ID for a configured source")
        }
        guard let format, FeedDecoders.formats.contains(format) else {
            throw CLIExit.configuration("--format: '\(format ?? "")' is not a feed format; use one of \(FeedDecoders.formats.joined(separator: ", "))")
        }
        guard maxBytes > 0 else { throw CLIExit.configuration("--max-bytes: give a positive number of bytes") }
        // The size first: a 1 GiB file was read for minutes and 8.5 GB before anything was said.
        // Of the file a link points at, not of the link.
        let size = ((try? FileManager.default.attributesOfItem(atPath: URL(fileURLWithPath: file).resolvingSymlinksInPath().path))?[.size] as? NSNumber)?.intValue
        if let size, size > maxBytes {
            throw CLIExit.failure("\(file): the file is \(size) bytes (\(String(format: "%.1f MiB", Double(size) / 1_048_576))), over the limit of \(maxBytes) bytes; pass --max-bytes \(size) if the size is expected")
        }
        // Mapped, not read: the JSON scanner reads the file in place, which spares copying it into
        // the heap (about a seventh of the time for the 86 MB benchmark file).
        guard size != nil, let data = try? Data(contentsOf: URL(fileURLWithPath: file), options: .alwaysMapped) else {
            throw CLIExit.configuration("\(file): cannot read the file")
        }
        // Every feed format is text: a NUL anywhere is binary content (zeros after valid rows were
        // once read as a 188-million-character category of ␀).
        if let nul = UTF8Check.binaryContent(in: data) {
            throw CLIExit.failure("\(file): \(nul): binary content (a NUL byte) where \(format) text was expected; save the payload itself")
        }
        let inspection: Inspection
        do {
            // The summary shows counts, not values: only --rows keeps the cells.
            inspection = try Inspection.inspect(Payload(sourceID: "inspect", data: data, location: file), format: format, keepingCells: rows)
        } catch {
            // A file is no configured source: name the file, not a pseudo source 'inspect'.
            let place = file + (error.position.map { ": \($0)" } ?? "")
            if error.kind == .provider {
                // Read and understood: the file is a provider's error answer, which holds no data.
                Console.error("warning: \(place): the file holds a provider error, not data: \(error.message); save an answer to a query the provider can serve")
                throw CLIExit.partial
            }
            throw CLIExit.failure("\(place): \(error.kind == .mapping ? "mapping error: " : "")\(error.message)")
        }
        write(inspection)
    }

    func write(_ inspection: Inspection) {
        if rows {
            inspection.writeCSV { Console.stream($0) }
        } else {
            Console.out(json ? inspection.json : inspection.text)
        }
    }

    /// A configured source as the run sees it: its outcome, the payload's series keys, and every
    /// figure its mapping yields, with the problems and warnings that say what was dropped.
    func inspectSource(_ id: String) async throws {
        let job = try global.loadJob()
        guard let config = job.config.sources.first(where: { $0.id == id }) else {
            throw CLIExit.configuration("--source: no source '\(id)'; sources: \(job.config.sources.map(\.id).joined(separator: ", "))")
        }
        let loaded = await SourceLoader(config: job.config, logger: job.logger).load(only: id)
        // The bodies this run delivered: a body holding a secret is never cached, but it is at hand
        // here, and every line printed goes through the secret mask.
        let delivered = loaded.payloads[id] ?? []
        let assessed = job.assess(loaded)
        guard let record = assessed.outcomes.first else { throw CLIExit.failure("source '\(id)' gave no record") }
        let report = SourceInspection(source: config, record: record, plan: job.plan,
                                      figures: assessed.observations + assessed.unmapped,
                                      dataDirectory: job.config.dataDirectory, problems: assessed.problems, delivered: delivered)
        if rows, let inspection = report.inspections.first {
            write(inspection)
        } else {
            Console.out(json ? report.json : report.text)
        }
        if !record.isUsable || record.isPartial || !assessed.problems.isEmpty { throw CLIExit.partial }
    }
}
