import Foundation
import PlanWatchCore
import PlanWatchFetch

/// Progress of a fetch on standard error: a bar (sources done, bytes) redrawn in place on a
/// terminal, one plain line per source otherwise (logs and CI).
final class FetchProgress: Sendable {
    let total: Int
    let isTerminal: Bool
    private let state = Locked((done: 0, bytes: 0))

    init(total: Int, isTerminal: Bool) {
        self.total = total
        self.isTerminal = isTerminal
    }

    /// nil when there is nothing to fetch.
    static func forStandardError(total: Int) -> FetchProgress? {
        total > 0 ? FetchProgress(total: total, isTerminal: isatty(2) == 1) : nil
    }

    func update(_ record: SourceRecord) {
        let (done, bytes) = state.withLock { state -> (Int, Int) in
            state.done += 1
            state.bytes += record.bytes
            return (state.done, state.bytes)
        }
        let line: String
        if isTerminal {
            let width = 24
            let filled = total > 0 ? width * done / total : width
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            line = "\r\(bar) \(done)/\(total) sources, \(Self.size(bytes))" + (done == total ? "\n" : "")
        } else {
            // A failed or stale source whose server answered 200/304: the answer was not usable.
            let unusable = (record.outcome == .failed || record.outcome == .stale) && (record.httpStatus ?? 500) < 400
            let status = record.httpStatus.map { " HTTP \($0)" + (unusable ? " answered, body not usable" : "") } ?? ""
            line = "fetch: \(record.id) \(record.outcome.rawValue)\(status), \(Self.size(record.bytes))\n"
        }
        if isTerminal {
            try? Console.raw(line, to: .standardError)  // the carriage return is the bar's own
        } else {
            Console.error(String(line.dropLast()))
        }
    }

    static func size(_ bytes: Int) -> String {
        bytes < 1024 ? "\(bytes) B" : bytes < 1 << 20 ? String(format: "%.1f KiB", Double(bytes) / 1024) : String(format: "%.1f MiB", Double(bytes) / 1_048_576)
    }
}
