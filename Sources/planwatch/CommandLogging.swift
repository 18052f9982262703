import Foundation
import Logging
import PlanWatchText

/// Logging for the CLI: plain lines on standard error, level from PLANWATCH_LOG (default warning),
/// so standard output carries only the report. Lines go through `Console`, masked and neutralised
/// like everything else printed: log metadata carries URLs, errors and server snippets.
enum CommandLogging {
    static func bootstrap() {
        // One variable read with getenv: `ProcessInfo.environment` builds the whole dictionary, a
        // tenth of the start-up of every command.
        let level = getenv("PLANWATCH_LOG").flatMap { Logger.Level(rawValue: String(cString: $0)) } ?? .warning
        LoggingSystem.bootstrap { label in
            var handler = ConsoleLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
    }

    static var logger: Logger { Logger(label: "planwatch") }
}

/// One line per event: `time level label: message key=value ...`.
struct ConsoleLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .warning
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let time = ISO8601DateFormatter.string(from: Date(), timeZone: .current, formatOptions: [.withInternetDateTime])
        // One event, one line: newlines inside a message or value are neutralised too.
        Console.error(ControlCharacters.neutralise("\(time) \(event.level) \(label): \(event.message)\(fields.isEmpty ? "" : " " + fields)", keepNewlines: false))
    }
}
